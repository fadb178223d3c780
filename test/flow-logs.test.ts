import { Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import { SsoClientVpnBastion } from '../src';
import { logicalIdOf, newStack, requiredProps, synthBastion } from './fixtures';

describe('VPC flow logs', () => {
  test('log all traffic of the new VPC to a CloudWatch Logs group kept for a year and retained with the stack', () => {
    const { template, bastion } = synthBastion();
    const vpc = logicalIdOf(template, 'AWS::EC2::VPC');
    const flowLog = Object.values(template.findResources('AWS::EC2::FlowLog'));
    expect(flowLog).toHaveLength(1);
    expect(flowLog[0].Properties).toMatchObject({ ResourceId: { Ref: vpc }, ResourceType: 'VPC', TrafficType: 'ALL', LogDestinationType: 'cloud-watch-logs' });
    const groupId = Object.keys(template.findResources('AWS::Logs::LogGroup')).find((id) => id.includes('FlowLogs'))!;
    expect(flowLog[0].Properties.LogGroupName).toEqual({ Ref: groupId });
    expect(template.findResources('AWS::Logs::LogGroup')[groupId]).toMatchObject({
      Properties: { RetentionInDays: 365 }, DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain',
    });
    expect(bastion.flowLogGroup).toBeDefined();
  });

  test('vpcFlowLogs: false turns them off', () => {
    const { template, bastion } = synthBastion({ vpcFlowLogs: false });
    template.resourceCountIs('AWS::EC2::FlowLog', 0);
    // The connection logs remain, beside the Lambda handlers' log groups.
    expect(Object.keys(template.findResources('AWS::Logs::LogGroup')).filter((id) => /ConnectionLogs|FlowLogs/.test(id))).toHaveLength(1);
    expect(bastion.flowLogGroup).toBeUndefined();
  });

});

describe('logEncryptionKey', () => {
  test('encrypts the connection log group, the flow log group and the handlers\' log groups with the given key', () => {
    const stack = newStack();
    const key = kms.Key.fromKeyArn(stack, 'Key', 'arn:aws:kms:ap-northeast-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab');
    new SsoClientVpnBastion(stack, 'Bastion', requiredProps({ logEncryptionKey: key }));
    const groups = Template.fromStack(stack).findResources('AWS::Logs::LogGroup');
    // Besides the Lambda handlers' log groups (kept alike: handler-logs.test.ts).
    expect(Object.keys(groups).filter((id) => /ConnectionLogs|FlowLogs/.test(id))).toHaveLength(2);
    for (const group of Object.values(groups)) {
      expect(group.Properties.KmsKeyId).toBe(key.keyArn);
    }
  });

  test('without it no key is set (CloudWatch Logs\' own encryption)', () => {
    const { template } = synthBastion();
    for (const group of Object.values(template.findResources('AWS::Logs::LogGroup'))) {
      expect(group.Properties.KmsKeyId).toBeUndefined();
    }
  });
});
