import { Stack, Validations } from 'aws-cdk-lib';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as sso from 'aws-cdk-lib/aws-sso';
import type { Construct } from 'constructs';
import { bastionError } from '../core/errors';
import { SERVER_OS_USER } from '../outputs';
import { ServerKeyPair } from './key-pair';

/*
 * Per-person SSH with EC2 Instance Connect. Each person pushes their own
 * public key with ec2-instance-connect:SendSSHPublicKey; the instance metadata
 * holds it for 60 seconds, and sshd reads it from there through the
 * AuthorizedKeysCommand that the ec2-instance-connect package configures.
 * Amazon Linux 2023's standard images (the default ServerImage) ship that
 * package, so the server needs no user data: nothing is installed at boot
 * and existing servers are not restarted for it. An image without the
 * package (the AL2023 minimal image, other distributions) needs it installed.
 */

export { SERVER_OS_USER };

/** The key pair choice from the props: `serverKeyPair`, or the deprecated `keyPair`, or none. */
export function serverKeyPairOf(props: { readonly serverKeyPair?: ServerKeyPair; readonly keyPair?: ec2.IKeyPair }): ServerKeyPair {
  if (props.serverKeyPair !== undefined && props.keyPair !== undefined) {
    throw bastionError('serverKeyPair and keyPair are both given; keyPair is deprecated: ' +
      'pass serverKeyPair: ServerKeyPair.fromKeyPair(keyPair) alone.');
  }
  if (props.keyPair !== undefined) {
    return ServerKeyPair.fromKeyPair(props.keyPair);
  }
  return props.serverKeyPair ?? ServerKeyPair.none();
}

/**
 * What pushing a key to this server takes: SendSSHPublicKey on this instance
 * for its login user only, and DescribeInstances, which `aws ec2-instance-connect ssh`
 * calls to find the instance's address (it accepts no resource but `*`).
 */
export function instanceConnectStatements(instance: ec2.Instance): iam.PolicyStatement[] {
  const instanceArn = Stack.of(instance).formatArn({ service: 'ec2', resource: 'instance', resourceName: instance.instanceId });
  return [
    new iam.PolicyStatement({
      sid: 'SendSshPublicKeyToBastion',
      actions: ['ec2-instance-connect:SendSSHPublicKey'],
      resources: [instanceArn],
      conditions: { StringEquals: { 'ec2:osuser': SERVER_OS_USER } },
    }),
    new iam.PolicyStatement({
      sid: 'FindBastionAddress',
      actions: ['ec2:DescribeInstances'],
      resources: ['*'],
    }),
  ];
}

/**
 * A managed policy that allows SSH to the server with EC2 Instance Connect and
 * nothing else, for principals outside the permission set (attach it, or
 * reference it by name from a permission set of yours).
 */
export function createInstanceConnectPolicy(scope: Construct, instance: ec2.Instance): iam.ManagedPolicy {
  const policy = new iam.ManagedPolicy(scope, 'InstanceConnectPolicy', {
    description: `SSH to ${instance.node.path} as ${SERVER_OS_USER} with EC2 Instance Connect`.slice(0, 1000),
    statements: instanceConnectStatements(instance),
  });
  Validations.of(policy).acknowledge({
    id: 'AwsSolutions-IAM5[Resource::*]',
    reason: 'ec2:DescribeInstances accepts no resource but *; it only reads, and `aws ec2-instance-connect ssh` needs it to find the server\'s address. ' +
      'SendSSHPublicKey is scoped to this instance and its login user.',
  });
  return policy;
}

/**
 * Adds statements to the permission set's inline policy, keeping those already
 * there (the off-hours switch's wake statement, for one).
 */
export function addToPermissionSetInlinePolicy(permissionSet: sso.CfnPermissionSet, statements: iam.PolicyStatement[]): void {
  const existing = permissionSet.inlinePolicy as { Statement?: unknown[] } | undefined;
  permissionSet.inlinePolicy = {
    Version: '2012-10-17',
    Statement: [...(existing?.Statement ?? []), ...statements.map((statement) => statement.toStatementJson())],
  };
}

