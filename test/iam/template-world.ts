/**
 * A synthesized template as one deployed stack would be: every Ref, GetAtt,
 * Join, Sub, Select, Split and If resolved to concrete, deterministic fake
 * IDs of the right shape (`subnet-<hash>`, `eipalloc-<hash>`, roles
 * `arn:aws:iam::<account>:role/<logicalId>`), and the IAM principals it makes,
 * each with the policies that apply to it.
 */
import { createHash } from 'crypto';
import type { PolicyDocument } from './reference';

export const ACCOUNT = '111111111111';
export const REGION = 'eu-west-1';

type Json = any;
const NO_VALUE = Symbol('AWS::NoValue');

const hash = (text: string, length = 17) => createHash('sha256').update(text).digest('hex').slice(0, length);

/** A deterministic UUID-shaped value. */
const uuid = (text: string) => {
  const h = hash(text, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
};

/** The resource ID a Ref returns for each EC2 type (the prefix AWS gives it). */
const EC2_PREFIX: Record<string, string> = {
  'AWS::EC2::VPC': 'vpc',
  'AWS::EC2::Subnet': 'subnet',
  'AWS::EC2::RouteTable': 'rtb',
  'AWS::EC2::NatGateway': 'nat',
  'AWS::EC2::InternetGateway': 'igw',
  'AWS::EC2::Instance': 'i',
  'AWS::EC2::ClientVpnEndpoint': 'cvpn-endpoint',
  'AWS::EC2::SecurityGroup': 'sg',
  'AWS::EC2::FlowLog': 'fl',
  'AWS::EC2::KeyPair': 'key',
  'AWS::EC2::ClientVpnTargetNetworkAssociation': 'cvpn-assoc',
};

export class TemplateWorld {
  public readonly account: string;
  public readonly region: string;
  public readonly partition = 'aws';
  public readonly stackName: string;
  public readonly stackId: string;
  public readonly resources: Record<string, Json>;
  private readonly parameters: Record<string, Json>;
  private readonly conditions: Record<string, Json>;

  constructor(public readonly template: Json, stackName: string, env: { account?: string; region?: string } = {}) {
    this.account = env.account && !env.account.startsWith('${') ? env.account : ACCOUNT;
    this.region = env.region && !env.region.startsWith('${') ? env.region : REGION;
    this.stackName = stackName;
    this.stackId = `arn:aws:cloudformation:${this.region}:${this.account}:stack/${stackName}/${uuid(stackName)}`;
    this.resources = template.Resources ?? {};
    this.parameters = template.Parameters ?? {};
    this.conditions = template.Conditions ?? {};
  }

  /** The value of a parameter: its default (every switch state is covered by create and delete rows alike). */
  private parameter(name: string): string {
    const parameter = this.parameters[name];
    if (parameter.Type?.startsWith('AWS::SSM::Parameter::Value')) return `${name}-resolved`;
    return parameter.Default ?? `${name}-value`;
  }

  public ref(name: string): string {
    switch (name) {
      case 'AWS::AccountId': return this.account;
      case 'AWS::Region': return this.region;
      case 'AWS::Partition': return this.partition;
      case 'AWS::URLSuffix': return 'amazonaws.com';
      case 'AWS::StackName': return this.stackName;
      case 'AWS::StackId': return this.stackId;
      case 'AWS::NoValue': return NO_VALUE as any;
    }
    if (name in this.parameters) return this.parameter(name);
    const resource = this.resources[name];
    if (!resource) throw new Error(`Ref to ${name}, which the template does not have`);
    const type: string = resource.Type;
    const h = hash(`${this.stackName}/${name}`);
    if (EC2_PREFIX[type]) return `${EC2_PREFIX[type]}-${h}`;
    switch (type) {
      case 'AWS::EC2::EIP': return this.publicIp(name);
      case 'AWS::IAM::Role': return name;
      case 'AWS::IAM::ManagedPolicy': return `arn:aws:iam::${this.account}:policy/${name}`;
      case 'AWS::IAM::SAMLProvider': return `arn:aws:iam::${this.account}:saml-provider/${name}`;
      case 'AWS::Lambda::Function': return name;
      case 'AWS::Logs::LogGroup': return name;
      case 'AWS::StepFunctions::StateMachine': return `arn:aws:states:${this.region}:${this.account}:stateMachine:${name}`;
      case 'AWS::CertificateManager::Certificate': return `arn:aws:acm:${this.region}:${this.account}:certificate/${uuid(name)}`;
      case 'AWS::CloudWatch::Alarm': return resource.Properties?.AlarmName ?? name;
    }
    return `${name}-${h.slice(0, 8)}`;
  }

  public getAtt(name: string, attribute: string): string {
    const resource = this.resources[name];
    if (!resource) throw new Error(`GetAtt of ${name}, which the template does not have`);
    const type: string = resource.Type;
    const h = hash(`${this.stackName}/${name}`);
    switch (`${type}.${attribute}`) {
      case 'AWS::IAM::Role.Arn': return `arn:aws:iam::${this.account}:role/${name}`;
      case 'AWS::Lambda::Function.Arn': return `arn:aws:lambda:${this.region}:${this.account}:function:${name}`;
      case 'AWS::Logs::LogGroup.Arn': return `arn:aws:logs:${this.region}:${this.account}:log-group:${name}:*`;
      case 'AWS::EC2::EIP.AllocationId': return `eipalloc-${h}`;
      case 'AWS::EC2::EIP.PublicIp': return this.publicIp(name);
      case 'AWS::EC2::SecurityGroup.GroupId': return this.ref(name);
      case 'AWS::EC2::VPC.DefaultSecurityGroup': return `sg-${hash(`${name}/default`)}`;
      case 'AWS::EC2::VPC.CidrBlock': return this.resolve(resource.Properties.CidrBlock);
      case 'AWS::EC2::Instance.PrivateIp': return '10.0.0.10';
      case 'AWS::SSO::PermissionSet.PermissionSetArn': return `arn:aws:sso:::permissionSet/ssoins-0000000000000000/ps-${hash(name, 16)}`;
      case 'AWS::IAM::InstanceProfile.Arn': return `arn:aws:iam::${this.account}:instance-profile/${name}`;
      case 'AWS::SQS::Queue.Arn': return `arn:aws:sqs:${this.region}:${this.account}:${name}`;
      case 'AWS::SNS::Topic.TopicArn': return `arn:aws:sns:${this.region}:${this.account}:${name}`;
      case 'AWS::CloudWatch::Alarm.Arn': return `arn:aws:cloudwatch:${this.region}:${this.account}:alarm:${this.ref(name)}`;
    }
    if (attribute === 'Parameter.Value') return `ami-${h}`;
    return `${name}.${attribute}-${h.slice(0, 8)}`;
  }

  private publicIp(name: string): string {
    const h = createHash('sha256').update(`${this.stackName}/${name}`).digest();
    return `203.0.113.${h[0] % 250 + 1}`;
  }

  public condition(name: string): boolean {
    return this.evaluate(this.conditions[name]);
  }

  private evaluate(expression: Json): boolean {
    const [fn, args] = Object.entries(expression)[0] as [string, Json];
    switch (fn) {
      case 'Fn::Equals': return this.resolve(args[0]) === this.resolve(args[1]);
      case 'Fn::Not': return !this.evaluate(args[0]);
      case 'Fn::And': return args.every((arg: Json) => this.evaluate(arg));
      case 'Fn::Or': return args.some((arg: Json) => this.evaluate(arg));
      case 'Condition': return this.condition(args);
    }
    throw new Error(`condition function ${fn} is not resolved here`);
  }

  private sub(text: string, variables: Record<string, Json> = {}): string {
    return text.replace(/\$\{([^}!][^}]*)\}/g, (_, name: string) => {
      if (name in variables) return this.resolve(variables[name]);
      const dot = name.indexOf('.');
      return dot > 0 && !name.startsWith('AWS::') ? this.getAtt(name.slice(0, dot), name.slice(dot + 1)) : this.ref(name);
    });
  }

  /** The value with every intrinsic function resolved. */
  public resolve(value: Json): Json {
    if (Array.isArray(value)) return value.map((item) => this.resolve(item)).filter((item) => item !== NO_VALUE);
    if (value === null || typeof value !== 'object') return value;
    const keys = Object.keys(value);
    if (keys.length === 1) {
      const args = value[keys[0]];
      switch (keys[0]) {
        case 'Ref': return this.ref(args);
        case 'Fn::GetAtt': return Array.isArray(args) ? this.getAtt(args[0], args[1]) : this.getAtt(args.split('.')[0], args.split('.').slice(1).join('.'));
        case 'Fn::Join': return this.resolve(args[1]).join(args[0]);
        case 'Fn::Sub': return Array.isArray(args) ? this.sub(args[0], args[1]) : this.sub(args);
        case 'Fn::Select': return this.resolve(args[1])[Number(this.resolve(args[0]))];
        case 'Fn::Split': return String(this.resolve(args[1])).split(args[0]);
        case 'Fn::If': return this.condition(args[0]) ? this.resolve(args[1]) : this.resolve(args[2]);
        case 'Fn::GetAZs': return ['a', 'b', 'c'].map((zone) => `${this.region}${zone}`);
        case 'Fn::Base64': return this.resolve(args);
        case 'Fn::ImportValue': return `imported-${hash(JSON.stringify(args), 8)}`;
      }
    }
    const out: Record<string, Json> = {};
    for (const [key, item] of Object.entries(value)) {
      const resolved = this.resolve(item);
      if (resolved !== NO_VALUE) out[key] = resolved;
    }
    return out;
  }

  public ofType(type: string): Array<[string, Json]> {
    return Object.entries(this.resources).filter(([, resource]) => resource.Type === type);
  }

  /** The only resource of a type matching `test`, or undefined when there is none. */
  public find(type: string, test: (resource: Json, id: string) => boolean = () => true): [string, Json] | undefined {
    const found = this.ofType(type).filter(([id, resource]) => test(resource, id));
    if (found.length > 1) throw new Error(`more than one ${type} matches: ${found.map(([id]) => id).join(', ')}`);
    return found[0];
  }
}

