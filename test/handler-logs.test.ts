import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { ServerCertificate, SsoClientVpnBastion } from '../src';
import type { SsoClientVpnBastionProps } from '../src';
import { newStack, requiredProps } from './fixtures';

/*
 * Every Lambda function the construct makes (the custom resource handlers,
 * aws-cdk-lib's provider frameworks, and aws-cdk-lib's own handler behind the
 * VPC's restrictDefaultSecurityGroup) logs to a log group of the stack, kept
 * like the connection logs. Without one, Lambda makes /aws/lambda/<function>
 * at the first invocation, which never expires and outlives the stack.
 */

interface FunctionLogs { readonly fn: string; readonly group?: { readonly id: string; readonly resource: { [key: string]: any } } }

/** Each AWS::Lambda::Function with the log group its LoggingConfig.LogGroup refers to. */
function functionLogs(template: Template): FunctionLogs[] {
  const groups = template.findResources('AWS::Logs::LogGroup');
  return Object.entries(template.findResources('AWS::Lambda::Function')).map(([fn, resource]) => {
    const ref = resource.Properties?.LoggingConfig?.LogGroup?.Ref as string | undefined;
    return { fn, group: ref !== undefined && groups[ref] ? { id: ref, resource: groups[ref] } : undefined };
  });
}

/** A bastion with every handler this part of the construct makes: the self-signed certificate, a group-name lookup and a new VPC. */
function everyHandler(overrides: Partial<SsoClientVpnBastionProps> = {}): Template {
  const stack = newStack();
  new SsoClientVpnBastion(stack, 'Bastion', requiredProps({ serverCertificate: ServerCertificate.selfSigned(), authorizedGroupNames: ['Operators'], ...overrides }));
  return Template.fromStack(stack);
}

describe('the Lambda functions\' log groups', () => {
  describe('of a default bastion', () => {
    const template = everyHandler();
    const all = functionLogs(template);

    test('every function (certificate, lookup, their frameworks, the VPC\'s default security group handler, and any other) has one', () => {
      // At least: Import, Cleanup and three framework functions; Lookup and one framework function; the VPC's handler.
      expect(all.length).toBeGreaterThanOrEqual(8);
      expect(all.filter((f) => f.group === undefined).map((f) => f.fn)).toEqual([]);
    });

    test('each is kept a year and retained, like the connection logs', () => {
      for (const { group } of all) {
        expect(group!.resource.Properties.RetentionInDays).toBe(365);
        expect(group!.resource.DeletionPolicy).toBe('Retain');
        expect(group!.resource.UpdateReplacePolicy).toBe('Retain');
      }
    });

    test('aws-cdk-lib\'s own handler of the VPC\'s default security group gets one through an override, and so depends on it', () => {
      const [handler] = Object.entries(template.findResources('AWS::Lambda::Function'))
        .filter(([, r]) => /default security group/.test(r.Properties.Description ?? ''));
      expect(handler).toBeDefined();
      const group = handler[1].Properties.LoggingConfig.LogGroup.Ref;
      expect(template.findResources('AWS::Logs::LogGroup')[group]).toBeDefined();
    });
  });

  test('a custom logRetention, logRemovalPolicy and logEncryptionKey reach every one of them', () => {
    const stack = newStack();
    const key = new kms.Key(stack, 'LogKey');
    new SsoClientVpnBastion(stack, 'Bastion', requiredProps({
      serverCertificate: ServerCertificate.selfSigned(),
      authorizedGroupNames: ['Operators'],
      logRetention: logs.RetentionDays.ONE_MONTH,
      logRemovalPolicy: RemovalPolicy.DESTROY,
      logEncryptionKey: key,
    }));
    const template = Template.fromStack(stack);
    const keyId = stack.getLogicalId(key.node.defaultChild as kms.CfnKey);
    const all = functionLogs(template);
    expect(all.length).toBeGreaterThanOrEqual(8);
    for (const { group } of all) {
      expect(group).toBeDefined();
      expect(group!.resource.Properties.RetentionInDays).toBe(30);
      expect(group!.resource.DeletionPolicy).toBe('Delete');
      expect(group!.resource.Properties.KmsKeyId).toEqual({ 'Fn::GetAtt': [keyId, 'Arn'] });
    }
  });

  test('the connection logs are kept the same way as the handlers\' logs', () => {
    const template = everyHandler({ logRetention: logs.RetentionDays.TWO_YEARS });
    const retentions = new Set(Object.values(template.findResources('AWS::Logs::LogGroup')).map((g) => g.Properties.RetentionInDays));
    expect([...retentions]).toEqual([731]);
  });

  test('the providers are shared by the stack\'s bastions, so the first bastion\'s settings win', () => {
    const stack = newStack();
    new SsoClientVpnBastion(stack, 'First', requiredProps({ serverCertificate: undefined, authorizedGroupNames: ['A'], logRetention: logs.RetentionDays.ONE_WEEK }));
    new SsoClientVpnBastion(stack, 'Second', requiredProps({
      serverCertificate: undefined, authorizedGroupNames: ['B'], vpcCidr: '10.0.0.0/16', logRetention: logs.RetentionDays.ONE_MONTH,
    }));
    const all = functionLogs(Template.fromStack(stack));
    expect(all.length).toBeGreaterThanOrEqual(8);
    expect(new Set(all.map((f) => f.group!.resource.Properties.RetentionInDays))).toEqual(new Set([7]));
  });

  test('a certificate bound outside any bastion gets the construct\'s defaults', () => {
    const stack = newStack();
    ServerCertificate.selfSigned().bind(stack);
    const all = functionLogs(Template.fromStack(stack));
    expect(all).toHaveLength(5);
    for (const { group } of all) {
      expect(group!.resource.Properties.RetentionInDays).toBe(365);
      expect(group!.resource.DeletionPolicy).toBe('Retain');
    }
  });

  test('a given VPC is left alone: its default security group handler is not the construct\'s', () => {
    const stack = newStack();
    const vpc = new ec2.Vpc(stack, 'Own', { restrictDefaultSecurityGroup: true });
    new SsoClientVpnBastion(stack, 'Bastion', requiredProps({ vpc }));
    const template = Template.fromStack(stack);
    const handler = Object.values(template.findResources('AWS::Lambda::Function'))
      .find((r) => /default security group/.test(r.Properties.Description ?? ''));
    expect(handler!.Properties.LoggingConfig).toBeUndefined();
  });

  test('with the VPC\'s handler already logged by a first bastion, a second one adds no log group for it', () => {
    const stack = newStack();
    new SsoClientVpnBastion(stack, 'First', requiredProps());
    new SsoClientVpnBastion(stack, 'Second', requiredProps({ vpcCidr: '10.0.0.0/16' }));
    const template = Template.fromStack(stack);
    const all = functionLogs(template);
    expect(all.filter((f) => f.group === undefined).map((f) => f.fn)).toEqual([]);
    expect(Object.keys(template.findResources('AWS::Logs::LogGroup')).filter((id) => id.startsWith('SsoClientVpnBastionVpcRestrictDefaultSgLogs'))).toHaveLength(1);
    expect(Stack.of(stack).node.tryFindChild('SsoClientVpnBastionVpcRestrictDefaultSgLogs')).toBeDefined();
  });
});
