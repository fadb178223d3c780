import { Token } from 'aws-cdk-lib';
import type { TrustProviderType } from './schema';
import { propError } from '../core/errors';

/**
 * Options of a device trust provider that signs its tokens with a public key
 * at a URL (CrowdStrike, JumpCloud).
 */
export interface SignedTrustProviderOptions {
  /**
   * Your tenant with the provider (CrowdStrike: the customer ID, CID;
   * JumpCloud: the organization ID).
   */
  readonly tenantId: string;

  /**
   * The HTTPS URL of the provider's public signing key (JWKS), with which
   * Client VPN verifies each device's token. AWS's example for CrowdStrike:
   * `https://assets-public.falcon.crowdstrike.com/zta/jwk.json`.
   */
  readonly publicSigningKeyUrl: string;
}

/** Options of a Jamf trust provider. */
export interface JamfTrustProviderOptions {
  /** Your Jamf tenant ID. */
  readonly tenantId: string;
}

/**
 * A device trust provider whose posture token the AWS provided client (6.2.0
 * or later) sends when it connects, and again every 5 minutes: its signals
 * become `context.<provider>` in the connection policy. Devices also need the
 * provider's agent, and a client configuration with the
 * `aws-auth-device-posture <provider>` line (README's device posture section).
 *
 * @see https://docs.aws.amazon.com/vpn/latest/clientvpn-admin/device-posture-providers.html
 */
export class DeviceTrustProvider {
  /**
   * CrowdStrike Falcon Zero Trust Assessment (macOS and Windows):
   * `context.crowdstrike.assessment.overall`, `.os` and `.sensor_config`,
   * scores from 1 to 100.
   *
   * @param options the tenant and the signing key URL
   */
  public static crowdStrike(options: SignedTrustProviderOptions): DeviceTrustProvider {
    return new DeviceTrustProvider('crowdstrike', options.tenantId, signingKeyUrl('crowdStrike', options.publicSigningKeyUrl));
  }

  /**
   * Jamf (macOS): `context.jamf.risk`, one of HIGH, MEDIUM, LOW, SECURE and
   * NOT_APPLICABLE; `context.jamf.groups` and `context.jamf.osv`. Jamf needs
   * no signing key URL.
   *
   * @param options the tenant
   */
  public static jamf(options: JamfTrustProviderOptions): DeviceTrustProvider {
    return new DeviceTrustProvider('jamf', options.tenantId);
  }

  /**
   * JumpCloud (macOS, Windows and Ubuntu): `context.jumpcloud.device.is_managed`.
   *
   * @param options the tenant and the signing key URL
   */
  public static jumpCloud(options: SignedTrustProviderOptions): DeviceTrustProvider {
    return new DeviceTrustProvider('jumpcloud', options.tenantId, signingKeyUrl('jumpCloud', options.publicSigningKeyUrl));
  }

  /** The provider's type, as Client VPN names it (`crowdstrike`, `jamf`, `jumpcloud`), and its context namespace. */
  public readonly providerType: string;

  private constructor(
    type: TrustProviderType,
    private readonly tenantId: string,
    private readonly publicSigningKeyUrl?: string,
  ) {
    if (!Token.isUnresolved(tenantId) && tenantId.trim() === '') {
      throw propError(`devicePosture ${type} tenantId`, tenantId, 'is empty; give your tenant ID with the provider');
    }
    this.providerType = type;
  }

  /** @internal the provider's type, typed */
  public get _type(): TrustProviderType {
    return this.providerType as TrustProviderType;
  }

  /** @internal the CloudFormation DevicePostureTrustProvider */
  public _toCloudFormation(): Record<string, string> {
    return {
      TrustProviderType: this.providerType,
      TenantId: this.tenantId,
      ...(this.publicSigningKeyUrl !== undefined ? { PublicSigningKeyUrl: this.publicSigningKeyUrl } : {}),
    };
  }
}

/**
 * Client VPN requires a public HTTPS host for the key (it fetches the key
 * itself): an IP address or localhost is refused at deploy time, so here.
 */
function signingKeyUrl(factory: string, url: string): string {
  if (Token.isUnresolved(url)) {
    return url;
  }
  const prop = `DeviceTrustProvider.${factory} publicSigningKeyUrl`;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw propError(prop, url, 'is not a URL; give the HTTPS URL of the provider\'s public signing key (JWKS)');
  }
  if (parsed.protocol !== 'https:') {
    throw propError(prop, url, 'is not an HTTPS URL; Client VPN fetches the signing key over HTTPS only');
  }
  if (parsed.hostname === 'localhost' || /^[\d.]+$/.test(parsed.hostname) || parsed.hostname.startsWith('[')) {
    throw propError(prop, url, 'names localhost or an IP address; Client VPN needs a public host name');
  }
  return url;
}
