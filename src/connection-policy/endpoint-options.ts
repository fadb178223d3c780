import { Annotations } from 'aws-cdk-lib';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import type { CheckedConnectionPolicy } from './checks';
import type { ConnectionPolicyMode } from './policy';
import type { DeviceTrustProvider } from './trust-provider';

/**
 * The connection policy, device posture and the logging of decisions, on the
 * endpoint's L1 by property override: aws-cdk-lib has these properties only
 * from 2.275.0, and the override writes the same CloudFormation on every
 * version from the construct's floor up (CloudFormation reads the template,
 * not the CDK's types). All three are update-in-place properties of
 * AWS::EC2::ClientVpnEndpoint ("No interruption").
 *
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-ec2-clientvpnendpoint-authorizationpolicy.html
 */
export function applyConnectionPolicy(endpoint: ec2.ClientVpnEndpoint, options: {
  readonly policy?: CheckedConnectionPolicy;
  readonly mode: ConnectionPolicyMode;
  readonly devicePosture: readonly DeviceTrustProvider[];
}): void {
  const cfn = endpoint.node.defaultChild as ec2.CfnClientVpnEndpoint;
  if (options.policy) {
    cfn.addPropertyOverride('AuthorizationPolicy', {
      PolicyDocument: options.policy.text,
      ShadowMode: options.mode.shadowMode,
      Description: `Who may connect (${options.mode.shadowMode === 'enabled' ? 'shadow: logged, not enforced' : 'enforced'}); sso-client-vpn-bastion`,
    });
    // Each decision's whole context in the connection log: what a denial was about, and the names AWS gives the attributes.
    cfn.addPropertyOverride('ConnectionLogOptions.IncludeAuthorizationPolicyContext', true);
  }
  if (options.devicePosture.length > 0) {
    if (!options.policy) {
      Annotations.of(endpoint).addWarningV2('sso-client-vpn-bastion:devicePostureWithoutPolicy',
        'devicePosture is set without connectionPolicy: devices send their posture tokens, and nothing decides on them. Add a connectionPolicy (in shadow mode first).');
    }
    cfn.addPropertyOverride('DevicePostureOptions', {
      Enabled: true,
      TrustProviders: options.devicePosture.map((provider) => provider._toCloudFormation()),
    });
  }
}
