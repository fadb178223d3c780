/**
 * THE table of what each IAM principal the construct makes must be able to
 * do, and must never be able to do, as requests AWS would authorize: the
 * action, each resource ARN it is authorized on, and only the condition keys
 * the Service Authorization Reference lists for that action and resource type
 * (`request` refuses any other). grants.test.ts evaluates every row with
 * iam-simulate against the policies of freshly synthesized templates.
 *
 * Each entry finds its principal in a template (undefined: this configuration
 * has none), and names the Lambda handlers (`*.lambda.ts`) that run with it:
 * every SDK command a handler sends must be a MUST row of one of its principals.
 */
import * as fs from 'fs';
import * as path from 'path';
import { request } from './reference';
import type { Request } from './reference';
import { documentPrincipal, rolePrincipal } from './template-world';
import type { Principal, TemplateWorld } from './template-world';
import { OWNER_TAG_KEY } from '../../src/certificate/self-signed-contract';
import type { SwitchConfiguration } from '../../src/schedule/switch-contract';

/** IDs of things that are not the stack's: another VPC, another endpoint, another instance... */
export const OTHER = {
  vpc: 'vpc-0123456789abcdef0',
  subnet: 'subnet-0123456789abcdef0',
  routeTable: 'rtb-0123456789abcdef0',
  natGateway: 'nat-0123456789abcdef0',
  allocation: 'eipalloc-0123456789abcdef0',
  endpoint: 'cvpn-endpoint-0123456789abcdef0',
  instance: 'i-0123456789abcdef0',
  stack: 'arn:aws:cloudformation:eu-west-1:111111111111:stack/SomeoneElsesStack/00000000-0000-0000-0000-000000000000',
};

/** What the rows need to know about one synthesized stack, read from its template. */
export class Facts {
  public static readonly isSwitch = (fn: any) => fn.Properties.Environment?.Variables?.SWITCH_CONFIGURATION !== undefined;
  public static readonly isWake = (fn: any) => fn.Properties.Environment?.Variables?.WAKE_TARGET !== undefined;

  constructor(public readonly w: TemplateWorld) {}

  public arn(service: string, resource: string, region = this.w.region): string {
    return `arn:aws:${service}:${region}:${this.w.account}:${resource}`;
  }
  public ec2(resource: string): string {
    return this.arn('ec2', resource);
  }
  public get stackId(): string {
    return this.w.stackId;
  }

  /** The CDK bootstrap's CloudFormation execution role (administrator by default). */
  public get cdkExecutionRole(): string {
    return `arn:aws:iam::${this.w.account}:role/cdk-hnb659fds-cfn-exec-role-${this.w.account}-${this.w.region}`;
  }

  public get endpointId(): string {
    return this.w.ref(this.w.find('AWS::EC2::ClientVpnEndpoint')![0]);
  }
  public get endpointArn(): string {
    return this.ec2(`client-vpn-endpoint/${this.endpointId}`);
  }
  public get vpcId(): string {
    // With a Transit Gateway the endpoint names no VPC: the bastion's own VPC is the template's.
    return this.w.resolve(this.w.find('AWS::EC2::ClientVpnEndpoint')![1].Properties.VpcId) ?? this.w.ref(this.w.find('AWS::EC2::VPC')![0]);
  }
  /** The bastion VPC's Transit Gateway attachment, in the Transit Gateway mode. */
  public get transitGatewayAttachmentId(): string | undefined {
    const attachment = this.w.find('AWS::EC2::TransitGatewayAttachment');
    return attachment && this.w.ref(attachment[0]);
  }
  public get vpcArn(): string {
    return this.ec2(`vpc/${this.vpcId}`);
  }
  /** The server: the instance whose role EC2 assumes, the only instance of the construct. */
  public get instanceId(): string {
    return this.w.ref(this.w.find('AWS::EC2::Instance')![0]);
  }
  public get instanceArn(): string {
    return this.ec2(`instance/${this.instanceId}`);
  }

