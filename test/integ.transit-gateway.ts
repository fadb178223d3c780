/**
 * Transit Gateway mode, full tunnel over two AZs: the endpoint attaches to a
 * Transit Gateway instead of the VPC's subnets; the bastion's VPC is attached
 * to it in the server's subnets and routes the client CIDR back through it;
 * the server admits SSH from the client CIDR (no source NAT); the internet
 * route of the Client VPN attachment's route table leads to the bastion VPC's
 * NAT gateways, so clients keep the fixed egress IPs.
 */
import { IntegTest } from '@aws-cdk/integ-tests-alpha';
import { App, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { ServerCertificate, SsoClientVpnBastion } from '../src';
import { CERTIFICATE_ARN, GROUP_ID, METADATA_XML } from './fixtures';

const app = new App();
const stack = new Stack(app, 'SsoClientVpnBastionTransitGateway');

new SsoClientVpnBastion(stack, 'Bastion', {
  samlMetadataDocument: iam.SamlMetadataDocument.fromXml(METADATA_XML),
  authorizedGroupIds: [GROUP_ID],
  serverCertificate: ServerCertificate.fromCertificateArn(CERTIFICATE_ARN),
  maxAzs: 2,
  transitGateway: {
    transitGatewayId: 'tgw-0123456789abcdef0',
    routeTableId: 'tgw-rtb-0123456789abcdef0',
  },
  // The VPC's resolver does not answer clients through a Transit Gateway: a Route 53 Resolver inbound endpoint's addresses.
  dnsServers: ['10.0.0.10', '10.0.1.10'],
});

new IntegTest(app, 'TransitGateway', { testCases: [stack] });
app.synth();
