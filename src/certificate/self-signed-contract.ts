/** The self-signed certificate's CloudFormation type. */
export const SELF_SIGNED_CERTIFICATE_TYPE = 'Custom::SelfSignedServerCertificate';

/**
 * The custom resource's properties, shared by the construct that writes them
 * and the handlers that read them. CloudFormation passes numbers as strings.
 */
export interface SelfSignedCertificateProperties {
  readonly CommonName: string;
  readonly CaCommonName: string;
  readonly CaValidityDays: string;
  readonly ServerValidityDays: string;
  readonly KeySize: string;
  /** The value of OWNER_TAG_KEY on every certificate the handler imports: the UUID part of the stack ID. */
  readonly Owner: string;
}

/** The tag that marks certificates as this stack's; the handlers' IAM policy is scoped to it. */
export const OWNER_TAG_KEY = 'sso-client-vpn-bastion:stack-id';

/** The properties that define the certificate; a change to any of them issues a new one. */
export const CERTIFICATE_DEFINING_PROPERTIES: ReadonlyArray<keyof SelfSignedCertificateProperties> = [
  'CommonName', 'CaCommonName', 'CaValidityDays', 'ServerValidityDays', 'KeySize',
];

/** An ACM certificate ARN, as opposed to the request ID CloudFormation uses after a failed create. */
export const ACM_CERTIFICATE_ARN = /^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[A-Za-z0-9-]+$/;
