/**
 * The Cedar schema of what Client VPN evaluates a connection policy over,
 * written from AWS's documentation: the one place the context's names live.
 *
 * - `context.saml.memberOf`: the SAML `memberOf` attribute, which the
 *   IAM Identity Center application maps to the user's group IDs (the
 *   article's attribute mapping). The endpoint authenticates with SAML only,
 *   so `saml` is always there; `active-directory` and `mutual-authentication`
 *   are not (a policy that reads them is an error).
 *   https://docs.aws.amazon.com/vpn/latest/clientvpn-admin/device-posture-policies-cedar.html
 * - `context.connection.*`: "always available". AWS lists it in prose only
 *   (endpoint ID, connection ID, platform, platform version, public IP, the
 *   client's OpenVPN version and the AWS provided client's version); the
 *   names are those of the client connect handler's documented request,
 *   Strings as there. Shadow mode with the evaluation context in the logs
 *   (turned on with a policy) shows the names AWS sends: README's rollout
 *   says to read them before enforcing.
 *   https://docs.aws.amazon.com/vpn/latest/clientvpn-admin/device-posture-step2.html
 *   https://docs.aws.amazon.com/vpn/latest/clientvpn-admin/connection-authorization.html
 * - `context.crowdstrike`, `context.jamf`, `context.jumpcloud`: the trust
 *   data tables of each provider. A namespace exists only when its provider
 *   is configured on the endpoint AND the device sent a valid token, so each
 *   is optional: a policy must test `context has jamf` before reading it,
 *   because reading an absent attribute is an `error`, which Client VPN
 *   enforces as a deny. The fields each table marks as the provider's
 *   signal are required in it, the identifiers optional.
 *   https://docs.aws.amazon.com/vpn/latest/clientvpn-admin/device-posture-policies-considerations.html
 *   https://docs.aws.amazon.com/vpn/latest/clientvpn-admin/device-posture-trust-data-crowdstrike.html
 *   https://docs.aws.amazon.com/vpn/latest/clientvpn-admin/device-posture-trust-data-jamf.html
 *   https://docs.aws.amazon.com/vpn/latest/clientvpn-admin/device-posture-trust-data-jumpcloud.html
 *
 * AWS publishes no entity types: every statement is
 * `permit(principal, action, resource)` over the context. The principal,
 * action and resource types below exist only so that the engine can
 * validate; a policy that names them is refused (checks.ts).
 */
import { REQUEST } from './engine';

/** The trust provider types Client VPN accepts (TrustProviderType), which are also their context namespaces. */
export type TrustProviderType = 'crowdstrike' | 'jamf' | 'jumpcloud';

/** The attributes of `context.connection`, by what they hold. */
export const CONNECTION = {
  endpointId: 'endpoint-id',
  connectionId: 'connection-id',
  platform: 'platform',
  platformVersion: 'platform-version',
  publicIp: 'public-ip',
  openVpnVersion: 'client-openvpn-version',
  awsClientVersion: 'aws-client-version',
} as const;

const PROVIDER_RECORDS: Record<TrustProviderType, string> = {
  crowdstrike: `{
    assessment: { overall: Long, os: Long, sensor_config: Long, version?: String },
    cid?: String,
    platform?: String,
    serial_number?: String,
  }`,
  jamf: `{
    risk: String,
    groups?: Set<String>,
    osv?: String,
  }`,
  jumpcloud: `{
    device: { is_managed: Bool },
    org_id?: String,
    system?: String,
    durt_id?: String,
  }`,
};

/** Every trust provider type, in the order AWS lists them. */
export const TRUST_PROVIDER_TYPES = Object.keys(PROVIDER_RECORDS) as TrustProviderType[];

const [namespace, principal] = REQUEST.principal.type.split('::');

/** The Cedar schema for an endpoint with these trust providers (only their namespaces exist). */
export function contextSchema(providers: readonly TrustProviderType[]): string {
  const connection = Object.values(CONNECTION).map((name) => `        "${name}": String,`).join('\n');
  const posture = configured(providers)
    .map((type) => `      ${type}?: ${PROVIDER_RECORDS[type].replace(/\n/g, '\n      ')},`).join('\n');
  return `namespace ${namespace} {
  entity ${principal};
  entity ${REQUEST.resource.type.split('::')[1]};
  action "${REQUEST.action.id}" appliesTo {
    principal: ${principal},
    resource: ${REQUEST.resource.type.split('::')[1]},
    context: {
      saml: { memberOf: Set<String> },
      connection: {
${connection}
      },
${posture}
    },
  };
}
`;
}

/** The context namespaces a policy may read with these providers, for partial evaluation. */
export function contextNamespaces(providers: readonly TrustProviderType[]): string[] {
  return ['saml', 'connection', ...configured(providers)];
}

/** The endpoint's trust provider types, in the schema's order. */
function configured(providers: readonly TrustProviderType[]): TrustProviderType[] {
  return TRUST_PROVIDER_TYPES.filter((type) => providers.includes(type));
}
