/**
 * Split tunnel with a self-signed server certificate: only VPC traffic goes
 * through the VPN, so groups are authorized to the VPC CIDR and no internet
 * route is added; the certificate is issued and imported into ACM at deploy
 * time by the construct's custom resource (no domain needed).
 */
import { IntegTest } from '@aws-cdk/integ-tests-alpha';
import { App, Duration, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { ServerCertificate, SsoClientVpnBastion } from '../src';
import { GROUP_ID, METADATA_XML } from './fixtures';

const app = new App();
const stack = new Stack(app, 'SsoClientVpnBastionSplitTunnel');

new SsoClientVpnBastion(stack, 'Bastion', {
  samlMetadataDocument: iam.SamlMetadataDocument.fromXml(METADATA_XML),
  authorizedGroupIds: [GROUP_ID],
  splitTunnel: true,
  serverCertificate: ServerCertificate.selfSigned({
    commonName: 'vpn.corp.internal',
    serverValidity: Duration.days(730),
  }),
});

new IntegTest(app, 'SplitTunnelSelfSigned', { testCases: [stack] });
app.synth();
