import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { SsoClientVpnBastion } from '../src';
import type { SsoClientVpnBastionProps } from '../src';

/**
 * The README's first example in the Tokyo region: the construct with only its
 * required props, so a new VPC, a full tunnel through one NAT gateway and the
 * default self-signed server certificate.
 *
 * The metadata file and group ID are samples; replace them with yours.
 */
export function createDefaultStack(app: App, id = 'Bastion', overrides: Partial<SsoClientVpnBastionProps> = {}): Stack {
  const stack = new Stack(app, id, { env: { region: 'ap-northeast-1' } });

  new SsoClientVpnBastion(stack, 'Bastion', {
    samlMetadataDocument: iam.SamlMetadataDocument.fromFile(path.join(__dirname, 'identity-center-metadata.xml')),
    authorizedGroupIds: ['9a67f5b4-30c1-70d5-9b2e-5f0a1c8e7d21'], // SampleQiitaGroup's Group ID
    ...overrides,
  });

  return stack;
}

if (require.main === module) {
  createDefaultStack(new App());
}
