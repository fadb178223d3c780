import { Duration, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { LookupFunction } from './lookup-function';
import { createLogGroup } from '../core/handler-logs';
import type { HandlerLogging } from '../core/handler-logs';
import { acknowledgeProviderFindings, acknowledgeStarResource } from '../core/rule-acknowledgements';
import { stackSingleton } from '../core/stack-singleton';

const PROVIDER_ID = 'SsoClientVpnBastionIdentityCenterLookupProvider';

/**
 * The custom resource provider that reads IAM Identity Center at deploy time:
 * one per stack, read-only.
 */
export class IdentityCenterLookupProvider extends Construct {
  /**
   * Returns the stack's provider, creating it on first use.
   *
   * @param logging how the provider's log groups are kept. The provider is
   * shared, so the first bastion of the stack that creates it decides; later
   * calls get it as it is.
   */
  public static of(scope: Construct, logging: HandlerLogging): IdentityCenterLookupProvider {
    return stackSingleton(scope, PROVIDER_ID, (stack, id) => new IdentityCenterLookupProvider(stack, id, logging));
  }

  public readonly serviceToken: string;

  private constructor(scope: Construct, id: string, logging: HandlerLogging) {
    super(scope, id);
    const stack = Stack.of(this);

    const onEvent = new LookupFunction(this, 'Lookup', {
      description: 'Finds the IAM Identity Center instance and resolves group names to group IDs',
      timeout: Duration.minutes(1),
      logGroup: createLogGroup(this, 'LookupLogs', logging),
    });
    // ListInstances has no resource-level permissions.
    onEvent.addToRolePolicy(new iam.PolicyStatement({
      actions: ['sso:ListInstances'],
      resources: ['*'],
    }));
    // GetGroupId reads one identity store's groups, nothing else. The
    // identity store belongs to the organization's management account, which
    // is not this stack's account when it is deployed from a delegated
    // administrator: its account is not known before deploy time, hence `*`.
    onEvent.addToRolePolicy(new iam.PolicyStatement({
      actions: ['identitystore:GetGroupId'],
      resources: [
        `arn:${stack.partition}:identitystore::*:identitystore/*`,
        `arn:${stack.partition}:identitystore:::group/*`,
      ],
    }));

    const provider = new cr.Provider(this, 'Provider', {
      onEventHandler: onEvent,
      logGroup: createLogGroup(this, 'FrameworkLogs', logging),
    });
    this.serviceToken = provider.serviceToken;

    acknowledgeStarResource(onEvent.role!, 'sso:ListInstances has no resource-level permissions: * is the only resource it accepts, and it only reads.');
    acknowledgeProviderFindings(this, provider);
  }
}
