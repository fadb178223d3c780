import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { ServerCertificate, SsoClientVpnBastion } from '../src';
import type { SsoClientVpnBastionProps } from '../src';

/**
 * The article's architecture in the Tokyo region: the default VPC
 * (172.25.0.0/16, one AZ), the client CIDR 172.26.0.0/22, a full tunnel
 * through the NAT gateway's fixed IP, and one IAM Identity Center group.
 *
 * The metadata file, group ID and hosted zone are samples; replace them with yours.
 */
export function createArticleStack(app: App, id = 'SsoClientVpnBastionArticle', overrides: Partial<SsoClientVpnBastionProps> = {}): Stack {
  const stack = new Stack(app, id, { env: { region: 'ap-northeast-1' } });

  const hostedZone = route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', {
    hostedZoneId: 'Z0123456789EXAMPLE',
    zoneName: 'example.com',
  });

  new SsoClientVpnBastion(stack, 'Bastion', {
    samlMetadataDocument: iam.SamlMetadataDocument.fromFile(path.join(__dirname, 'identity-center-metadata.xml')),
    authorizedGroupIds: ['9a67f5b4-30c1-70d5-9b2e-5f0a1c8e7d21'],
    serverCertificate: ServerCertificate.fromDnsValidatedDomain({ domainName: 'vpn.example.com', hostedZone }),
    ...overrides,
  });

  return stack;
}

if (require.main === module) {
  createArticleStack(new App());
}
