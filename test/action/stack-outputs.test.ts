import * as fs from 'fs';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { METADATA_SOURCE, asMode, createInputs } from './fixtures';
import { BASTION_ID, addBastionStack } from '../../action/src/bastion-app';
import { readInputs } from '../../action/src/inputs';
import { findBastionOutputs } from '../../action/src/stack-outputs';
import type { BastionOutputs } from '../../action/src/stack-outputs';
import { switchFunctionOf } from '../../action/src/switch-on';
import { BastionOutputIds } from '../../src';

const metadata = fs.readFileSync(METADATA_SOURCE, 'utf8');

/**
 * The outputs the action reads after a deploy, from its own app with every
 * optional output on (a schedule, the shared key pair, NAT gateways): each
 * logical ID with a fake value that says which output it is.
 */
function deployedOutputs(): Record<string, string> {
  const app = new App();
  const inputs = asMode('deploy', readInputs(createInputs({ 'business-hours-time-zone': 'Asia/Tokyo', 'shared-key-pair': 'true' }), { GITHUB_WORKSPACE: '/tmp' }));
  const stack = addBastionStack(app, { inputs, samlMetadataXml: metadata, provenance: {} });
  return Object.fromEntries(Object.keys(Template.fromStack(stack).findOutputs('*')).map((logicalId) => [logicalId, `value of ${logicalId}`]));
}

/** The value the fake outputs hold for the bastion's output `outputId`. */
function valueOf(outputs: Record<string, string>, outputId: string): string | undefined {
  const keys = Object.keys(outputs).filter((key) => new RegExp(`^${BASTION_ID}${outputId}[0-9A-F]{8}$`).test(key));
  expect(keys.length).toBeLessThanOrEqual(1);
  return keys.length === 1 ? outputs[keys[0]] : undefined;
}

/** Each field the action reads, and the library's constant for the output that holds it (written out here, apart from the action's own table). */
const FIELDS: Array<[keyof BastionOutputs, string]> = [
  ['endpointId', BastionOutputIds.ENDPOINT_ID],
  ['serverPrivateIp', BastionOutputIds.SERVER_PRIVATE_IP],
  ['getServerPrivateKeyCommand', BastionOutputIds.SERVER_PRIVATE_KEY_COMMAND],
  ['sshWithKeyPairCommand', BastionOutputIds.SSH_WITH_KEY_PAIR_COMMAND],
  ['serverInstanceId', BastionOutputIds.SERVER_INSTANCE_ID],
  ['sshCommand', BastionOutputIds.SSH_COMMAND],
  ['instanceConnectPolicyArn', BastionOutputIds.INSTANCE_CONNECT_POLICY_ARN],
  ['dashboardUrl', BastionOutputIds.DASHBOARD_URL],
];

/** Gives one constant another output ID until `restore()`, as a rename in the library would (the constants have literal types, hence the cast). */
function rename(constant: 'ENDPOINT_ID' | 'SSH_COMMAND' | 'EGRESS_IPS' | 'SWITCH_FUNCTION_NAME' | 'SERVER_PRIVATE_IP', outputId: string) {
  return jest.replaceProperty(BastionOutputIds, constant, outputId as never);
}

/** What the action finds, and which of its fields came out empty. */
function lookup(outputs: Record<string, string>) {
  const { found } = findBastionOutputs(outputs);
  return {
    found,
    missing: [
      ...(found === undefined ? ['the bastion'] : []),
      ...FIELDS.filter(([field]) => found?.[field] === undefined).map(([field]) => field),
      ...(found !== undefined && found.egressIps.length === 0 ? ['egressIps'] : []),
      ...(switchFunctionOf(outputs) === undefined ? ['the switch function'] : []),
    ],
  };
}

describe('the stack output IDs the action reads are the library\'s BastionOutputIds', () => {
  const outputs = deployedOutputs();

  test('the action finds every output it reads in what the library synthesizes, each under its constant', () => {
    const { found, missing } = lookup(outputs);
    expect(missing).toEqual([]);
    expect(found!.prefix).toBe(BASTION_ID);
    for (const [field, outputId] of FIELDS) {
      expect([field, found![field]]).toEqual([field, valueOf(outputs, outputId)]);
    }
    expect(found!.egressIps).toEqual([valueOf(outputs, BastionOutputIds.EGRESS_IPS)]);
    expect(switchFunctionOf(outputs)).toBe(valueOf(outputs, BastionOutputIds.SWITCH_FUNCTION_NAME));
  });

  test.each([
    ['ENDPOINT_ID', 'endpointId'],
    ['SSH_COMMAND', 'sshCommand'],
    ['EGRESS_IPS', 'egressIps'],
    ['SWITCH_FUNCTION_NAME', 'the switch function'],
  ] as const)('can fail: %s renamed on one side only (the stack made before, the action after) is caught', (constant, field) => {
    const renamed = rename(constant, `${BastionOutputIds[constant]}Renamed`);
    try {
      expect(lookup(outputs).missing).toEqual([field]);
    } finally {
      renamed.restore();
    }
  });

  test('renamed in the library, an output is renamed for the action too: both read the one constant', () => {
    const renamed = rename('SERVER_PRIVATE_IP', 'ServerAddress');
    try {
      const outputs2 = deployedOutputs();
      expect(Object.keys(outputs2)).toContainEqual(expect.stringMatching(/^BastionServerAddress[0-9A-F]{8}$/));
      expect(lookup(outputs2).missing).toEqual([]);
    } finally {
      renamed.restore();
    }
  });

  test('the action spells no output ID itself, outside comments', () => {
    const source = path.join(__dirname, '..', '..', 'action', 'src');
    const withoutComments = (text: string) => text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
    const code = fs.readdirSync(source).filter((file) => file.endsWith('.ts'))
      .map((file) => [file, withoutComments(fs.readFileSync(path.join(source, file), 'utf8'))] as const);
    const spelled = code.flatMap(([file, text]) => Object.values(BastionOutputIds)
      .filter((outputId) => typeof outputId === 'string' && new RegExp(`\\b${outputId}\\b`).test(text))
      .map((outputId) => `${file}: ${outputId}`));
    expect(spelled).toEqual([]);
  });
});
