import {
  CloudFormationClient,
  CreateStackCommand,
  DescribeStacksCommand,
  GetTemplateCommand,
  UpdateStackCommand,
} from '@aws-sdk/client-cloudformation';
import type { Stack } from '@aws-sdk/client-cloudformation';
import { DescribeAddressesCommand, DescribeNatGatewaysCommand, DescribeRouteTablesCommand, EC2Client } from '@aws-sdk/client-ec2';
import type { SwitchConfiguration } from '../../src/schedule/switch-contract';
import { flipStack } from '../../src/schedule/switch-runtime/stack-flip';
import { motoClientConfig, motoFound, startMoto } from '../moto';
import type { MotoServer } from '../moto';

const REGION = 'ap-northeast-1';

/**
 * The switch's shape in miniature: a parameter `State`, a condition on it, a
 * NAT gateway and the private default route to it under that condition, and
 * an unconditioned Elastic IP that must outlive every switch-off.
 */
const TEMPLATE = {
  Parameters: { State: { Type: 'String', AllowedValues: ['on', 'off'], Default: 'on' } },
  Conditions: { SwitchedOn: { 'Fn::Equals': [{ Ref: 'State' }, 'on'] } },
  Resources: {
    Vpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.40.0.0/16' } },
    InternetGateway: { Type: 'AWS::EC2::InternetGateway' },
    GatewayAttachment: { Type: 'AWS::EC2::VPCGatewayAttachment', Properties: { VpcId: { Ref: 'Vpc' }, InternetGatewayId: { Ref: 'InternetGateway' } } },
    PublicSubnet: { Type: 'AWS::EC2::Subnet', Properties: { VpcId: { Ref: 'Vpc' }, CidrBlock: '10.40.0.0/24', AvailabilityZone: `${REGION}a` } },
    ElasticIp: { Type: 'AWS::EC2::EIP', Properties: { Domain: 'vpc' } },
    NatGateway: {
      Type: 'AWS::EC2::NatGateway',
      Condition: 'SwitchedOn',
      DependsOn: 'GatewayAttachment',
      Properties: { AllocationId: { 'Fn::GetAtt': ['ElasticIp', 'AllocationId'] }, SubnetId: { Ref: 'PublicSubnet' } },
    },
    PrivateRouteTable: { Type: 'AWS::EC2::RouteTable', Properties: { VpcId: { Ref: 'Vpc' } } },
    PrivateDefaultRoute: {
      Type: 'AWS::EC2::Route',
      Condition: 'SwitchedOn',
      Properties: { RouteTableId: { Ref: 'PrivateRouteTable' }, DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: { Ref: 'NatGateway' } },
    },
  },
};

/**
 * The real `flipStack` against moto_server's CloudFormation (moto 5.2.1 here).
 *
 * What moto models, and this test asserts: the parameter flip through
 * UpdateStack with the previous template, every other parameter's previous
 * value and a RoleARN (kept as the stack's role); UPDATE_COMPLETE; the
 * "No updates are to be performed." ValidationError the mocked handler tests
 * model; the unconditioned Elastic IP kept with its allocation ID.
 *
 * What moto lacks (measured, so not asserted): it applies no condition change
 * on update. After on → off the NAT gateway stays `available` on the Elastic
 * IP and the private default route to it stays; real CloudFormation deletes
 * both (a resource whose condition turns false is deleted). ListStackResources
 * then shows an entry with an empty logical ID in place of an unrelated
 * resource (the internet gateway). moto also accepts a parameter value outside
 * AllowedValues and records no ClientRequestToken on stack events, so the
 * switch's rollback report (first *_FAILED event of its token) cannot run here
 * (test/schedule/schedule-switch-handler.test.ts models it). The condition semantics are
 * modelled with @aws-cdk/cloudformation-diff and cfn-lint instead, in
 * test/day-two/transitions.test.ts.
 */
