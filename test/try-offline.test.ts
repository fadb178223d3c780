import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { createDefaultStack } from '../examples/default';
import { groupResources, renderTry, renderValue } from '../examples/try-offline';
import { Schedule } from '../src';

type Template = { Resources: Record<string, { Type: string; Metadata?: Record<string, unknown> }>; Outputs?: Record<string, unknown> };

describe('npx projen try (examples/try-offline.ts)', () => {
  let outdir: string;
  let output: string;
  let template: Template;

  beforeAll(() => {
    outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'try-offline-test-'));
    output = renderTry({ outdir });
    template = JSON.parse(fs.readFileSync(path.join(outdir, 'Bastion.template.json'), 'utf8'));
  });

  afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

  /** The lines of the part of the output that starts with a line matching `start` and ends before one matching `end`. */
  function section(start: RegExp, end: RegExp): string[] {
    const lines = output.split('\n');
    const from = lines.findIndex((line) => start.test(line));
    expect(from).toBeGreaterThanOrEqual(0);
    const to = lines.findIndex((line, i) => i > from && end.test(line));
    return lines.slice(from + 1, to < 0 ? undefined : to);
  }

  test('says first that it is the README\'s first example and that nothing is deployed', () => {
    const head = output.split('\n').slice(0, 5).join('\n');
    expect(head).toMatch(/^The README's first example: /);
    expect(head).toContain('ap-northeast-1');
    expect(head).toMatch(/nothing is deployed/);
  });

  test('is the default example: a self-signed certificate, no DNS-validated one', () => {
    expect(output).toMatch(/^Server certificate \(1\): .*self-signed/m);
    expect(output).toMatch(/^ +1 {2}Custom::SelfSignedServerCertificate$/m);
    expect(output).not.toContain('AWS::CertificateManager::Certificate');
    expect(output).not.toContain('AWS::Route53');
    expect(Object.values(template.Resources).map((r) => r.Type)).not.toContain('AWS::CertificateManager::Certificate');
  });

  test('prints each output as "Name: value" with its description, tokens as placeholders', () => {
    const outputLines = section(/^Outputs /, /^Resources: /).filter((line) => /^ {2}\S/.test(line));
    const names = outputLines.map((line) => line.match(/^ {2}([A-Za-z0-9]+): (.+)$/)?.[1]);
    expect(names).not.toContain(undefined);
    expect(names).toEqual(expect.arrayContaining([
      'ExportClientConfigurationCommand', 'EndpointId', 'SshCommand', 'ServerPrivateIp', 'DashboardUrl',
      'SamlApplicationAcsUrl', 'SamlApplicationAudience', 'InstanceConnectPolicyArn',
    ]));
    expect(names).toHaveLength(Object.keys(template.Outputs ?? {}).length);
    expect(output).toContain(
      '  ExportClientConfigurationCommand: aws ec2 export-client-vpn-client-configuration --region ap-northeast-1 '
      + '--client-vpn-endpoint-id <endpoint ID> --output text > client-config.ovpn\n'
      + '      Run this to download the client configuration (.ovpn) for AWS VPN Client',
    );
    expect(output).toContain('  EndpointId: <endpoint ID>\n');
    expect(output).toContain('  ServerPrivateIp: <server private IP>\n');
    expect(output).toContain('  InstanceConnectPolicyArn: <policy ARN>\n');
    expect(output).toContain('  EgressIps: <Elastic IP>\n');
    expect(output).toMatch(/^ {2}SshCommand: aws ec2-instance-connect ssh --region ap-northeast-1 --instance-id <instance ID> /m);
    expect(output).toMatch(/^ {2}DashboardUrl: https:\/\/console\.aws\.amazon\.com\/cloudwatch\/home\?region=ap-northeast-1#dashboards\/dashboard\/<dashboard name>$/m);
  });

  test('shows no CloudFormation function and no hashed logical ID', () => {
    expect(output).not.toContain('Fn::');
    expect(output).not.toContain('{"Ref"');
    expect(output).not.toMatch(/[A-Z][A-Za-z]+[0-9A-F]{8}\b/);
    for (const logicalId of [...Object.keys(template.Resources), ...Object.keys(template.Outputs ?? {})]) {
      expect(output).not.toContain(logicalId);
    }
  });

  test('groups every resource in exactly one part of the architecture, and the parts add up to the template', () => {
    const total = Object.keys(template.Resources).length;
    expect(output).toContain(`Resources: ${total} in `);

    const headings = [...output.matchAll(/^([A-Z][^(\n]*) \((\d+)\): .+$/gm)].map(([, title, count]) => ({ title, count: Number(count) }));
    expect(headings.map((h) => h.title)).toEqual(expect.arrayContaining([
      'Network', 'SSH server', 'Server certificate', 'IAM Identity Center / SAML provider', 'Client VPN endpoint', 'Monitoring', 'Deploy-time handlers',
    ]));
    expect(headings.map((h) => h.title)).not.toContain('Other');
    expect(headings.reduce((sum, h) => sum + h.count, 0)).toBe(total);

    // Each heading's count is the sum of its type lines.
    for (const { title, count } of headings) {
      const typeLines = section(new RegExp(`^${title.replace(/[/()]/g, '\\$&')} \\(`), /^$/);
      expect(typeLines.reduce((sum, line) => sum + Number(line.match(/^ +(\d+) {2}\S+$/)![1]), 0)).toBe(count);
    }

    const groups = groupResources(template, 'Bastion/Bastion');
    const grouped = groups.flatMap((g) => g.resources.map((r) => r.logicalId));
    expect(grouped.sort()).toEqual(Object.keys(template.Resources).sort());
    expect(new Set(grouped).size).toBe(grouped.length);
    expect(groups.map((g) => [g.title, g.resources.length])).toEqual(headings.map((h) => [h.title, h.count]));
  });

  test('puts the parts where they belong', () => {
    const typesOf = (title: string) => groupResources(template, 'Bastion/Bastion').find((g) => g.title === title)!.resources.map((r) => r.type);
    expect(typesOf('Network')).toEqual(expect.arrayContaining(['AWS::EC2::VPC', 'AWS::EC2::NatGateway', 'AWS::EC2::EIP', 'AWS::EC2::FlowLog']));
    expect(typesOf('SSH server')).toEqual(expect.arrayContaining(['AWS::EC2::Instance', 'AWS::IAM::ManagedPolicy']));
    expect(typesOf('IAM Identity Center / SAML provider')).toEqual(['AWS::IAM::SAMLProvider']);
    expect(typesOf('Client VPN endpoint')).toEqual(expect.arrayContaining([
      'AWS::EC2::ClientVpnEndpoint', 'AWS::EC2::ClientVpnTargetNetworkAssociation', 'AWS::EC2::ClientVpnAuthorizationRule',
      'AWS::EC2::ClientVpnRoute', 'AWS::EC2::SecurityGroup', 'AWS::Logs::LogGroup',
    ]));
    expect(typesOf('Monitoring')).toEqual(expect.arrayContaining(['AWS::CloudWatch::Dashboard', 'AWS::Logs::QueryDefinition']));
    expect(typesOf('Deploy-time handlers')).toContain('AWS::Lambda::Function');
  });

  test('gives the monthly cost of the four setups, with the region', () => {
    const cost = (label: string) => {
      const match = output.match(new RegExp(`^${label}: \\$(\\d+\\.\\d\\d) / month in ap-northeast-1 \\((\\d+)% of always on\\)$`, 'm'));
      expect(match).not.toBeNull();
      return { total: Number(match![1]), share: Number(match![2]) };
    };
    const alwaysOn = cost('The README\'s first example \\(always on\\)');
    const businessHours = cost('With Schedule\\.businessHours \\(9-19 Asia/Tokyo, weekdays\\)');
    const onDemand = cost('On demand \\(Schedule\\.onDemand\\(\\), 40 used hours a month\\)');
    const withoutNat = cost('Without NAT \\(split tunnel, NatGateways\\.none\\(\\)\\)');
    expect(alwaysOn.share).toBe(100);
    expect(alwaysOn.total).toBeGreaterThan(100);
    for (const cheaper of [businessHours, onDemand, withoutNat]) {
      expect(cheaper.total).toBeLessThan(alwaysOn.total);
      expect(cheaper.share).toBe(Math.round((100 * cheaper.total) / alwaysOn.total));
    }
    expect(output).toMatch(/^Monthly fixed cost in ap-northeast-1 /m);
  });
});

describe('renderValue', () => {
  const app = new App();
  const stack = new Stack(app, 'S', { env: { region: 'eu-west-1' } });
  const template = {
    Resources: {
      EndpointABCD1234: { Type: 'AWS::EC2::ClientVpnEndpoint' },
      ServerABCD1234: { Type: 'AWS::EC2::Instance' },
      FnABCD1234: { Type: 'AWS::Lambda::Function' },
      WidgetABCD1234: { Type: 'Custom::Widget' },
    },
    Parameters: { State: {} },
  };
  const render = (value: unknown) => renderValue(value, stack, template);

  test('names references and attributes by what they are', () => {
    expect(render({ Ref: 'EndpointABCD1234' })).toBe('<endpoint ID>');
    expect(render({ Ref: 'FnABCD1234' })).toBe('<function name>');
    expect(render({ 'Fn::GetAtt': ['ServerABCD1234', 'PrivateIp'] })).toBe('<server private IP>');
    expect(render({ 'Fn::GetAtt': ['FnABCD1234', 'Arn'] })).toBe('<function ARN>');
    expect(render({ Ref: 'WidgetABCD1234' })).toBe('<Widget ID>');
    expect(render({ 'Fn::GetAtt': ['WidgetABCD1234', 'Secret'] })).toBe('<Widget Secret>');
    expect(render({ Ref: 'State' })).toBe('<parameter State>');
  });

  test('renders pseudo parameters, joins, selects and subs', () => {
    expect(render({ Ref: 'AWS::Region' })).toBe('eu-west-1');
    expect(render({ Ref: 'AWS::AccountId' })).toBe('<account ID>');
    expect(render({ 'Fn::Join': [':', ['arn', { Ref: 'AWS::Partition' }, 'x', { Ref: 'AWS::AccountId' }]] })).toBe('arn:<partition>:x:<account ID>');
    expect(render({ 'Fn::Select': [1, ['a', { Ref: 'ServerABCD1234' }]] })).toBe('<instance ID>');
    expect(render({ 'Fn::Select': [0, { 'Fn::GetAZs': '' }] })).toBe('<item 0 of <availability zones>>');
    expect(render({ 'Fn::Sub': 'ssh ec2-user@${ServerABCD1234.PrivateIp} in ${AWS::Region}' })).toBe('ssh ec2-user@<server private IP> in eu-west-1');
    expect(render({ 'Fn::Sub': ['${X}!', { X: { Ref: 'EndpointABCD1234' } }] })).toBe('<endpoint ID>!');
    expect(render({ 'Fn::Unknown': [1] })).toBe('<value>');
  });
});

describe('groupResources', () => {
  test('puts the off-hours switch in a part of its own, and every resource in exactly one part', () => {
    const app = new App({ context: { 'aws:cdk:enable-path-metadata': true }, analyticsReporting: false });
    const stack = createDefaultStack(app, 'Scheduled', { schedule: Schedule.businessHours({ timeZone: 'Asia/Tokyo' }) });
    const template = app.synth().getStackByName(stack.stackName).template as Template;
    const groups = groupResources(template, 'Scheduled/Bastion');
    expect(groups.map((g) => g.title)).toContain('Schedule');
    expect(groups.map((g) => g.title)).not.toContain('Other');
    expect(groups.flatMap((g) => g.resources.map((r) => r.logicalId)).sort()).toEqual(Object.keys(template.Resources).sort());
  });
});
