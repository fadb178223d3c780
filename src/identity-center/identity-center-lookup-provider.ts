import { Duration, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { acknowledgeProviderFindings, acknowledgeStarResource } from '../rule-acknowledgements';
import { stackSingleton } from '../stack-singleton';
import { IdentityCenterLookupFunction } from './identity-center-lookup-function';

const PROVIDER_ID = 'SsoClientVpnBastionIdentityCenterLookupProvider';

/**
 * The custom resource provider that reads IAM Identity Center at deploy time:
 * one per stack, read-only.
 */
export class IdentityCenterLookupProvider extends Construct {
  /** Returns the stack's provider, creating it on first use. */
  public static of(scope: Construct): IdentityCenterLookupProvider {
    return stackSingleton(scope, PROVIDER_ID, (stack, id) => new IdentityCenterLookupProvider(stack, id));
  }

  public readonly serviceToken: string;

  private constructor(scope: Construct, id: string) {
    super(scope, id);
    const stack = Stack.of(this);

    const onEvent = new IdentityCenterLookupFunction(this, 'Lookup', {
      description: 'Finds the IAM Identity Center instance and resolves group names to group IDs',
      timeout: Duration.minutes(1),
    });
    // ListInstances has no resource-level permissions.
    onEvent.addToRolePolicy(new iam.PolicyStatement({
      actions: ['sso:ListInstances'],
      resources: ['*'],
    }));
    // GetGroupId reads one identity store's groups, nothing else.
    onEvent.addToRolePolicy(new iam.PolicyStatement({
      actions: ['identitystore:GetGroupId'],
      resources: [
        `arn:${stack.partition}:identitystore::${stack.account}:identitystore/*`,
        `arn:${stack.partition}:identitystore:::group/*`,
      ],
    }));

    const provider = new cr.Provider(this, 'Provider', { onEventHandler: onEvent });
    this.serviceToken = provider.serviceToken;

    acknowledgeStarResource(onEvent, 'sso:ListInstances has no resource-level permissions: * is the only resource it accepts, and it only reads.');
    acknowledgeProviderFindings(this, provider);
  }
}
