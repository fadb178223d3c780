import { CERTIFICATE_DEFINING_PROPERTIES, SELF_SIGNED_CERTIFICATE_TYPE } from './certificate/self-signed-contract';
import { SERVER_OS_USER } from './outputs';
import { SWITCH_METADATA_KEY, SWITCHED_ON } from './schedule/switch-contract';
import { IMAGE_PIN_TYPE } from './server/image-pin-contract';

/** Custom resources whose handler answers a change of these properties with a new physical ID. */
const REPLACING_PROPERTIES: Record<string, readonly string[]> = {
  [SELF_SIGNED_CERTIFICATE_TYPE]: CERTIFICATE_DEFINING_PROPERTIES,
  // A new revision pins the lookup's newest image (the physical ID is the image ID), which replaces the server.
  [IMAGE_PIN_TYPE]: ['Revision'],
};

/**
 * What tools built around a bastion (such as the project's GitHub Action)
 * may rely on in its synthesized template and its switch, besides the stack
 * outputs (`BastionOutputIds`).
 */
export class BastionTooling {
  /** The metadata key, on the off-hours switch's function, of its `SwitchMetadata`. */
  public static readonly SWITCH_METADATA_KEY = SWITCH_METADATA_KEY;

  /**
   * The payload that switches the bastion on when its switch function (the
   * `SwitchFunctionName` output) is invoked with it.
   */
  public static readonly SWITCH_ON_PAYLOAD = JSON.stringify({ mode: SWITCHED_ON });

  /** The CloudFormation type of the custom resource that pins the server's image. */
  public static readonly IMAGE_PIN_TYPE = IMAGE_PIN_TYPE;

  /** The OS user of the server that EC2 Instance Connect pushes keys for. */
  public static readonly SERVER_LOGIN_USER = SERVER_OS_USER;

  /**
   * The properties of one of the bastion's custom resources whose change makes
   * its handler return a new physical ID, which CloudFormation treats as a
   * replacement (a template diff cannot know it from a schema).
   *
   * @param resourceType a CloudFormation resource type, such as 'Custom::SelfSignedServerCertificate'
   * @returns the properties, or none for any other type
   */
  public static replacingProperties(resourceType: string): string[] {
    return [...(REPLACING_PROPERTIES[resourceType] ?? [])];
  }

  private constructor() {}
}