(motoFound ? describe : describe.skip)('the switch\'s stack flip against moto_server (CloudFormation)', () => {
  let moto: MotoServer;
  let cloudFormation: CloudFormationClient;
  let ec2: EC2Client;
  let config: SwitchConfiguration;
  let allocationId: string;
  const timing = { minDelaySeconds: 0.1, maxDelaySeconds: 0.5 };
  const deadline = () => 20;

  async function stackNow(): Promise<Stack> {
    return (await cloudFormation.send(new DescribeStacksCommand({ StackName: config.StackId }))).Stacks![0];
  }

  async function addresses() {
    return (await ec2.send(new DescribeAddressesCommand({}))).Addresses!.map((address) => address.AllocationId);
  }

  beforeAll(async () => {
    moto = await startMoto();
    cloudFormation = new CloudFormationClient(motoClientConfig(moto.endpoint, REGION));
    ec2 = new EC2Client(motoClientConfig(moto.endpoint, REGION));
    // The switch's own CloudFormation service role, which UpdateStack must carry: created in moto's IAM
    // (through a stack of its own, so that no IAM client is needed).
    await cloudFormation.send(new CreateStackCommand({
      StackName: 'SwitchRole',
      Capabilities: ['CAPABILITY_IAM'],
      TemplateBody: JSON.stringify({
        Resources: {
          Role: {
            Type: 'AWS::IAM::Role',
            Properties: {
              AssumeRolePolicyDocument: {
                Version: '2012-10-17',
                Statement: [{ Effect: 'Allow', Principal: { Service: 'cloudformation.amazonaws.com' }, Action: 'sts:AssumeRole' }],
              },
            },
          },
        },
        Outputs: { RoleArn: { Value: { 'Fn::GetAtt': ['Role', 'Arn'] } } },
      }),
    }));
    const roleStack = (await cloudFormation.send(new DescribeStacksCommand({ StackName: 'SwitchRole' }))).Stacks![0];
    const roleArn = roleStack.Outputs!.find((output) => output.OutputKey === 'RoleArn')!.OutputValue!;
    expect(roleArn).toMatch(/^arn:aws:iam::\d{12}:role\//);
    const { StackId } = await cloudFormation.send(new CreateStackCommand({
      StackName: 'SwitchFlip',
      TemplateBody: JSON.stringify(TEMPLATE),
      Parameters: [{ ParameterKey: 'State', ParameterValue: 'on' }],
    }));
    config = { StackId: StackId!, ParameterKey: 'State', RoleArn: roleArn, InstanceId: 'i-unused', EndpointId: 'cvpn-endpoint-unused' };
  }, 60_000);

  afterAll(async () => {
    await moto?.stop();
  });

  test('created on: the NAT gateway is available on the Elastic IP and the private default route targets it', async () => {
    const stack = await stackNow();
    expect(stack.StackStatus).toBe('CREATE_COMPLETE');
    expect(stack.Parameters).toEqual([{ ParameterKey: 'State', ParameterValue: 'on' }]);
    const [natGateway] = (await ec2.send(new DescribeNatGatewaysCommand({}))).NatGateways!;
    expect(natGateway.State).toBe('available');
    allocationId = natGateway.NatGatewayAddresses![0].AllocationId!;
    expect(await addresses()).toEqual([allocationId]);
    const routes = (await ec2.send(new DescribeRouteTablesCommand({}))).RouteTables!.flatMap((table) => table.Routes ?? []);
    expect(routes).toContainEqual(expect.objectContaining({ DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: natGateway.NatGatewayId }));
  });

  test('on → off: UpdateStack accepted with the previous template and the switch\'s role; the parameter is off; the Elastic IP is kept', async () => {
    await expect(flipStack(cloudFormation, config, 'off', deadline, timing)).resolves.toBe('flipped');

    const stack = await stackNow();
    expect(stack.StackStatus).toBe('UPDATE_COMPLETE');
    expect(stack.Parameters).toEqual([{ ParameterKey: 'State', ParameterValue: 'off' }]);
    // The role given to UpdateStack is the stack's role from now on.
    expect(stack.RoleARN).toBe(config.RoleArn);
    // UsePreviousTemplate: the template is the one created, byte for byte.
    const { TemplateBody } = await cloudFormation.send(new GetTemplateCommand({ StackName: config.StackId }));
    expect(JSON.parse(TemplateBody!)).toEqual(TEMPLATE);
    // The unconditioned Elastic IP stays, with its allocation ID (egress allow-lists keep working).
    expect(await addresses()).toEqual([allocationId]);
    // NOT asserted: the NAT gateway and the default route. Real CloudFormation deletes both (their
    // condition is now false); moto 5.2.1 leaves the gateway `available` and the route in place.
  });

  test('off again: nothing to do, and UpdateStack itself answers "No updates are to be performed." (ValidationError)', async () => {
    const before = await stackNow();
    await expect(flipStack(cloudFormation, config, 'off', deadline, timing)).resolves.toBe('unchanged');
    expect((await stackNow()).StackStatus).toBe(before.StackStatus);

    // The answer the mocked handler tests model, as moto gives it on the wire.
    const noop = cloudFormation.send(new UpdateStackCommand({
      StackName: config.StackId,
      UsePreviousTemplate: true,
      Parameters: [{ ParameterKey: 'State', UsePreviousValue: true }],
      RoleARN: config.RoleArn,
    }));
    await expect(noop).rejects.toMatchObject({ name: 'ValidationError', message: 'No updates are to be performed.' });
  });

  test('off → on: the parameter is on again, the stack UPDATE_COMPLETE, the same Elastic IP', async () => {
    await expect(flipStack(cloudFormation, config, 'on', deadline, timing)).resolves.toBe('flipped');

    const stack = await stackNow();
    expect(stack.StackStatus).toBe('UPDATE_COMPLETE');
    expect(stack.Parameters).toEqual([{ ParameterKey: 'State', ParameterValue: 'on' }]);
    expect(stack.RoleARN).toBe(config.RoleArn);
    expect(await addresses()).toEqual([allocationId]);
    // NOT asserted: that a new NAT gateway was created on the same allocation. moto never deleted the
    // first one, so it cannot show the recreation; test/day-two/transitions.test.ts models it.
  });
});