  /** The condition the switched resources carry, if the stack has an off-hours switch. */
  public get switchCondition(): string | undefined {
    return Object.keys(this.w.template.Conditions ?? {}).find((name) => /OffHoursSwitchIsOn/.test(name));
  }
  private switched(type: string): any[] {
    const condition = this.switchCondition;
    if (!condition) return [];
    return this.w.ofType(type).filter(([, r]) => r.Condition === condition).map(([id, r]) => ({ id, ...this.w.resolve(r.Properties) }));
  }
  public get associations(): Array<{ SubnetId: string }> {
    return this.switched('AWS::EC2::ClientVpnTargetNetworkAssociation');
  }
  /** The switched Client VPN routes; with a Transit Gateway they name no subnet. */
  public get clientVpnRoutes(): Array<{ TargetVpcSubnetId?: string }> {
    return this.switched('AWS::EC2::ClientVpnRoute');
  }
  public get natGateways(): Array<{ id: string; SubnetId: string; AllocationId: string; Tags?: Array<{ Key: string; Value: string }> }> {
    return this.switched('AWS::EC2::NatGateway');
  }
  public get natRoutes(): Array<{ RouteTableId: string }> {
    return this.switched('AWS::EC2::Route');
  }
  /** A route table of the stack's VPC that the switch has no business with (a public subnet's, to the internet gateway). */
  public get unswitchedRouteTable(): string | undefined {
    const switched = new Set(this.natRoutes.map((route) => route.RouteTableId));
    return this.w.ofType('AWS::EC2::Route').map(([, r]) => this.w.resolve(r.Properties.RouteTableId) as string).find((table) => !switched.has(table));
  }

  public subnetContext(subnetId: string): { 'ec2:Vpc': string; 'ec2:SubnetID': string; 'ec2:AvailabilityZone'?: string } {
    const [, subnet] = this.w.ofType('AWS::EC2::Subnet').find(([id]) => this.w.ref(id) === subnetId) ?? [];
    if (!subnet) throw new Error(`subnet ${subnetId} is not in the template`);
    return { 'ec2:Vpc': this.ec2(`vpc/${this.w.resolve(subnet.Properties.VpcId)}`), 'ec2:SubnetID': subnetId, 'ec2:AvailabilityZone': this.w.resolve(subnet.Properties.AvailabilityZone) };
  }
  public eipContext(allocationId: string): Record<string, string> {
    const [id] = this.w.ofType('AWS::EC2::EIP').find(([eip]) => this.w.getAtt(eip, 'AllocationId') === allocationId) ?? [];
    // An Elastic IP of the user's (egressIpAllocationIds) is not in the template; its address is not known here.
    return id ? { 'ec2:AllocationId': allocationId, 'ec2:Domain': 'vpc', 'ec2:PublicIpAddress': this.w.ref(id) } : { 'ec2:AllocationId': allocationId, 'ec2:Domain': 'vpc' };
  }

  private lambda(test: (fn: any) => boolean): [string, any] | undefined {
    return this.w.find('AWS::Lambda::Function', test);
  }
  public roleOfLambda(test: (fn: any) => boolean): Principal | undefined {
    const fn = this.lambda(test);
    return fn && rolePrincipal(this.w, fn[1].Properties.Role['Fn::GetAtt'][0]);
  }
  public roleTrusting(service: string): Principal | undefined {
    const role = this.w.find('AWS::IAM::Role', (r) => JSON.stringify(r.Properties.AssumeRolePolicyDocument.Statement.map((s: any) => s.Principal)) === JSON.stringify([{ Service: service }]));
    return role && rolePrincipal(this.w, role[0]);
  }
  public managedPolicy(description: RegExp): Principal | undefined {
    const policy = this.w.find('AWS::IAM::ManagedPolicy', (p) => description.test(p.Properties.Description ?? ''));
    return policy && documentPrincipal(this.w, policy[0], policy[1].Properties.PolicyDocument);
  }

  private functionArn(test: (fn: any) => boolean): string | undefined {
    const fn = this.lambda(test);
    return fn && this.w.getAtt(fn[0], 'Arn');
  }
  public get switchFunctionArn(): string {
    return this.functionArn(Facts.isSwitch)!;
  }
  public get switchFunctionName(): string {
    return this.switchFunctionArn.split(':').pop()!;
  }
  public get wakeFunctionArn(): string {
    return this.functionArn(Facts.isWake)!;
  }
  /** The switch's configuration, as its function reads it from its environment. */
  public get switchConfiguration(): SwitchConfiguration {
    const fn = this.lambda(Facts.isSwitch)!;
    return JSON.parse(this.w.resolve(fn[1].Properties.Environment.Variables.SWITCH_CONFIGURATION));
  }
  /** The on-failure destinations (queues) of the switch function's asynchronous invocations. */
  public get switchFailureDestinations(): string[] {
    const fn = this.lambda(Facts.isSwitch)!;
    return this.w.ofType('AWS::Lambda::EventInvokeConfig')
      .filter(([, config]) => this.w.resolve(config.Properties.FunctionName) === this.w.ref(fn[0]))
      .map(([, config]) => this.w.resolve(config.Properties.DestinationConfig?.OnFailure?.Destination) as string | undefined)
      .filter((arn): arn is string => arn?.startsWith('arn:aws:sqs:') ?? false);
  }
  /** The SSM parameter of SwitchState.ssmParameter, if the switch keeps its state there. */
  public get stateParameter(): string | undefined {
    if (!this.w.find('AWS::Lambda::Function', Facts.isSwitch)) return undefined;
    const name = this.switchConfiguration.StateParameterName;
    return name === undefined ? undefined : this.arn('ssm', `parameter/${name.replace(/^\//, '')}`);
  }
  /** The SSM parameter of the CDK bootstrap version, which UpdateStack resolves again. */
  public get bootstrapVersionParameter(): string | undefined {
    const name = this.w.template.Parameters?.BootstrapVersion?.Default as string | undefined;
    return name && this.arn('ssm', `parameter${name}`);
  }
  /** The owner tag value of the self-signed certificates: the UUID of the stack ID. */
  public get ownerTag(): string {
    return this.stackId.split('/')[2];
  }
}

