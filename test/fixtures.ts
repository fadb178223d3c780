import * as fs from 'fs';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import type { StackProps } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { ServerCertificate, SsoClientVpnBastion } from '../src';
import type { SsoClientVpnBastionProps } from '../src';

export const METADATA_XML = fs.readFileSync(path.join(__dirname, '..', 'examples', 'identity-center-metadata.xml'), 'utf8');
export const GROUP_ID = '9a67f5b4-30c1-70d5-9b2e-5f0a1c8e7d21';
export const OTHER_GROUP_ID = '1234567890-0c1d2e3f-4a5b-6c7d-8e9f-a0b1c2d3e4f5';
export const CERTIFICATE_ARN = 'arn:aws:acm:ap-northeast-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b';

export function newStack(props?: StackProps): Stack {
  return new Stack(new App(), 'TestStack', props ?? { env: { region: 'ap-northeast-1' } });
}

/** The required props, with an imported certificate unless overridden. */
export function requiredProps(overrides: Partial<SsoClientVpnBastionProps> = {}): SsoClientVpnBastionProps {
  return {
    samlMetadataDocument: iam.SamlMetadataDocument.fromXml(METADATA_XML),
    authorizedGroupIds: [GROUP_ID],
    serverCertificate: ServerCertificate.fromCertificateArn(CERTIFICATE_ARN),
    ...overrides,
  };
}

export function dnsValidatedCertificate(stack: Stack): ServerCertificate {
  const hostedZone = route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', {
    hostedZoneId: 'Z0123456789EXAMPLE',
    zoneName: 'example.com',
  });
  return ServerCertificate.fromDnsValidatedDomain({ domainName: 'vpn.example.com', hostedZone });
}

/** Synthesizes one bastion in a new stack and returns the stack's template. */
export function synthBastion(overrides: Partial<SsoClientVpnBastionProps> = {}): { stack: Stack; bastion: SsoClientVpnBastion; template: Template } {
  const stack = newStack();
  const bastion = new SsoClientVpnBastion(stack, 'Bastion', requiredProps(overrides));
  return { stack, bastion, template: Template.fromStack(stack) };
}

/** The logical ID of the only resource of a type whose properties match. */
export function logicalIdOf(template: Template, type: string, props: object = {}): string {
  const found = Object.keys(template.findResources(type, { Properties: props }));
  if (found.length !== 1) {
    throw new Error(`expected one ${type} matching ${JSON.stringify(props)}, found ${found.length}`);
  }
  return found[0];
}
