import { CfnOutput, Fn, Stack } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { ClientVpnSamlApplication } from './saml-application';

export interface BastionOutputValues {
  readonly endpointId: string;
  readonly serverPrivateIp: string;
  readonly egressIps: string[];
  /** Whether the self-service portal is on (the endpoint L2 adds the portal URL output itself). */
  readonly selfServicePortal: boolean;
}

/**
 * The stack outputs a person needs after `cdk deploy`: what to export, what
 * to connect to, and the values of the one manual step (the SAML application).
 * Output ids are part of the contract: the GitHub Action reads them.
 */
export function addBastionOutputs(scope: Construct, values: BastionOutputValues): void {
  const region = Stack.of(scope).region;

  new CfnOutput(scope, 'EndpointId', {
    description: 'The ID of the Client VPN endpoint',
    value: values.endpointId,
  });
  new CfnOutput(scope, 'ServerPrivateIp', {
    description: 'The private IP address of the SSH server (reachable only through the VPN)',
    value: values.serverPrivateIp,
  });
  if (values.egressIps.length > 0) {
    new CfnOutput(scope, 'EgressIps', {
      description: 'The fixed public IPs (NAT gateway Elastic IPs) that VPN clients reach the internet from, comma-separated',
      value: Fn.join(',', values.egressIps),
    });
  }
  new CfnOutput(scope, 'ExportClientConfigurationCommand', {
    description: 'Run this to download the client configuration (.ovpn) for AWS VPN Client',
    value: `aws ec2 export-client-vpn-client-configuration --region ${region} --client-vpn-endpoint-id ${values.endpointId} --output text > client-config.ovpn`,
  });
  // The SSH commands are in instance-connect.ts.
  new CfnOutput(scope, 'SamlApplicationAcsUrl', {
    description: 'IAM Identity Center SAML application: the application ACS URL to enter',
    value: ClientVpnSamlApplication.ACS_URL,
  });
  new CfnOutput(scope, 'SamlApplicationAudience', {
    description: 'IAM Identity Center SAML application: the application SAML audience to enter',
    value: ClientVpnSamlApplication.AUDIENCE,
  });
  if (values.selfServicePortal) {
    new CfnOutput(scope, 'SelfServiceSamlApplicationAcsUrl', {
      description: 'IAM Identity Center self-service SAML application: the application ACS URL to enter',
      value: ClientVpnSamlApplication.SELF_SERVICE_ACS_URL,
    });
  }
}
