/**
 * The values that the IAM Identity Center custom SAML 2.0 application for
 * Client VPN must use. AWS offers no API to create that application, so these
 * are typed in by hand in the IAM Identity Center console.
 *
 * @see https://docs.aws.amazon.com/vpn/latest/clientvpn-admin/federated-authentication.html
 */
export class ClientVpnSamlApplication {
  /**
   * The application ACS (assertion consumer service) URL: the AWS VPN Client
   * listens on this loopback address for the SAML response after the browser sign-in.
   */
  public static readonly ACS_URL = 'http://127.0.0.1:35001';

  /** The application SAML audience. */
  public static readonly AUDIENCE = 'urn:amazon:webservices:clientvpn';

  /** The ACS URL of the second application that the self-service portal needs. */
  public static readonly SELF_SERVICE_ACS_URL = 'https://self-service.clientvpn.amazonaws.com/api/auth/sso/saml';

  private constructor() {}
}
