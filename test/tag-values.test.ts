import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { ServerCertificate, SsoClientVpnBastion } from '../src';
import { requiredProps } from './fixtures';

/*
 * EC2 and ACM refuse tag values longer than 256 characters, and a stack name
 * may have 128 (the stack ID then about 230). Every tag value in the template
 * is evaluated here with the longest pseudo parameter values there are.
 */

const MAX_TAG_VALUE = 256;
const STACK_NAME = `B${'x'.repeat(126)}n`;
const UUID = '0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d';
const PSEUDO: Record<string, string> = {
  'AWS::StackName': STACK_NAME,
  // The longest partition and region names.
  'AWS::StackId': `arn:aws-us-gov:cloudformation:us-isof-south-1:123456789012:stack/${STACK_NAME}/${UUID}`,
  'AWS::Partition': 'aws-us-gov',
  'AWS::Region': 'us-isof-south-1',
  'AWS::AccountId': '123456789012',
  'AWS::URLSuffix': 'amazonaws.com.cn',
};

/** The value a template expression takes at deploy time, for the intrinsics a tag value may use. */
function evaluate(value: unknown): string {
  if (typeof value === 'string') {
    return value;
  }
  const expression = value as Record<string, any>;
  if ('Ref' in expression && expression.Ref in PSEUDO) {
    return PSEUDO[expression.Ref];
  }
  if ('Fn::Join' in expression) {
    const [separator, parts] = expression['Fn::Join'];
    return (parts as unknown[]).map(evaluate).join(separator);
  }
  if ('Fn::Select' in expression) {
    const [index, list] = expression['Fn::Select'];
    if ('Fn::Split' in list) {
      const [separator, source] = list['Fn::Split'];
      return evaluate(source).split(separator)[index];
    }
  }
  throw new Error(`cannot bound the length of ${JSON.stringify(value)}`);
}

/** Every { Key, Value } pair anywhere in the resources' properties (Tags, TagSpecifications, ...), with where it is. */
function tagValues(template: Template): { where: string; value: unknown }[] {
  const found: { where: string; value: unknown }[] = [];
  const walk = (node: unknown, where: string) => {
    if (Array.isArray(node)) {
      node.forEach((item, i) => walk(item, `${where}[${i}]`));
    } else if (node !== null && typeof node === 'object') {
      const record = node as Record<string, unknown>;
      if ('Key' in record && 'Value' in record && Object.keys(record).length === 2) {
        found.push({ where: `${where} ${JSON.stringify(record.Key)}`, value: record.Value });
      }
      for (const [key, child] of Object.entries(record)) {
        walk(child, `${where}.${key}`);
      }
    }
  };
  for (const [id, resource] of Object.entries(template.toJSON().Resources as Record<string, any>)) {
    walk(resource.Properties, id);
  }
  return found;
}

describe('tag values with a 128-character stack name', () => {
  const stack = new Stack(new App(), STACK_NAME, { env: { region: 'ap-northeast-1' } });
  new SsoClientVpnBastion(stack, 'Bastion', requiredProps({ serverCertificate: ServerCertificate.selfSigned(), authorizedGroupNames: ['Operators'] }));
  const template = Template.fromStack(stack);

  test('the stack name has the maximum length', () => {
    expect(stack.stackName).toHaveLength(128);
  });

  test('no tag value in the template can exceed 256 characters', () => {
    const values = tagValues(template);
    expect(values.length).toBeGreaterThan(0);
    const tooLong = values.map((t) => ({ ...t, length: evaluate(t.value).length })).filter((t) => t.length > MAX_TAG_VALUE);
    expect(tooLong).toEqual([]);
  });

  test('the self-signed certificate\'s owner tag (the handler writes it into ACM) is the stack ID\'s 36-character UUID', () => {
    const [certificate] = Object.values(template.findResources('Custom::SelfSignedServerCertificate'));
    expect(evaluate(certificate.Properties.Owner)).toBe(UUID);
  });

  test('the IAM conditions on the owner tag use the same value as the tag', () => {
    const [certificate] = Object.values(template.findResources('Custom::SelfSignedServerCertificate'));
    const conditions = Object.values(template.findResources('AWS::IAM::Policy'))
      .flatMap((policy) => policy.Properties.PolicyDocument.Statement as { Condition?: { StringEquals?: Record<string, unknown> } }[])
      .flatMap((statement) => Object.entries(statement.Condition?.StringEquals ?? {}))
      .filter(([key]) => key.endsWith('/sso-client-vpn-bastion:stack-id'));
    expect(conditions.map(([key]) => key).sort()).toEqual(['aws:RequestTag/sso-client-vpn-bastion:stack-id', 'aws:ResourceTag/sso-client-vpn-bastion:stack-id']);
    for (const [, value] of conditions) {
      expect([value].flat()).toContainEqual(certificate.Properties.Owner);
    }
  });
});
