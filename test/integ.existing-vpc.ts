/**
 * A VPC of your own: the endpoint is associated with its private subnets with
 * egress and nothing else in it changes. The VPC's CIDR is a token here, so the
 * DNS server (its resolver, base + 2) is given.
 */
import { IntegTest } from '@aws-cdk/integ-tests-alpha';
import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { SsoClientVpnBastion } from '../src';
import { GROUP_ID, METADATA_XML } from './fixtures';

const app = new App();
const stack = new Stack(app, 'SsoClientVpnBastionExistingVpc');

const vpc = new ec2.Vpc(stack, 'ExistingVpc', {
  ipAddresses: ec2.IpAddresses.cidr('10.20.0.0/16'),
  maxAzs: 2,
  natGateways: 1,
});

new SsoClientVpnBastion(stack, 'Bastion', {
  samlMetadataDocument: iam.SamlMetadataDocument.fromXml(METADATA_XML),
  authorizedGroupIds: [GROUP_ID],
  vpc,
  dnsServers: ['10.20.0.2'],
});

new IntegTest(app, 'ExistingVpc', { testCases: [stack] });
app.synth();
