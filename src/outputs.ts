import { CfnOutput, Fn, Stack } from 'aws-cdk-lib';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import type { Construct } from 'constructs';
import { ClientVpnSamlApplication } from './endpoint/saml-application';

/**
 * The IDs of the stack outputs an `SsoClientVpnBastion` adds, next to its own
 * construct ID.
 *
 * CloudFormation names each output after the bastion's construct path, this
 * ID and an 8-character hash (for a bastion `Bastion` in a stack:
 * `BastionEndpointId1A2B3C4D`). The GitHub Action finds the outputs by these
 * IDs, and so can your own tools.
 */
export class BastionOutputIds {
  /** The ID of the Client VPN endpoint. */
  public static readonly ENDPOINT_ID = 'EndpointId';
  /** The private IP address of the SSH server. */
  public static readonly SERVER_PRIVATE_IP = 'ServerPrivateIp';
  /** The instance ID of the SSH server. */
  public static readonly SERVER_INSTANCE_ID = 'ServerInstanceId';
  /** The NAT gateways' Elastic IPs, comma-separated (only when the construct made them). */
  public static readonly EGRESS_IPS = 'EgressIps';
  /** The command that downloads the client configuration (.ovpn). */
  public static readonly EXPORT_CLIENT_CONFIGURATION_COMMAND = 'ExportClientConfigurationCommand';
  /** The EC2 Instance Connect SSH command (AWS CLI v2). */
  public static readonly SSH_COMMAND = 'SshCommand';
  /** The send-ssh-public-key + ssh pair, for other SSH clients. */
  public static readonly SEND_SSH_PUBLIC_KEY_COMMAND = 'SendSshPublicKeyCommand';
  /** The managed policy that allows EC2 Instance Connect to the server. */
  public static readonly INSTANCE_CONNECT_POLICY_ARN = 'InstanceConnectPolicyArn';
  /** The command that saves the shared key pair's private key (only with `ServerKeyPair.generate()`). */
  public static readonly SERVER_PRIVATE_KEY_COMMAND = 'GetServerPrivateKeyCommand';
  /** The ssh command with the shared key pair (only with a shared key pair). */
  public static readonly SSH_WITH_KEY_PAIR_COMMAND = 'SshWithKeyPairCommand';
  /** The ACS URL to enter in the IAM Identity Center SAML application. */
  public static readonly SAML_APPLICATION_ACS_URL = 'SamlApplicationAcsUrl';
  /** The audience to enter in the IAM Identity Center SAML application. */
  public static readonly SAML_APPLICATION_AUDIENCE = 'SamlApplicationAudience';
  /** The ACS URL of the self-service portal's SAML application (only with the portal). */
  public static readonly SELF_SERVICE_SAML_APPLICATION_ACS_URL = 'SelfServiceSamlApplicationAcsUrl';
  /** The URL of the CloudWatch dashboard. */
  public static readonly DASHBOARD_URL = 'DashboardUrl';
  /** The off-hours switch function (only with a schedule). */
  public static readonly SWITCH_FUNCTION_NAME = 'SwitchFunctionName';
  /** The command that switches the bastion on (only with a schedule). */
  public static readonly SWITCH_ON_COMMAND = 'SwitchOnCommand';
  /** The command that switches the bastion off (only with a schedule). */
  public static readonly SWITCH_OFF_COMMAND = 'SwitchOffCommand';
  /** The managed policy that allows switching on and nothing else (only with a schedule). */
  public static readonly SWITCH_ON_POLICY_ARN = 'SwitchOnPolicyArn';
  /** The client CIDR, which servers behind the Transit Gateway must admit (only with `transitGateway`). */
  public static readonly CLIENT_CIDR = 'ClientCidr';
  /** The bastion VPC's Transit Gateway attachment (only with `transitGateway`). */
  public static readonly TRANSIT_GATEWAY_VPC_ATTACHMENT_ID = 'TransitGatewayVpcAttachmentId';
}

/** The login user of Amazon Linux, the only OS user pushed keys are for. */
export const SERVER_OS_USER = 'ec2-user';

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
 * Every output of the construct is made in this file, under an ID of
 * `BastionOutputIds`: the GitHub Action reads them.
 */
