import { Template } from 'aws-cdk-lib/assertions';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { ServerCertificate, SsoClientVpnBastion } from '../src';
import { CERTIFICATE_ARN, dnsValidatedCertificate, logicalIdOf, newStack, requiredProps, synthBastion } from './fixtures';

describe('ServerCertificate.fromCertificateArn', () => {
  test('uses the existing certificate and creates none', () => {
    const { template, bastion, stack } = synthBastion();
    template.resourceCountIs('AWS::CertificateManager::Certificate', 0);
    template.hasResourceProperties('AWS::EC2::ClientVpnEndpoint', { ServerCertificateArn: CERTIFICATE_ARN });
    expect(stack.resolve(bastion.serverCertificate.certificateArn)).toBe(CERTIFICATE_ARN);
  });

  test('rejects a value that is not an ACM certificate ARN', () => {
    expect(() => ServerCertificate.fromCertificateArn('arn:aws:iam::123456789012:server-certificate/vpn'))
      .toThrow(/^SsoClientVpnBastion: serverCertificate "arn:aws:iam::123456789012:server-certificate\/vpn" is not an ACM certificate ARN \(ServerCertificate.fromCertificateArn\); expected arn:<partition>:acm:/);
  });
});

describe('ServerCertificate.fromDnsValidatedDomain', () => {
  test('requests a public certificate validated by DNS in the hosted zone, and the endpoint uses it', () => {
    const stack = newStack();
    new SsoClientVpnBastion(stack, 'Bastion', requiredProps({ serverCertificate: dnsValidatedCertificate(stack) }));
    const template = Template.fromStack(stack);
    const certificate = logicalIdOf(template, 'AWS::CertificateManager::Certificate', {
      DomainName: 'vpn.example.com',
      ValidationMethod: 'DNS',
      DomainValidationOptions: [{ DomainName: 'vpn.example.com', HostedZoneId: 'Z0123456789EXAMPLE' }],
    });
    template.hasResourceProperties('AWS::EC2::ClientVpnEndpoint', { ServerCertificateArn: { Ref: certificate } });
  });

  test('rejects a domain name that is not a DNS name', () => {
    const stack = newStack();
    const hostedZone = route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', { hostedZoneId: 'Z1', zoneName: 'example.com' });
    expect(() => ServerCertificate.fromDnsValidatedDomain({ domainName: 'https://vpn.example.com', hostedZone }))
      .toThrow(/^SsoClientVpnBastion: serverCertificate domainName "https:\/\/vpn.example.com" is not a DNS name/);
  });
});
