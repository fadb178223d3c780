/**
 * The server image pin's contract, shared by the construct (src/server/image.ts),
 * its handler (image-pin.lambda.ts) and the GitHub Action's diff, which must know
 * that a new `Revision` gives the pin a new physical ID (the image ID), and so
 * replaces the server.
 */

/** The pin's CloudFormation type. */
export const IMAGE_PIN_TYPE = 'Custom::SsoClientVpnBastionImagePin';

/** The properties the construct gives the pin. */
export interface ImagePinProperties {
  /** The image the lookup found (changes whenever the lookup runs again). */
  readonly Candidate: string;
  /** Changing it moves the server to the candidate. */
  readonly Revision: string;
}