export function addBastionOutputs(scope: Construct, values: BastionOutputValues): void {
  const region = Stack.of(scope).region;

  new CfnOutput(scope, BastionOutputIds.ENDPOINT_ID, {
    description: 'The ID of the Client VPN endpoint',
    value: values.endpointId,
  });
  new CfnOutput(scope, BastionOutputIds.SERVER_PRIVATE_IP, {
    description: 'The private IP address of the SSH server (reachable only through the VPN)',
    value: values.serverPrivateIp,
  });
  if (values.egressIps.length > 0) {
    new CfnOutput(scope, BastionOutputIds.EGRESS_IPS, {
      description: 'The fixed public IPs (NAT gateway Elastic IPs) that VPN clients reach the internet from, comma-separated',
      value: Fn.join(',', values.egressIps),
    });
  }
  new CfnOutput(scope, BastionOutputIds.EXPORT_CLIENT_CONFIGURATION_COMMAND, {
    description: 'Run this to download the client configuration (.ovpn) for AWS VPN Client',
    value: `aws ec2 export-client-vpn-client-configuration --region ${region} --client-vpn-endpoint-id ${values.endpointId} --output text > client-config.ovpn`,
  });
  new CfnOutput(scope, BastionOutputIds.SAML_APPLICATION_ACS_URL, {
    description: 'IAM Identity Center SAML application: the application ACS URL to enter',
    value: ClientVpnSamlApplication.ACS_URL,
  });
  new CfnOutput(scope, BastionOutputIds.SAML_APPLICATION_AUDIENCE, {
    description: 'IAM Identity Center SAML application: the application SAML audience to enter',
    value: ClientVpnSamlApplication.AUDIENCE,
  });
  if (values.selfServicePortal) {
    new CfnOutput(scope, BastionOutputIds.SELF_SERVICE_SAML_APPLICATION_ACS_URL, {
      description: 'IAM Identity Center self-service SAML application: the application ACS URL to enter',
      value: ClientVpnSamlApplication.SELF_SERVICE_ACS_URL,
    });
  }
}

/** What the SSH outputs name. */
export interface SshOutputValues {
  readonly instanceId: string;
  readonly serverPrivateIp: string;
  readonly instanceConnectPolicyArn: string;
  /** Set when the server accepts a shared key pair. */
  readonly keyPair?: ec2.IKeyPair;
  /** Set when the construct made the key pair (its private key is then in SSM). */
  readonly generatedKeyPairId?: string;
}

/** The commands to SSH to the server: EC2 Instance Connect first, then the shared key pair when there is one. */
export function addSshOutputs(scope: Construct, values: SshOutputValues): void {
  const region = Stack.of(scope).region;
  new CfnOutput(scope, BastionOutputIds.SERVER_INSTANCE_ID, {
    description: 'The instance ID of the SSH server',
    value: values.instanceId,
  });
  new CfnOutput(scope, BastionOutputIds.SSH_COMMAND, {
    description: 'Run this while connected to the VPN to log in with your own short-lived key (EC2 Instance Connect, AWS CLI v2)',
    value: `aws ec2-instance-connect ssh --region ${region} --instance-id ${values.instanceId} --os-user ${SERVER_OS_USER} --connection-type direct`,
  });
  new CfnOutput(scope, BastionOutputIds.SEND_SSH_PUBLIC_KEY_COMMAND, {
    description: 'For other SSH clients: push your public key (valid 60 seconds), then ssh with its private key while connected to the VPN',
    value: `aws ec2-instance-connect send-ssh-public-key --region ${region} --instance-id ${values.instanceId} --instance-os-user ${SERVER_OS_USER} ` +
      `--ssh-public-key file://$HOME/.ssh/id_ed25519.pub && ssh -i $HOME/.ssh/id_ed25519 ${SERVER_OS_USER}@${values.serverPrivateIp}`,
  });
  new CfnOutput(scope, BastionOutputIds.INSTANCE_CONNECT_POLICY_ARN, {
    description: 'A managed policy that allows SSH to the server with EC2 Instance Connect and nothing else: attach it to whoever may log in',
    value: values.instanceConnectPolicyArn,
  });
  if (values.generatedKeyPairId !== undefined) {
    new CfnOutput(scope, BastionOutputIds.SERVER_PRIVATE_KEY_COMMAND, {
      description: 'Run this to save the shared SSH private key of the server (kept in SSM Parameter Store) as server-key.pem',
      value: `aws ssm get-parameter --region ${region} --name /ec2/keypair/${values.generatedKeyPairId} --with-decryption --query Parameter.Value --output text > server-key.pem && chmod 600 server-key.pem`,
    });
  }
  if (values.keyPair !== undefined) {
    const keyFile = values.generatedKeyPairId !== undefined ? 'server-key.pem' : `<private key of ${values.keyPair.keyPairName}>`;
    new CfnOutput(scope, BastionOutputIds.SSH_WITH_KEY_PAIR_COMMAND, {
      description: 'Run this while connected to the VPN to log in with the shared key pair',
      value: `ssh -i ${keyFile} ${SERVER_OS_USER}@${values.serverPrivateIp}`,
    });
  }
}

