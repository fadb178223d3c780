/**
 * Changes to who may connect that replace nothing and still lock people out:
 * the endpoint's connection policy (AuthorizationPolicy), its device
 * posture and its client connect handler all update in place, so the
 * replacement diff cannot see them. Client VPN disconnects every active
 * session when an enforced policy is added or changed, or when shadow mode
 * is turned off, and from then on refuses the connections the policy does
 * not permit.
 * https://docs.aws.amazon.com/vpn/latest/clientvpn-admin/device-posture-step4.html
 *
 * The one source of what the diff, the pull request comment and the deploy
 * guard say about them.
 */
import type { CfnTemplateJson, TemplateResource } from './destructive-changes';

const ENDPOINT = 'AWS::EC2::ClientVpnEndpoint';

/** One change to an endpoint that can lock people out. */
export interface AccessChange {
  readonly logicalId: string;
  /** What changes, in words. */
  readonly change: string;
  /** What it does to the people connecting. */
  readonly consequence: string;
}

interface Access {
  readonly policy?: string;
  readonly enforced: boolean;
  readonly posture: string;
  readonly handler?: string;
}

function accessOf(resource: TemplateResource | undefined): Access | undefined {
  if (resource?.Type !== ENDPOINT) {
    return undefined;
  }
  const policy = resource.Properties?.AuthorizationPolicy;
  const handler = resource.Properties?.ClientConnectOptions;
  return {
    policy: policy?.PolicyDocument === undefined ? undefined : JSON.stringify(policy.PolicyDocument),
    // ShadowMode defaults to disabled: a policy without it is enforced.
    enforced: policy !== undefined && policy.ShadowMode !== 'enabled',
    posture: JSON.stringify(resource.Properties?.DevicePostureOptions ?? null),
    handler: handler?.Enabled === true ? JSON.stringify(handler.LambdaFunctionArn) : undefined,
  };
}

const DISCONNECTS = 'Client VPN disconnects every active session';

/** What deploying `to` over `from` changes in who may connect to each endpoint, in logical ID order. */
export function accessChanges(from: CfnTemplateJson, to: CfnTemplateJson): AccessChange[] {
  const changes: AccessChange[] = [];
  for (const [logicalId, resource] of Object.entries(to.Resources ?? {}).sort(([a], [b]) => a.localeCompare(b))) {
    const after = accessOf(resource);
    const before = accessOf(from.Resources?.[logicalId]);
    if (!after || !before) {
      // A new endpoint has no sessions to drop, and nobody connects to a removed one.
      continue;
    }
    if (after.enforced && !before.enforced) {
      changes.push(before.policy === undefined
        ? { logicalId, change: 'an enforced connection policy is added', consequence: `${DISCONNECTS}; from then on only the connections the policy permits get in` }
        : { logicalId, change: 'the connection policy moves from shadow mode to enforced', consequence: `${DISCONNECTS}; the connections the shadow decisions denied are refused from then on` });
    } else if (after.enforced && after.policy !== before.policy) {
      changes.push({ logicalId, change: 'the enforced connection policy changes', consequence: `${DISCONNECTS}; connections the new policy does not permit are refused` });
    }
    if (after.enforced && after.posture !== before.posture) {
      changes.push({
        logicalId,
        change: 'the device trust providers change under an enforced policy',
        consequence: 'devices whose provider is removed no longer have its posture, and a policy that reads it denies them',
      });
    }
    if (after.handler !== undefined && after.handler !== before.handler) {
      changes.push({
        logicalId,
        change: before.handler === undefined ? 'a client connect handler is added' : 'the client connect handler changes',
        consequence: 'every new connection waits for the function, and is refused when it denies, fails, is throttled or takes over 30 seconds',
      });
    }
  }
  return changes;
}
