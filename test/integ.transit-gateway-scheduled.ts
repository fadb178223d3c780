/**
 * Transit Gateway mode with a split tunnel and an off-hours schedule: clients
 * reach the bastion's VPC and two VPCs behind the Transit Gateway, each with
 * a Client VPN route and an authorization rule. Off hours, the switch removes
 * the Client VPN routes and the NAT gateway and stops the server; the
 * endpoint's Transit Gateway AZs and the bastion VPC's attachment stay (they
 * are part of the endpoint, or carry the routes back).
 */
import { IntegTest } from '@aws-cdk/integ-tests-alpha';
import { App, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Schedule, ServerCertificate, SsoClientVpnBastion } from '../src';
import { CERTIFICATE_ARN, GROUP_ID, METADATA_XML } from './fixtures';

const app = new App();
const stack = new Stack(app, 'SsoClientVpnBastionTransitGatewayScheduled');

new SsoClientVpnBastion(stack, 'Bastion', {
  samlMetadataDocument: iam.SamlMetadataDocument.fromXml(METADATA_XML),
  authorizedGroupIds: [GROUP_ID],
  serverCertificate: ServerCertificate.fromCertificateArn(CERTIFICATE_ARN),
  splitTunnel: true,
  transitGateway: {
    transitGatewayId: 'tgw-0123456789abcdef0',
    destinations: ['10.20.0.0/16', '10.30.0.0/16'],
  },
  dnsServers: ['10.20.0.10'],
  schedule: Schedule.businessHours({ timeZone: 'Asia/Tokyo' }),
});

new IntegTest(app, 'TransitGatewayScheduled', { testCases: [stack] });
app.synth();