const describe = (...actions: string[]) => actions.map((action) => request(action, '*'));

/** One principal's rows. */
export interface TableEntry {
  /** The principal in this stack, or undefined when the configuration has none. */
  readonly find: (facts: Facts) => Principal | undefined;
  /** The Lambda handlers (paths under src/) that run as this principal. */
  readonly handlers?: readonly string[];
  /** The requests it must be able to make. */
  readonly must: (facts: Facts) => Request[];
  /** The requests it must never be able to make. */
  readonly never: (facts: Facts) => Request[];
}

/** The deploying role's policy, parsed from SECURITY.md (the document is what is tested), for this stack. */
export function deployingRolePolicy(facts: Facts): any {
  const security = fs.readFileSync(path.join(__dirname, '..', '..', 'SECURITY.md'), 'utf8');
  const section = security.slice(security.indexOf('## The deploying role'));
  const json = /```json\n([\s\S]*?)```/.exec(section)![1]
    .replace(/\bACCOUNT\b/g, facts.w.account).replace(/\bREGION\b/g, facts.w.region)
    .replace(/\bSTACK\b/g, facts.w.stackName).replace(/\bFUNCTION\b/g, facts.switchFunctionName);
  return JSON.parse(json);
}

const bootstrapRole = (facts: Facts, kind: string) => `arn:aws:iam::${facts.w.account}:role/cdk-hnb659fds-${kind}-role-${facts.w.account}-${facts.w.region}`;

