import * as ec2 from 'aws-cdk-lib/aws-ec2';

/**
 * Endpoint settings that Client VPN has and aws-cdk-lib's ClientVpnEndpoint
 * does not pass, set on its L1 (both are update-in-place properties of
 * AWS::EC2::ClientVpnEndpoint: changing them replaces nothing).
 */
export interface EndpointOptions {
  readonly disconnectOnSessionTimeout: boolean;
  readonly clientRouteEnforcement: boolean;
}

export function applyEndpointOptions(endpoint: ec2.ClientVpnEndpoint, options: EndpointOptions): void {
  const cfn = endpoint.node.defaultChild as ec2.CfnClientVpnEndpoint;
  cfn.disconnectOnSessionTimeout = options.disconnectOnSessionTimeout;
  cfn.clientRouteEnforcementOptions = { enforced: options.clientRouteEnforcement };
}