/** The console URL of the connection dashboard. */
export function addDashboardOutput(scope: Construct, dashboardName: string): void {
  const region = Stack.of(scope).region;
  new CfnOutput(scope, BastionOutputIds.DASHBOARD_URL, {
    description: 'The CloudWatch dashboard of the VPN: connections, failed sign-ins, bytes, sessions',
    value: `https://console.aws.amazon.com/cloudwatch/home?region=${region}#dashboards/dashboard/${dashboardName}`,
  });
}

export interface SwitchOutputValues {
  readonly switchFunctionName: string;
  readonly wakeFunctionName: string;
  readonly switchOnPolicyArn: string;
}

/** The off-hours switch: its function, the commands that switch, and the policy for waking it. */
export function addSwitchOutputs(scope: Construct, values: SwitchOutputValues): void {
  const region = Stack.of(scope).region;
  const payload = (mode: string) => `--cli-binary-format raw-in-base64-out --payload '{"mode":"${mode}"}'`;
  new CfnOutput(scope, BastionOutputIds.SWITCH_FUNCTION_NAME, {
    description: 'The off-hours switch: invoke it asynchronously with {"mode":"on"} or {"mode":"off"}',
    value: values.switchFunctionName,
  });
  new CfnOutput(scope, BastionOutputIds.SWITCH_ON_COMMAND, {
    description: 'Run this to switch the bastion on; it waits until the VPN is usable (5 to 15 minutes) and prints what was done, ' +
      'or the reason it failed (with "FunctionError" in the lines after it). Needs only the SwitchOnPolicy',
    // The wake function waits for the switch: the CLI's 60-second read timeout would give up first.
    value: `aws lambda invoke --region ${region} --function-name ${values.wakeFunctionName} --cli-read-timeout 900 ${payload('on')} /dev/stdout`,
  });
  new CfnOutput(scope, BastionOutputIds.SWITCH_OFF_COMMAND, {
    description: 'Run this to switch the bastion off now (ends every VPN connection); a failure raises the switch\'s errors alarm',
    value: `aws lambda invoke --region ${region} --function-name ${values.switchFunctionName} --invocation-type Event ${payload('off')} /dev/null`,
  });
  new CfnOutput(scope, BastionOutputIds.SWITCH_ON_POLICY_ARN, {
    description: 'A managed policy that allows switching the bastion on and nothing else: attach it to the people who may wake it',
    value: values.switchOnPolicyArn,
  });
}

export interface TransitGatewayOutputValues {
  readonly clientCidr: string;
  readonly vpcAttachmentId: string;
}

/** The Transit Gateway mode: what the other VPCs must admit and route, and the attachment a full tunnel's default route points to. */
export function addTransitGatewayOutputs(scope: Construct, values: TransitGatewayOutputValues): void {
  new CfnOutput(scope, BastionOutputIds.CLIENT_CIDR, {
    description: 'VPN clients\' addresses: with a Transit Gateway there is no source NAT, so the security groups of the servers clients reach must admit this CIDR ' +
      'and their VPCs must route it to the Transit Gateway',
    value: values.clientCidr,
  });
  new CfnOutput(scope, BastionOutputIds.TRANSIT_GATEWAY_VPC_ATTACHMENT_ID, {
    description: 'The bastion VPC\'s Transit Gateway attachment: with a full tunnel, the route table of the Client VPN attachment needs a 0.0.0.0/0 route to it',
    value: values.vpcAttachmentId,
  });
}