export const TABLE: Record<string, TableEntry> = {
  'switch function': {
    find: (facts) => facts.roleOfLambda(Facts.isSwitch),
    handlers: ['schedule/switch.lambda.ts'],
    must: (facts) => {
      const config = facts.switchConfiguration;
      return [
        request('cloudformation:DescribeStacks', facts.stackId),
        request('cloudformation:DescribeStackEvents', facts.stackId),
        request('cloudformation:UpdateStack', facts.stackId, { 'cloudformation:RoleArn': config.RoleArn }),
        request('iam:PassRole', config.RoleArn, { 'iam:PassedToService': 'cloudformation.amazonaws.com' }),
        ...(facts.bootstrapVersionParameter ? [request('ssm:GetParameters', facts.bootstrapVersionParameter)] : []),
        ...describe('ec2:DescribeInstances'),
        request('ec2:StartInstances', facts.instanceArn, { 'ec2:InstanceID': facts.instanceId }),
        request('ec2:StopInstances', facts.instanceArn, { 'ec2:InstanceID': facts.instanceId }),
        request('ec2:DescribeClientVpnConnections', facts.endpointArn),
        // Leftovers of a failed switch-off: a NAT gateway still holding an Elastic IP, an association still there.
        ...describe('ec2:DescribeNatGateways'),
        request('ec2:DescribeClientVpnTargetNetworks', facts.endpointArn),
        ...(config.AlarmName ? [request('cloudwatch:SetAlarmState', facts.arn('cloudwatch', `alarm:${config.AlarmName}`))] : []),
        // Lambda sends a failed asynchronous invocation to the on-failure destination with the function's role.
        ...facts.switchFailureDestinations.map((queue) => request('sqs:SendMessage', queue)),
        // SwitchState.ssmParameter: the switch writes the state and reads it; UpdateStack resolves it with the caller's permissions.
        ...(facts.stateParameter ? ['ssm:PutParameter', 'ssm:GetParameter', 'ssm:GetParameters'].map((action) => request(action, facts.stateParameter!)) : []),
      ];
    },
    never: (facts) => {
      const config = facts.switchConfiguration;
      return [
        // Without RoleARN CloudFormation would use the stack's previous role: the CDK's execution role.
        request('cloudformation:UpdateStack', facts.stackId),
        request('cloudformation:UpdateStack', facts.stackId, { 'cloudformation:RoleArn': facts.cdkExecutionRole }),
        request('cloudformation:UpdateStack', OTHER.stack, { 'cloudformation:RoleArn': config.RoleArn }),
        request('cloudformation:DeleteStack', facts.stackId),
        // A change set is an update too, and without the switch's role it would run with the stack's previous one.
        request('cloudformation:CreateChangeSet', facts.stackId),
        request('cloudformation:ExecuteChangeSet', facts.stackId),
        request('iam:PassRole', facts.cdkExecutionRole, { 'iam:PassedToService': 'cloudformation.amazonaws.com' }),
        request('iam:PassRole', config.RoleArn, { 'iam:PassedToService': 'lambda.amazonaws.com' }),
        request('ec2:StartInstances', facts.ec2(`instance/${OTHER.instance}`), { 'ec2:InstanceID': OTHER.instance }),
        request('ec2:StopInstances', facts.ec2(`instance/${OTHER.instance}`), { 'ec2:InstanceID': OTHER.instance }),
        request('ec2:TerminateInstances', facts.instanceArn),
        request('ssm:GetParameters', facts.arn('ssm', 'parameter/some/secret')),
        request('ssm:PutParameter', facts.arn('ssm', 'parameter/some/secret')),
        ...(facts.bootstrapVersionParameter ? [request('ssm:PutParameter', facts.bootstrapVersionParameter)] : []),
        request('cloudwatch:SetAlarmState', facts.arn('cloudwatch', 'alarm:someone-elses-alarm')),
        // The on-failure destination is its own queue, no other.
        request('sqs:SendMessage', facts.arn('sqs', 'someone-elses-queue')),
        request('lambda:InvokeFunction', facts.switchFunctionArn),
      ];
    },
  },

  'wake function': {
    find: (facts) => facts.roleOfLambda(Facts.isWake),
    handlers: ['schedule/switch.lambda.ts'],
    must: (facts) => [request('lambda:InvokeFunction', facts.switchFunctionArn)],
    never: (facts) => [
      request('lambda:InvokeFunction', facts.arn('lambda', 'function:SomeOtherFunction')),
      request('cloudformation:UpdateStack', facts.stackId, { 'cloudformation:RoleArn': facts.switchConfiguration.RoleArn }),
      request('iam:PassRole', facts.switchConfiguration.RoleArn, { 'iam:PassedToService': 'cloudformation.amazonaws.com' }),
      request('ec2:StartInstances', facts.instanceArn),
    ],
  },

  /*
   * The CloudFormation service role the switch passes to UpdateStack: it acts for the handlers of the switched types.
   * Handler permission lists, written from the registry schemas' `handlers` sections as we know them (no copy of
   * the schemas with handlers is in node_modules: cfn-lint's strips them; NOT checked against the registry here):
   *   AWS::EC2::NatGateway  create: ec2:CreateNatGateway, ec2:DescribeNatGateways, ec2:CreateTags;
   *                         read/list: ec2:DescribeNatGateways; delete: ec2:DeleteNatGateway, ec2:DescribeNatGateways.
   *   AWS::EC2::Route       create: ec2:CreateRoute, ec2:DescribeRouteTables, ec2:DescribeNetworkInterfaces;
   *                         update: ec2:ReplaceRoute, ec2:DescribeRouteTables, ec2:DescribeNetworkInterfaces;
   *                         read/list: ec2:DescribeRouteTables; delete: ec2:DeleteRoute, ec2:DescribeRouteTables.
   * AWS::EC2::ClientVpnTargetNetworkAssociation and AWS::EC2::ClientVpnRoute are not registry types: their handlers'
   * calls are the EC2 API calls themselves (AssociateClientVpnTargetNetwork / DisassociateClientVpnTargetNetwork /
   * DescribeClientVpnTargetNetworks; CreateClientVpnRoute / DeleteClientVpnRoute with TargetVpcSubnetId /
   * DescribeClientVpnRoutes), from the EC2 API Reference.
   */
  'StackRole': {
    find: (facts) => facts.roleTrusting('cloudformation.amazonaws.com'),
    must: (facts) => [
      // An update with this role resolves the template's SSM-typed parameters (the CDK's bootstrap version, the
      // SwitchState.ssmParameter state): whether with the caller's or the role's permissions is not documented.
      ...[facts.bootstrapVersionParameter, facts.stateParameter].filter((p): p is string => p !== undefined).map((p) => request('ssm:GetParameters', p)),
      ...describe('ec2:DescribeNatGateways', 'ec2:DescribeRouteTables', 'ec2:DescribeNetworkInterfaces'),
      request('ec2:DescribeClientVpnTargetNetworks', facts.endpointArn),
      request('ec2:DescribeClientVpnRoutes', facts.endpointArn),
      ...facts.associations.flatMap(({ SubnetId }) => [
        request('ec2:AssociateClientVpnTargetNetwork', facts.endpointArn),
        request('ec2:AssociateClientVpnTargetNetwork', facts.ec2(`subnet/${SubnetId}`), { 'ec2:SubnetID': SubnetId }),
        request('ec2:DisassociateClientVpnTargetNetwork', facts.endpointArn),
      ]),
      ...facts.clientVpnRoutes.flatMap(({ TargetVpcSubnetId }) => [
        request('ec2:CreateClientVpnRoute', facts.endpointArn),
        request('ec2:DeleteClientVpnRoute', facts.endpointArn),
        // With a Transit Gateway a route names no subnet, and is authorized on the endpoint alone.
        ...(TargetVpcSubnetId === undefined ? [] : [
          request('ec2:CreateClientVpnRoute', facts.ec2(`subnet/${TargetVpcSubnetId}`), { 'ec2:SubnetID': TargetVpcSubnetId }),
          request('ec2:DeleteClientVpnRoute', facts.ec2(`subnet/${TargetVpcSubnetId}`), facts.subnetContext(TargetVpcSubnetId)),
        ]),
      ]),
      ...facts.natGateways.flatMap((nat) => {
        const natArn = facts.ec2(`natgateway/${facts.w.ref(nat.id)}`);
        const tags = Object.fromEntries((nat.Tags ?? []).map((tag) => [`aws:RequestTag/${tag.Key}`, tag.Value]));
        const tagKeys: Record<string, string[]> = (nat.Tags ?? []).length > 0 ? { 'aws:TagKeys': (nat.Tags ?? []).map((tag) => tag.Key) } : {};
        return [
          request('ec2:CreateNatGateway', facts.ec2(`subnet/${nat.SubnetId}`), facts.subnetContext(nat.SubnetId)),
          request('ec2:CreateNatGateway', facts.ec2(`elastic-ip/${nat.AllocationId}`), facts.eipContext(nat.AllocationId)),
          request('ec2:CreateNatGateway', natArn, { ...tags, ...tagKeys }),
          request('ec2:CreateTags', natArn, { 'ec2:CreateAction': 'CreateNatGateway', ...tags, ...tagKeys }),
          // CloudFormation tags what it creates with aws:cloudformation:stack-id: the gateway carries it when deleted.
          request('ec2:DeleteNatGateway', natArn, { 'aws:ResourceTag/aws:cloudformation:stack-id': facts.stackId }),
        ];
      }),
      ...facts.natRoutes.flatMap(({ RouteTableId }) => ['ec2:CreateRoute', 'ec2:ReplaceRoute', 'ec2:DeleteRoute'].map((action) =>
        request(action, facts.ec2(`route-table/${RouteTableId}`), { 'ec2:Vpc': facts.vpcArn, 'ec2:RouteTableID': RouteTableId }))),
    ],
    never: (facts) => {
      const otherEndpoint = facts.ec2(`client-vpn-endpoint/${OTHER.endpoint}`);
      const otherVpc = facts.ec2(`vpc/${OTHER.vpc}`);
      const unswitched = facts.unswitchedRouteTable;
      return [
        request('ec2:AssociateClientVpnTargetNetwork', otherEndpoint),
        request('ec2:DisassociateClientVpnTargetNetwork', otherEndpoint),
        request('ec2:CreateClientVpnRoute', otherEndpoint),
        request('ec2:DeleteClientVpnRoute', otherEndpoint),
        request('ec2:CreateNatGateway', facts.ec2(`subnet/${OTHER.subnet}`), { 'ec2:Vpc': otherVpc, 'ec2:SubnetID': OTHER.subnet }),
        request('ec2:CreateNatGateway', facts.ec2(`elastic-ip/${OTHER.allocation}`), { 'ec2:AllocationId': OTHER.allocation, 'ec2:Domain': 'vpc' }),
        request('ec2:DeleteNatGateway', facts.ec2(`natgateway/${OTHER.natGateway}`), { 'aws:ResourceTag/aws:cloudformation:stack-id': OTHER.stack }),
        request('ec2:DeleteNatGateway', facts.ec2(`natgateway/${OTHER.natGateway}`)),
        ...['ec2:CreateRoute', 'ec2:ReplaceRoute', 'ec2:DeleteRoute'].flatMap((action) => [
          request(action, facts.ec2(`route-table/${OTHER.routeTable}`), { 'ec2:Vpc': otherVpc, 'ec2:RouteTableID': OTHER.routeTable }),
          // The public subnets' route to the internet gateway: the switch never changes it.
          ...(unswitched ? [request(action, facts.ec2(`route-table/${unswitched}`), { 'ec2:Vpc': facts.vpcArn, 'ec2:RouteTableID': unswitched })] : []),
        ]),
        // The fixed egress address must outlive every switch-off.
        ...facts.natGateways.flatMap((nat) => [
          request('ec2:ReleaseAddress', facts.ec2(`elastic-ip/${nat.AllocationId}`), { 'ec2:AllocationId': nat.AllocationId }),
          request('ec2:DisassociateAddress', facts.ec2(`elastic-ip/${nat.AllocationId}`), { 'ec2:AllocationId': nat.AllocationId }),
        ]),
        request('ec2:TerminateInstances', facts.instanceArn),
        request('ec2:DeleteClientVpnEndpoint', facts.endpointArn),
        // The Transit Gateway mode: the switch leaves the VPC's attachment, the Transit Gateway's routes and the endpoint's AZs alone.
        ...(facts.transitGatewayAttachmentId ? [
          request('ec2:DeleteTransitGatewayVpcAttachment', facts.ec2(`transit-gateway-attachment/${facts.transitGatewayAttachmentId}`)),
          request('ec2:CreateTransitGatewayVpcAttachment', facts.ec2('transit-gateway/tgw-0123456789abcdef0')),
          request('ec2:DeleteTransitGatewayRoute', facts.ec2('transit-gateway-route-table/tgw-rtb-0123456789abcdef0')),
          request('ec2:AssociateClientVpnTargetNetwork', facts.endpointArn),
          request('ec2:DisassociateClientVpnTargetNetwork', facts.endpointArn),
        ] : []),
        request('iam:PassRole', facts.cdkExecutionRole),
        request('iam:CreateRole', `arn:aws:iam::${facts.w.account}:role/Anything`),
        request('ssm:GetParameters', facts.arn('ssm', 'parameter/some/secret')),
        ...(facts.stateParameter ? [request('ssm:PutParameter', facts.stateParameter)] : []),
      ];
    },
  },

  'scheduler': {
    find: (facts) => facts.roleTrusting('scheduler.amazonaws.com'),
    must: (facts) => [request('lambda:InvokeFunction', facts.switchFunctionArn)],
    never: (facts) => [request('lambda:InvokeFunction', facts.wakeFunctionArn), request('lambda:InvokeFunction', facts.arn('lambda', 'function:SomeOtherFunction'))],
  },

  'certificate import function': {
    find: (facts) => facts.roleOfLambda((fn) => /^Issues a self-signed/.test(fn.Properties.Description ?? '')),
    handlers: ['certificate/import.lambda.ts'],
    // A new certificate's ARN: ImportCertificate without CertificateArn is authorized on the ARN it will have (NOT verified).
    must: (facts) => {
      const certificate = facts.arn('acm', 'certificate/11111111-2222-3333-4444-555555555555');
      const owner = { [`aws:RequestTag/${OWNER_TAG_KEY}`]: facts.ownerTag, 'aws:TagKeys': [OWNER_TAG_KEY] };
      return [request('acm:ImportCertificate', certificate, owner), request('acm:AddTagsToCertificate', certificate, owner)];
    },
    never: (facts) => {
      const certificate = facts.arn('acm', 'certificate/11111111-2222-3333-4444-555555555555');
      return [
        request('acm:ImportCertificate', certificate),
        request('acm:ImportCertificate', certificate, { [`aws:RequestTag/${OWNER_TAG_KEY}`]: '00000000-0000-0000-0000-000000000000', 'aws:TagKeys': [OWNER_TAG_KEY] }),
        request('acm:DeleteCertificate', certificate),
      ];
    },
  },

  'certificate cleanup function': {
    find: (facts) => facts.roleOfLambda((fn) => /^Deletes a self-signed/.test(fn.Properties.Description ?? '')),
    handlers: ['certificate/cleanup.lambda.ts'],
    must: (facts) => {
      const certificate = facts.arn('acm', 'certificate/11111111-2222-3333-4444-555555555555');
      return [
        request('acm:DeleteCertificate', certificate, { [`aws:ResourceTag/${OWNER_TAG_KEY}`]: facts.ownerTag }),
        // Certificates of earlier versions of the construct, tagged with the whole stack ID.
        request('acm:DeleteCertificate', certificate, { [`aws:ResourceTag/${OWNER_TAG_KEY}`]: facts.stackId }),
        request('acm:DescribeCertificate', certificate),
      ];
    },
    never: (facts) => {
      const certificate = facts.arn('acm', 'certificate/99999999-2222-3333-4444-555555555555');
      return [
        request('acm:DeleteCertificate', certificate),
        request('acm:DeleteCertificate', certificate, { [`aws:ResourceTag/${OWNER_TAG_KEY}`]: '00000000-0000-0000-0000-000000000000' }),
        request('acm:ImportCertificate', certificate),
      ];
    },
  },

  'group-name lookup function': {
    find: (facts) => facts.roleOfLambda((fn) => /^Finds the IAM Identity Center instance/.test(fn.Properties.Description ?? '')),
    handlers: ['identity-center/lookup.lambda.ts'],
    must: () => [
      ...describe('sso:ListInstances'),
      // The identity store may be in the organization's management account, not the stack's.
      request('identitystore:GetGroupId', 'arn:aws:identitystore::222222222222:identitystore/d-1234567890'),
      // GetGroupId finds a group by name: any group of the store (the grant is group/*).
      request('identitystore:GetGroupId', 'arn:aws:identitystore:::group/9a67f5b4-30c1-70d5-9b2e-5f0a1c8e7d21'),
    ],
    never: () => [
      request('identitystore:CreateGroupMembership', 'arn:aws:identitystore::222222222222:identitystore/d-1234567890'),
      request('identitystore:DeleteGroup', 'arn:aws:identitystore::222222222222:identitystore/d-1234567890'),
      request('sso:CreateAccountAssignment', 'arn:aws:sso:::instance/ssoins-1234567890abcdef'),
    ],
  },

  'server image lookup': {
    // aws-cdk-lib's AwsCustomResource singleton function (its uuid is in the logical ID).
    find: (facts) => facts.roleOfLambda((fn) => /^arn:aws:iam::\d+:role\/AWS679f53fac002430cb0da5b7982bd2287/.test(facts.w.resolve(fn.Properties.Role))),
    must: (facts) => {
      const image = facts.w.ofType('Custom::AWS').map(([, r]) => facts.w.resolve(r.Properties.Create) as string).find((call) => /getParameter/.test(call ?? ''));
      const name = JSON.parse(image!).parameters.Name as string;
      // AWS's public parameters have no account in their ARN.
      return [request('ssm:GetParameter', `arn:aws:ssm:${facts.w.region}::parameter${name}`)];
    },
    never: (facts) => [
      request('ssm:GetParameter', facts.arn('ssm', 'parameter/some/secret')),
      request('ssm:PutParameter', `arn:aws:ssm:${facts.w.region}::parameter/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-6.1-x86_64`),
    ],
  },

  'server image pin function': {
    find: (facts) => facts.roleOfLambda((fn) => /^Pins the SSO Client VPN bastion server's image/.test(fn.Properties.Description ?? '')),
    handlers: ['server/image-pin.lambda.ts'],
    // It calls no AWS API: it answers CloudFormation through the pre-signed response URL.
    must: () => [],
    never: (facts) => [
      request('ssm:GetParameter', facts.arn('ssm', 'parameter/some/secret')),
      request('ec2:StopInstances', facts.instanceArn),
      request('ec2:RunInstances', `arn:aws:ec2:${facts.w.region}::image/ami-0123456789abcdef0`),
      request('iam:PassRole', facts.cdkExecutionRole),
      request('lambda:InvokeFunction', facts.arn('lambda', 'function:SomeOtherFunction')),
    ],
  },

  'server': {
    find: (facts) => facts.roleTrusting('ec2.amazonaws.com'),
    // The server calls no AWS API: SSH keys come from instance metadata (EC2 Instance Connect).
    must: () => [],
    never: (facts) => [
      request('ec2:StopInstances', facts.instanceArn),
      request('ec2-instance-connect:SendSSHPublicKey', facts.instanceArn, { 'ec2:osuser': 'ec2-user' }),
      request('ssm:GetParameter', facts.arn('ssm', 'parameter/some/secret')),
      request('iam:PassRole', facts.cdkExecutionRole),
    ],
  },

  'flow log': {
    find: (facts) => facts.roleTrusting('vpc-flow-logs.amazonaws.com'),
    must: (facts) => {
      const [, flowLog] = facts.w.find('AWS::EC2::FlowLog')!;
      const group = facts.w.resolve(flowLog.Properties.LogGroupName) as string;
      const stream = facts.arn('logs', `log-group:${group}:log-stream:eni-0123456789abcdef0-all`);
      return [
        request('logs:CreateLogStream', stream),
        request('logs:PutLogEvents', stream),
        // CloudWatch Logs authorizes log-group actions on `log-group:<name>:log-stream:` (so its access-denied messages
        // read), which the usual `log-group:<name>:*` grant matches. NOT verified against a real account.
        request('logs:DescribeLogStreams', facts.arn('logs', `log-group:${group}:log-stream:`)),
      ];
    },
    never: (facts) => [
      request('logs:PutLogEvents', facts.arn('logs', 'log-group:SomeOtherLogGroup:log-stream:x')),
      request('logs:DeleteLogGroup', facts.arn('logs', 'log-group:SomeOtherLogGroup')),
    ],
  },

  'Instance Connect policy': {
    find: (facts) => facts.managedPolicy(/^SSH to /),
    must: (facts) => [
      request('ec2-instance-connect:SendSSHPublicKey', facts.instanceArn, { 'ec2:osuser': 'ec2-user' }),
      ...describe('ec2:DescribeInstances'),
    ],
    never: (facts) => [
      request('ec2-instance-connect:SendSSHPublicKey', facts.instanceArn, { 'ec2:osuser': 'root' }),
      request('ec2-instance-connect:SendSSHPublicKey', facts.ec2(`instance/${OTHER.instance}`), { 'ec2:osuser': 'ec2-user' }),
      request('ec2-instance-connect:SendSSHPublicKey', facts.instanceArn),
      request('ec2-instance-connect:SendSerialConsoleSSHPublicKey', facts.instanceArn),
    ],
  },

  'permission set': {
    find: (facts) => {
      const permissionSet = facts.w.find('AWS::SSO::PermissionSet');
      return permissionSet && documentPrincipal(facts.w, permissionSet[0], permissionSet[1].Properties.InlinePolicy);
    },
    must: (facts) => [
      request('ec2-instance-connect:SendSSHPublicKey', facts.instanceArn, { 'ec2:osuser': 'ec2-user' }),
      ...describe('ec2:DescribeInstances'),
      ...(facts.switchCondition ? [request('lambda:InvokeFunction', facts.wakeFunctionArn)] : []),
    ],
    never: (facts) => [
      request('ec2-instance-connect:SendSSHPublicKey', facts.instanceArn, { 'ec2:osuser': 'root' }),
      request('ec2-instance-connect:SendSSHPublicKey', facts.ec2(`instance/${OTHER.instance}`), { 'ec2:osuser': 'ec2-user' }),
      // A person may switch on (the wake function), not off.
      ...(facts.switchCondition ? [request('lambda:InvokeFunction', facts.switchFunctionArn)] : []),
    ],
  },

  'switch-on policy': {
    find: (facts) => facts.managedPolicy(/^Switches the SSO Client VPN bastion .* on, and nothing else$/),
    must: (facts) => [request('lambda:InvokeFunction', facts.wakeFunctionArn)],
    never: (facts) => [
      request('lambda:InvokeFunction', facts.switchFunctionArn),
      request('lambda:UpdateFunctionCode', facts.wakeFunctionArn),
      request('lambda:InvokeFunction', facts.arn('lambda', 'function:SomeOtherFunction')),
    ],
  },

  /** What the identity that deploys (and runs the GitHub Action) holds, from SECURITY.md. Needs a switch for FUNCTION. */
  'deploying role (SECURITY.md)': {
    find: (facts) => facts.switchCondition ? documentPrincipal(facts.w, 'DeployingRole', deployingRolePolicy(facts)) : undefined,
    handlers: ['../action/src/index.ts'],
    must: (facts) => [
      ...['deploy', 'file-publishing', 'lookup'].map((kind) => request('sts:AssumeRole', bootstrapRole(facts, kind))),
      request('cloudformation:DescribeStacks', facts.stackId),
      request('cloudformation:GetTemplate', facts.stackId),
      request('ec2:ExportClientVpnClientConfiguration', facts.endpointArn),
      ...describe('ec2:DescribeClientVpnEndpoints'),
      request('lambda:InvokeFunction', facts.switchFunctionArn),
    ],
    never: (facts) => [
      // The execution role is CloudFormation's (administrator by default): the deployer only passes through the deploy role.
      request('sts:AssumeRole', facts.cdkExecutionRole),
      request('cloudformation:UpdateStack', facts.stackId),
      request('iam:PassRole', facts.cdkExecutionRole),
      request('cloudformation:GetTemplate', OTHER.stack),
      request('lambda:InvokeFunction', facts.arn('lambda', 'function:SomeOtherFunction')),
    ],
  },
};

/** Roles and policies of the template that are aws-cdk-lib's own, not the construct's, and why they are not in the table. */
export const NOT_IN_TABLE: ReadonlyArray<readonly [RegExp, string]> = [
  [/^CustomVpcRestrictDefaultSGCustomResourceProviderRole/, 'aws-cdk-lib\'s VPC default security group restriction (restrictDefaultSecurityGroup)'],
  [/ProviderframeworkonEvent|ProviderframeworkisComplete|ProviderframeworkonTimeout|ProviderwaiterstatemachineRole/, 'aws-cdk-lib\'s custom resource provider framework'],
];
