/**
 * Dual-stack: clients connect over IPv4 or IPv6 and reach the VPC and the
 * internet over both. The VPC has an Amazon-provided IPv6 block, a /64 per
 * subnet and an egress-only internet gateway; each group has an IPv4 and an
 * IPv6 authorization rule, each association an IPv4 and an IPv6 route to the
 * internet, and the server an IPv6 address.
 */
import { IntegTest } from '@aws-cdk/integ-tests-alpha';
import { App, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { IpAddressType, ServerCertificate, SsoClientVpnBastion } from '../src';
import { CERTIFICATE_ARN, GROUP_ID, METADATA_XML } from './fixtures';

const app = new App();
const stack = new Stack(app, 'SsoClientVpnBastionDualStack');

new SsoClientVpnBastion(stack, 'Bastion', {
  samlMetadataDocument: iam.SamlMetadataDocument.fromXml(METADATA_XML),
  authorizedGroupIds: [GROUP_ID],
  serverCertificate: ServerCertificate.fromCertificateArn(CERTIFICATE_ARN),
  ipAddressType: IpAddressType.DUAL_STACK,
});

new IntegTest(app, 'DualStack', { testCases: [stack] });
app.synth();
