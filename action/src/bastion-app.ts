import { App, CfnOutput, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { INPUT, InputError } from './inputs';
import type { BastionInputs } from './inputs';
import { BastionErrors, Schedule, ServerKeyPair, SsoClientVpnBastion } from '../../src';
import type { SsoClientVpnBastionProps } from '../../src';

/** The construct's id in the action's own app; its outputs are found under it. */
export const BASTION_ID = 'Bastion';

/** Where the stack comes from, for its provenance outputs. */
export interface RunProvenance {
  readonly repository?: string;
  readonly runUrl?: string;
  readonly commit?: string;
  readonly workflow?: string;
}

/** The inputs the action's own app is made from (deploy, diff and synth hold them). */
export interface BastionAppInputs extends BastionInputs {
  readonly stackName: string;
  /** Undefined in synth mode without a region: the stack is then region-agnostic. */
  readonly region?: string;
}

export interface BastionAppOptions {
  readonly inputs: BastionAppInputs;
  readonly samlMetadataXml: string;
  readonly provenance: RunProvenance;
  readonly account?: string;
  /** Props that replace the inputs' (the cost comparison's variants). */
  readonly overrides?: Partial<SsoClientVpnBastionProps>;
}

/**
 * The provenance outputs of the action's own stack, by ID, with what each
 * holds. Stack outputs, not tags: a tag lands on every resource, so a new run
 * URL or commit changed every resource on every run. An output changes no
 * resource, and the diff leaves these out (diff.ts), so that two runs of the
 * same inputs compare equal.
 */
export const PROVENANCE_OUTPUTS = {
  ProvenanceRepository: { field: 'repository', description: 'The repository whose workflow last deployed this stack (sso-client-vpn-bastion GitHub Action)' },
  ProvenanceWorkflow: { field: 'workflow', description: 'The workflow that last deployed this stack' },
  ProvenanceWorkflowRun: { field: 'runUrl', description: 'The workflow run that last deployed this stack' },
  ProvenanceCommit: { field: 'commit', description: 'The commit that last deployed this stack' },
} as const satisfies Record<string, { field: keyof RunProvenance; description: string }>;

/**
 * The action's own CDK app: one stack holding one SsoClientVpnBastion made
 * from the inputs, with the repository, workflow, run and commit that made it
 * as stack outputs.
 */
export function addBastionStack(app: App, options: BastionAppOptions): Stack {
  const { inputs } = options;
  const stack = new Stack(app, inputs.stackName, {
    env: inputs.region ? { region: inputs.region, account: options.account } : undefined,
    description: 'SSH to private servers through AWS Client VPN with IAM Identity Center sign-in (sso-client-vpn-bastion GitHub Action)',
  });

  // The construct checks its props; a bad value came from an input, so say which.
  try {
    new SsoClientVpnBastion(stack, BASTION_ID, {
      samlMetadataDocument: iam.SamlMetadataDocument.fromXml(options.samlMetadataXml),
      authorizedGroupIds: inputs.groupIds.length > 0 ? inputs.groupIds : undefined,
      authorizedGroupNames: inputs.groupNames.length > 0 ? inputs.groupNames : undefined,
      serverCertificate: inputs.certificate.serverCertificate(stack),
      vpcCidr: inputs.vpcCidr,
      clientCidr: inputs.clientCidr,
      splitTunnel: inputs.splitTunnel,
      instanceType: inputs.instanceType ? new ec2.InstanceType(inputs.instanceType) : undefined,
      serverKeyPair: serverKeyPair(stack, inputs),
      samlApplicationArn: inputs.applicationArn,
      schedule: inputs.businessHoursTimeZone ? Schedule.businessHours({ timeZone: inputs.businessHoursTimeZone }) : undefined,
      ...options.overrides,
    });
  } catch (error) {
    throw inputErrorOf(error, inputs);
  }

  for (const [id, { field, description }] of Object.entries(PROVENANCE_OUTPUTS)) {
    const value = options.provenance[field];
    if (value) {
      // An output value holds up to 4,096 characters; a workflow name is free text.
      new CfnOutput(stack, id, { value: value.slice(0, 1024), description });
    }
  }
  return stack;
}

/** The construct props that inputs set, with the input that sets each. */
const INPUT_OF_PROP = new Map<string, (inputs: BastionAppInputs) => string>([
  ['samlMetadataDocument', (inputs) => (inputs.samlMetadataUrl ? INPUT.samlMetadataUrl : INPUT.samlMetadataFile)],
  ['authorizedGroupIds', () => INPUT.groupIds],
  ['authorizedGroupNames', () => INPUT.groupNames],
  ['serverCertificate', (inputs) => inputs.certificate.input],
  ['vpcCidr', () => INPUT.vpcCidr],
  ['clientCidr', () => INPUT.clientCidr],
  ['splitTunnel', () => INPUT.splitTunnel],
  ['instanceType', () => INPUT.instanceType],
  ['keyPair', () => INPUT.keyPairName],
  ['serverKeyPair', (inputs) => (inputs.sharedKeyPair ? INPUT.sharedKeyPair : INPUT.keyPairName)],
  ['samlApplicationArn', () => INPUT.applicationArn],
  ['schedule', () => INPUT.businessHoursTimeZone],
]);

/**
 * The construct's error in the words of the action: `SsoClientVpnBastion:
 * vpcCidr "x" is invalid` becomes `Input vpc-cidr "x" is invalid`, and the
 * other props it names become their inputs. An InputError, so that the run
 * ends with this one message.
 */
export function inputErrorOf(error: unknown, inputs: BastionAppInputs): InputError {
  // The construct path means nothing to someone who typed inputs.
  const message = BastionErrors.problemOf(error) ?? (error instanceof Error ? error.message : String(error));
  const inputOf = (prop: string) => INPUT_OF_PROP.get(prop)?.(inputs) ?? prop;
  const props = new RegExp(`\\b(${[...INPUT_OF_PROP.keys()].join('|')})\\b`, 'g');
  const leading = /^SsoClientVpnBastion: (\w+)\b/.exec(message);
  const translated = leading && INPUT_OF_PROP.has(leading[1])
    ? `Input ${inputOf(leading[1])}${message.slice(leading[0].length)}`
    : message.replace(/^SsoClientVpnBastion: /, 'The inputs make an invalid SsoClientVpnBastion: ');
  return new InputError(translated.replace(props, inputOf));
}

/**
 * No shared key by default (EC2 Instance Connect). shared-key-pair keeps the
 * key pair the action generated before: ServerKeyPair.generate() makes it
 * under the same construct ID, so neither it nor the server is replaced.
 */
function serverKeyPair(stack: Stack, inputs: BastionInputs): ServerKeyPair | undefined {
  if (inputs.keyPairName) {
    return ServerKeyPair.fromKeyPair(ec2.KeyPair.fromKeyPairName(stack, 'KeyPair', inputs.keyPairName));
  }
  return inputs.sharedKeyPair ? ServerKeyPair.generate() : undefined;
}