/** An IAM principal of the template: a role with every policy that applies to it, or a policy document by itself. */
export interface Principal {
  /** The logical ID of the role or policy. */
  readonly id: string;
  /** The ARN the request is made as. */
  readonly arn: string;
  readonly policies: PolicyDocument[];
}

/**
 * AWS managed policies the construct's roles carry, as AWS publishes them
 * (IAM console, "AWS managed policies" reference). Any other one fails the
 * test: its grants would be unknown here.
 */
const AWS_MANAGED: Record<string, PolicyDocument> = {
  'service-role/AWSLambdaBasicExecutionRole': {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'], Resource: '*' }],
  },
};

function mentionsRef(list: Json, id: string): boolean {
  return Array.isArray(list) && list.some((item) => item?.Ref === id);
}

/** The role `id` of the template with its inline, attached and managed policies, resolved. */
export function rolePrincipal(world: TemplateWorld, id: string): Principal {
  const role = world.resources[id];
  if (role?.Type !== 'AWS::IAM::Role') throw new Error(`${id} is not a role of the template`);
  const policies: PolicyDocument[] = [];
  for (const inline of role.Properties?.Policies ?? []) policies.push(world.resolve(inline.PolicyDocument));
  for (const [, policy] of world.ofType('AWS::IAM::Policy')) {
    if (mentionsRef(policy.Properties.Roles, id)) policies.push(world.resolve(policy.Properties.PolicyDocument));
  }
  for (const [policyId, policy] of world.ofType('AWS::IAM::ManagedPolicy')) {
    const attached = mentionsRef(policy.Properties.Roles, id)
      || (role.Properties?.ManagedPolicyArns ?? []).some((arn: Json) => arn?.Ref === policyId);
    if (attached) policies.push(world.resolve(policy.Properties.PolicyDocument));
  }
  for (const arn of world.resolve(role.Properties?.ManagedPolicyArns ?? []) as string[]) {
    const awsManaged = /^arn:aws:iam::aws:policy\/(.+)$/.exec(arn);
    if (awsManaged) {
      const document = AWS_MANAGED[awsManaged[1]];
      if (!document) throw new Error(`role ${id} carries the AWS managed policy ${awsManaged[1]}, whose grants this test does not know`);
      policies.push(document);
    } else if (!world.ofType('AWS::IAM::ManagedPolicy').some(([policyId]) => arn === world.ref(policyId))) {
      throw new Error(`role ${id} carries the managed policy ${arn}, which is not in the template`);
    }
  }
  return { id, arn: world.getAtt(id, 'Arn'), policies };
}

/** A policy document by itself (a managed policy, a permission set's inline policy), as a principal with only it. */
export function documentPrincipal(world: TemplateWorld, id: string, document: Json): Principal {
  return { id, arn: `arn:aws:iam::${world.account}:role/HoldsOnly${id}`, policies: [world.resolve(document)] };
}
