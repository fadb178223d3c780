/**
 * A user's own CDK app containing the construct, for the action's `app`
 * input in the moto end-to-end test. It uses a VPC made beforehand (moto runs
 * no custom resources, such as the one that locks down a new VPC's default
 * security group), an imported certificate and an existing key pair (moto's
 * CloudFormation has no AWS::EC2::KeyPair), and a fixed image ID (the default
 * image is looked up by a custom resource). MOTO_CLIENT_CIDR and
 * MOTO_LOGIN_BANNER change it between runs (the diff end-to-end test sets them
 * in the `app` command line): a new client CIDR replaces the endpoint, a
 * banner changes it in place.
 *
 * A second stack, SsoClientVpnBastionMotoNeighbour (an SNS topic), stands for
 * the other stacks of a real app: the action acts on it only when stack-name
 * names it. MOTO_NEIGHBOUR_REGION pins it to a region of its own;
 * MOTO_NEIGHBOUR_TOPIC_NAME gives its topic a display name (a change that
 * moto's CloudFormation applies, for the deploy of a reviewed assembly).
 */
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sns from 'aws-cdk-lib/aws-sns';
import { ServerCertificate, SsoClientVpnBastion } from '../../src';

const app = new App();
const stack = new Stack(app, 'SsoClientVpnBastionMoto', {
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
});
const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Vpc', {
  vpcId: process.env.MOTO_VPC_ID!,
  vpcCidrBlock: '10.30.0.0/16',
  availabilityZones: [process.env.MOTO_AZ!],
  privateSubnetIds: [process.env.MOTO_SUBNET_ID!],
});
new SsoClientVpnBastion(stack, 'Bastion', {
  vpc,
  samlMetadataDocument: iam.SamlMetadataDocument.fromFile(path.join(__dirname, '..', '..', 'examples', 'identity-center-metadata.xml')),
  authorizedGroupIds: ['9a67f5b4-30c1-70d5-9b2e-5f0a1c8e7d21'],
  serverCertificate: ServerCertificate.fromCertificateArn(`arn:aws:acm:${stack.region}:123456789012:certificate/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b`),
  keyPair: ec2.KeyPair.fromKeyPairName(stack, 'KeyPair', 'team-key'),
  machineImage: ec2.MachineImage.genericLinux({ [stack.region]: process.env.MOTO_AMI_ID ?? 'ami-03cf127a' }),
  clientCidr: process.env.MOTO_CLIENT_CIDR || undefined,
  clientLoginBanner: process.env.MOTO_LOGIN_BANNER || undefined,
});
const neighbour = new Stack(app, 'SsoClientVpnBastionMotoNeighbour', {
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.MOTO_NEIGHBOUR_REGION || process.env.CDK_DEFAULT_REGION },
});
new sns.Topic(neighbour, 'Topic', { displayName: process.env.MOTO_NEIGHBOUR_TOPIC_NAME || undefined });
app.synth();
