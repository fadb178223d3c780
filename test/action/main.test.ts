import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Readable } from 'stream';
import type { IoMessage } from '@aws-cdk/toolkit-lib';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { EC2Client, ExportClientVpnClientConfigurationCommand } from '@aws-sdk/client-ec2';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { RecordingCore, createInputs, createWorkspace, federatedExport } from './fixtures';
import { StackStillChangingError, withTimeout } from '../../action/src/cdk-runner';
import type { CdkRunner, DeployedStack, SynthesizedStack } from '../../action/src/cdk-runner';
import type { Dependencies } from '../../action/src/dependencies';
import { InputError } from '../../action/src/inputs';
import type { ActionIoHost } from '../../action/src/io-host';
import { run } from '../../action/src/main';

const ENDPOINT_ID = 'cvpn-endpoint-0123456789abcdef0';
const CA = '-----BEGIN CERTIFICATE-----\nMIIBsample\n-----END CERTIFICATE-----';
const INSTANCE_ID = 'i-0123456789abcdef0';
const POLICY_ARN = 'arn:aws:iam::123456789012:policy/SsoClientVpnBastion-BastionInstanceConnectPolicy1A2B3C4D-0A1B2C3D4E5F';
const SSH_COMMAND = `aws ec2-instance-connect ssh --region ap-northeast-1 --instance-id ${INSTANCE_ID} --os-user ec2-user --connection-type direct`;
/** The outputs of the action's own app by default: no shared key, SSH with EC2 Instance Connect. */
const INSTANCE_CONNECT_OUTPUTS = {
  BastionDashboardUrlD8A0EA94: 'https://ap-northeast-1.console.aws.amazon.com/cloudwatch/home?region=ap-northeast-1#dashboards/dashboard/SsoClientVpnBastion-Connections',
  BastionEndpointIdC1596275: ENDPOINT_ID,
  BastionServerPrivateIpC008B8AB: '172.25.1.10',
  BastionEgressIps201CCA24: '203.0.113.7',
  BastionSamlApplicationAcsUrlA4B8E27D: 'http://127.0.0.1:35001',
  BastionServerInstanceId4D6B07A8: INSTANCE_ID,
  BastionSshCommand1AC10DDA: SSH_COMMAND,
  BastionSendSshPublicKeyCommandBEE3B34F: `aws ec2-instance-connect send-ssh-public-key --region ap-northeast-1 --instance-id ${INSTANCE_ID} --instance-os-user ec2-user --ssh-public-key file://$HOME/.ssh/id_ed25519.pub && ssh -i $HOME/.ssh/id_ed25519 ec2-user@172.25.1.10`,
  BastionInstanceConnectPolicyArnDE98703E: POLICY_ARN,
};
/** With shared-key-pair (ServerKeyPair.generate()): the same, plus the generated key pair's commands. */
const OUTPUTS = {
  ...INSTANCE_CONNECT_OUTPUTS,
  BastionGetServerPrivateKeyCommandA5A58290: 'aws ssm get-parameter --region ap-northeast-1 --name /ec2/keypair/key-0abc --with-decryption --query Parameter.Value --output text > server-key.pem && chmod 600 server-key.pem',
  BastionSshWithKeyPairCommand34427915: 'ssh -i server-key.pem ec2-user@172.25.1.10',
};

const ec2 = mockClient(EC2Client);
const cloudFormation = mockClient(CloudFormationClient);
const lambda = mockClient(LambdaClient);

/** What the article's template holds that costs money by the hour. */
const ARTICLE_TEMPLATE = {
  Resources: {
    Association: { Type: 'AWS::EC2::ClientVpnTargetNetworkAssociation' },
    Nat: { Type: 'AWS::EC2::NatGateway' },
    Eip: { Type: 'AWS::EC2::EIP' },
    Server: { Type: 'AWS::EC2::Instance', Properties: { InstanceType: 't3.micro' } },
  },
};
const synthesized = async () => [{ stackName: 'SsoClientVpnBastion', region: 'ap-northeast-1', templateFile: '/tmp/t.json', template: ARTICLE_TEMPLATE }];

/** A CDK runner that records calls and plays a script, standing in for the toolkit at its boundary. */
class ScriptedRunner implements CdkRunner {
  public readonly calls: string[] = [];
  constructor(private readonly io: ActionIoHost, private readonly script: Partial<Record<'synth' | 'deploy' | 'destroy', () => Promise<unknown>>>) {}
  async synth(): Promise<SynthesizedStack[]> {
    this.calls.push('synth');
    return (await this.script.synth?.()) as SynthesizedStack[];
  }
  async deploy(): Promise<DeployedStack[]> {
    this.calls.push('deploy');
    return (await this.script.deploy?.()) as DeployedStack[];
  }
  async destroy(): Promise<string[]> {
    this.calls.push('destroy');
    return (await this.script.destroy?.()) as string[];
  }
  /** What the toolkit sends for a failed resource. */
  async stackEvent(logicalId: string, type: string, status: string, reason: string): Promise<void> {
    await this.io.notify({
      time: new Date(),
      level: 'info',
      action: 'deploy',
      code: 'CDK_TOOLKIT_I5502',
      message: `${logicalId} ${status}`,
      data: { event: { LogicalResourceId: logicalId, ResourceType: type, ResourceStatus: status, ResourceStatusReason: reason } },
    } as IoMessage<unknown>);
  }
}

interface Harness {
  core: RecordingCore;
  runner?: ScriptedRunner;
  runnerMetadata?: string;
  runnerCreated: boolean;
}

async function runAction(
  inputs: Record<string, string>,
  script: (runner: () => ScriptedRunner) => Partial<Record<'synth' | 'deploy' | 'destroy', () => Promise<unknown>>> = () => ({}),
  overrides: Partial<Dependencies> = {},
): Promise<Harness> {
  const workspace = createWorkspace();
  const core = new RecordingCore(createInputs(inputs));
  const harness: Harness = { core, runnerCreated: false };
  await run({
    core,
    env: { GITHUB_WORKSPACE: workspace, RUNNER_TEMP: fs.mkdtempSync(`${os.tmpdir()}/runner-temp-`) },
    provenance: {},
    createRunner: (_inputs, metadata, io) => {
      harness.runnerCreated = true;
      harness.runnerMetadata = metadata;
      const runner: ScriptedRunner = new ScriptedRunner(io, { synth: synthesized, ...script(() => runner) });
      harness.runner = runner;
      return runner;
    },
    ec2: () => new EC2Client({ region: 'ap-northeast-1' }),
    cloudFormation: () => new CloudFormationClient({ region: 'ap-northeast-1' }),
    lambda: () => new LambdaClient({ region: 'ap-northeast-1' }),
    fetchText: async () => fs.readFileSync(`${workspace}/identity-center-metadata.xml`, 'utf8'),
    ...overrides,
  });
  return harness;
}

const stackDoesNotExist = () => cloudFormation.on(DescribeStacksCommand).rejects(Object.assign(new Error('Stack with id SsoClientVpnBastion does not exist'), { name: 'ValidationError' }));
const stackIs = (status: string) => cloudFormation.on(DescribeStacksCommand).resolves({ Stacks: [{ StackName: 'SsoClientVpnBastion', StackStatus: status as never, CreationTime: new Date() }] });
const deployed = async () => [{ stackName: 'SsoClientVpnBastion', outputs: OUTPUTS }];

beforeEach(() => {
  ec2.reset();
  cloudFormation.reset();
  lambda.reset();
});

describe('deploy', () => {
  let harness: Harness;

  beforeAll(async () => {
    ec2.reset();
    cloudFormation.reset();
    stackDoesNotExist();
    ec2.on(ExportClientVpnClientConfigurationCommand, { ClientVpnEndpointId: ENDPOINT_ID })
      .resolves({ ClientConfiguration: federatedExport(ENDPOINT_ID, 'ap-northeast-1', CA) });
    harness = await runAction({}, () => ({ deploy: deployed }));
  });

  test('deploys through the toolkit with the metadata file\'s content, and does not fail', () => {
    expect(harness.core.failures).toEqual([]);
    expect(harness.runner!.calls).toEqual(['synth', 'deploy']);
    expect(harness.runnerMetadata).toContain('IDPSSODescriptor');
    expect(harness.core.groups).toEqual(['Synthesize', 'Deploy', 'Export the client configuration']);
  });

  test('hands back the client configuration with a random label before the endpoint host name', () => {
    expect(harness.core.outputs['client-configuration']).toMatch(new RegExp(`^remote [0-9a-f]{12}\\.${ENDPOINT_ID}\\.prod\\.clientvpn\\.ap-northeast-1\\.amazonaws\\.com 443$`, 'm'));
    expect(harness.core.outputs['client-configuration']).toContain('auth-federate');
  });

  test('writes the same configuration to a file under RUNNER_TEMP, readable by the owner only', () => {
    const file = harness.core.outputs['client-configuration-file'];
    expect(file).toMatch(/runner-temp-.*\/SsoClientVpnBastion\.ovpn$/);
    expect(fs.readFileSync(file, 'utf8')).toBe(harness.core.outputs['client-configuration']);
    expect((fs.statSync(file).mode % 0o1000).toString(8)).toBe('600');
  });

  test('sets the endpoint, server, egress, ssh-config and stack-outputs outputs', () => {
    expect(harness.core.outputs).toMatchObject({
      'endpoint-id': ENDPOINT_ID,
      'server-private-ip': '172.25.1.10',
      'egress-ips': '203.0.113.7',
      'ssh-config': 'Host SsoClientVpnBastion\n  HostName 172.25.1.10\n  User ec2-user\n  IdentityFile ~/.ssh/server-key.pem\n',
    });
    expect(JSON.parse(harness.core.outputs['stack-outputs'])).toEqual(OUTPUTS);
  });

  test('masks nothing: a federated configuration holds no key', () => {
    expect(harness.core.secrets).toEqual([]);
  });

  test('the job summary says what was deployed and how to connect', () => {
    expect(harness.core.summaryText).toContain('## Client VPN bastion deployed: SsoClientVpnBastion');
    expect(harness.core.summaryText).toContain(`\`${ENDPOINT_ID}\``);
    expect(harness.core.summaryText).toContain('AWS VPN Client > File > Manage profiles > Add profile');
    expect(harness.core.summaryText).toContain('ssh -i ~/.ssh/server-key.pem ec2-user@172.25.1.10');
    expect(harness.core.summaryText).toContain(OUTPUTS.BastionGetServerPrivateKeyCommandA5A58290);
  });

  test('the job summary shows the fixed cost by line item for the region', () => {
    expect(harness.core.summaryText).toMatch(/### Fixed cost: \$\d+\.\d{2} a month \(about \$0\.\d{3} an hour, averaged\)/);
    expect(harness.core.summaryText).toContain('| item (ap-northeast-1) |');
  });

  test('the job summary compares the setup with the cheaper ones the inputs reach, named by input', () => {
    expect(harness.core.summaryText).toMatch(/\| as configured \(always on\) \| \$\d+\.\d{2} \|/);
    expect(harness.core.summaryText).toMatch(/\| `business-hours-time-zone: Asia\/Tokyo` \(or your own IANA time zone\): [^|]*50 hours a week[^|]* \| \$\d+\.\d{2} \(3\d%\) \|/);
    expect(harness.core.summaryText).not.toMatch(/without NAT|Schedule\.businessHours/);
  });
});

describe('deploy, with other outcomes', () => {
  test('a configuration that carries a client key has it masked before anything prints it', async () => {
    stackDoesNotExist();
    const key = '<key>\n-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n</key>';
    ec2.on(ExportClientVpnClientConfigurationCommand).resolves({ ClientConfiguration: `${federatedExport(ENDPOINT_ID, 'ap-northeast-1', CA)}${key}\n` });
    const { core } = await runAction({}, () => ({ deploy: deployed }));
    expect(core.secrets).toEqual([key]);
  });

  test('metadata from an https URL is downloaded', async () => {
    stackDoesNotExist();
    ec2.on(ExportClientVpnClientConfigurationCommand).resolves({ ClientConfiguration: federatedExport(ENDPOINT_ID, 'ap-northeast-1', CA) });
    const fetched: string[] = [];
    const harness = await runAction({ 'saml-metadata-file': '', 'saml-metadata-url': 'https://example.com/metadata.xml' }, () => ({ deploy: deployed }), {
      fetchText: async (url) => {
        fetched.push(url);
        return '<md:EntityDescriptor/>';
      },
    });
    expect(fetched).toEqual(['https://example.com/metadata.xml']);
    expect(harness.runnerMetadata).toBe('<md:EntityDescriptor/>');
  });

  test('a failed download names the URL without its query string, which may be a signature', async () => {
    const harness = await runAction({ 'saml-metadata-file': '', 'saml-metadata-url': 'https://example.com/metadata.xml?X-Amz-Signature=secret' }, () => ({}), {
      fetchText: async () => {
        throw new Error('answered HTTP 403 Forbidden');
      },
    });
    expect(harness.runnerCreated).toBe(false);
    expect(harness.core.failures).toEqual(['Input saml-metadata-url: downloading https://example.com/metadata.xml?… failed: answered HTTP 403 Forbidden.']);
    expect(JSON.stringify([harness.core.log, harness.core.summaryText])).not.toContain('secret');
  });

  test('a stack in ROLLBACK_COMPLETE is re-created, with a warning that says so', async () => {
    stackIs('ROLLBACK_COMPLETE');
    ec2.on(ExportClientVpnClientConfigurationCommand).resolves({ ClientConfiguration: federatedExport(ENDPOINT_ID, 'ap-northeast-1', CA) });
    const { core, runner } = await runAction({}, () => ({ deploy: deployed }));
    expect(core.log).toContain('warning: Stack SsoClientVpnBastion is ROLLBACK_COMPLETE (its first deployment failed and nothing of it is left): it is deleted and created again.');
    expect(runner!.calls).toEqual(['synth', 'destroy', 'deploy']);
    expect(core.groups).toContain('Delete the empty stack SsoClientVpnBastion');
    expect(core.failures).toEqual([]);
  });

  test.each(['change-set', 'direct'])('a stack left in REVIEW_IN_PROGRESS by a change set never executed is deleted, then deployed (deployment-method: %s)', async (method) => {
    stackIs('REVIEW_IN_PROGRESS');
    ec2.on(ExportClientVpnClientConfigurationCommand).resolves({ ClientConfiguration: federatedExport(ENDPOINT_ID, 'ap-northeast-1', CA) });
    const { core, runner } = await runAction({ 'deployment-method': method }, () => ({ deploy: deployed }));
    expect(core.failures).toEqual([]);
    expect(runner!.calls).toEqual(['synth', 'destroy', 'deploy']);
    expect(core.log).toContain('warning: Stack SsoClientVpnBastion is REVIEW_IN_PROGRESS (a change set that created it was never executed, and nothing of it exists): it is deleted and created again.');
  });

  test('a stack in UPDATE_ROLLBACK_FAILED stops the run before any change, with the command that repairs it', async () => {
    stackIs('UPDATE_ROLLBACK_FAILED');
    const { core, runner } = await runAction({}, () => ({ deploy: deployed }));
    expect(runner!.calls).toEqual(['synth']);
    expect(core.failures[0]).toContain('aws cloudformation continue-update-rollback --stack-name SsoClientVpnBastion');
  });

  test('a stack another run is changing stops the run and points at `concurrency:`', async () => {
    stackIs('UPDATE_IN_PROGRESS');
    const { core, runner } = await runAction({}, () => ({ deploy: deployed }));
    expect(runner!.calls).toEqual(['synth']);
    expect(core.failures[0]).toMatch(/Stack SsoClientVpnBastion is UPDATE_IN_PROGRESS: another run .*`concurrency: \{ group: sso-client-vpn-bastion-<stack>/);
  });

  test('a bad input fails as itself before the stack check, even without credentials', async () => {
    cloudFormation.on(DescribeStacksCommand).rejects(Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' }));
    const { core, runner } = await runAction({ 'vpc-cidr': 'banana' }, () => ({
      synth: async () => {
        throw new InputError('Input vpc-cidr "banana" is not a CIDR block.');
      },
    }));
    expect(runner!.calls).toEqual(['synth']);
    expect(core.failures).toEqual(['Input vpc-cidr "banana" is not a CIDR block.']);
    expect(cloudFormation.calls()).toHaveLength(0);
  });

  test('a failed change set names the failed resources and their reasons', async () => {
    stackDoesNotExist();
    const { core } = await runAction({}, (runner) => ({
      deploy: async () => {
        await runner().stackEvent('BastionEndpointAssociation00716B1A1', 'AWS::EC2::ClientVpnTargetNetworkAssociation', 'CREATE_FAILED',
          'Resource handler returned message: "The subnet subnet-0abc is in an Availability Zone that does not support Client VPN"');
        throw Object.assign(new Error('❌  SsoClientVpnBastion failed: DeploymentError: The stack named SsoClientVpnBastion failed creation, it may need to be manually deleted'), { name: 'DeploymentError' });
      },
    }));
    expect(core.failures).toEqual([
      'SsoClientVpnBastion failed: DeploymentError: The stack named SsoClientVpnBastion failed creation, it may need to be manually deleted\n' +
      'Failed resources:\n' +
      '  - BastionEndpointAssociation00716B1A1 (AWS::EC2::ClientVpnTargetNetworkAssociation): Resource handler returned message: ' +
      '"The subnet subnet-0abc is in an Availability Zone that does not support Client VPN"',
    ]);
  });

  test('a missing bootstrap gives the exact cdk bootstrap command', async () => {
    stackDoesNotExist();
    const { core } = await runAction({}, () => ({
      deploy: async () => {
        throw Object.assign(new Error('SsoClientVpnBastion: SSM parameter /cdk-bootstrap/hnb659fds/version not found in aws://123456789012/ap-northeast-1. ' +
          'Has the environment been bootstrapped? Please run \'cdk bootstrap\''), { name: 'BootstrapVersionValidation' });
      },
    }));
    expect(core.failures).toEqual([
      'The AWS environment aws://123456789012/ap-northeast-1 is not bootstrapped for the CDK (no /cdk-bootstrap/hnb659fds/version parameter). ' +
      'Bootstrap it once, with credentials that may create the CDKToolkit stack: npx cdk bootstrap aws://123456789012/ap-northeast-1',
    ]);
  });

  test('a failed export after a successful deploy keeps the deployment and says a re-run exports again', async () => {
    stackDoesNotExist();
    ec2.on(ExportClientVpnClientConfigurationCommand).rejects(Object.assign(new Error('The Client VPN endpoint is in an invalid state'), { name: 'InvalidClientVpnEndpointState' }));
    const { core } = await runAction({}, () => ({ deploy: deployed }));
    expect(core.failures).toEqual([
      'The stack deployed, but handing back the client configuration failed: The Client VPN endpoint is in an invalid state. ' +
      'The deployment stays as it is; run the workflow again: the deploy finds nothing to change and the export runs again.',
    ]);
    expect(JSON.parse(core.outputs['stack-outputs'])).toEqual(OUTPUTS);
  });

  test('a bad input fails before anything is built', async () => {
    const harness = await runAction({ mode: 'apply' });
    expect(harness.runnerCreated).toBe(false);
    expect(harness.core.failures).toEqual(['Input mode "apply" is not one of: deploy, diff, destroy, synth, switch-on.']);
  });

  test('a metadata path that is a directory says so, instead of EISDIR', async () => {
    const { core } = await runAction({ 'saml-metadata-file': '.' });
    expect(core.failures).toEqual(['Input saml-metadata-file: . is a directory, not a file: give the path of the IAM Identity Center metadata XML file, such as identity-center-metadata.xml.']);
  });

  test('a metadata file that is not in the workspace is named', async () => {
    const { core } = await runAction({ 'saml-metadata-file': 'missing.xml' });
    expect(core.failures).toEqual(['Input saml-metadata-file: missing.xml does not exist in the workspace (did the job check out the repository?).']);
  });
});

describe('throttling', () => {
  test('the export is retried by the SDK through a burst of RequestLimitExceeded', async () => {
    ec2.restore();
    try {
      stackDoesNotExist();
      let requests = 0;
      const requestHandler = {
        handle: async () => {
          requests += 1;
          const throttled = requests <= 3;
          const body = throttled
            ? '<Response><Errors><Error><Code>RequestLimitExceeded</Code><Message>Request limit exceeded.</Message></Error></Errors><RequestID>r</RequestID></Response>'
            : `<ExportClientVpnClientConfigurationResponse><requestId>r</requestId><clientConfiguration>${federatedExport(ENDPOINT_ID, 'ap-northeast-1', CA)}</clientConfiguration></ExportClientVpnClientConfigurationResponse>`;
          return { response: { statusCode: throttled ? 503 : 200, headers: { 'content-type': 'text/xml' }, body: Readable.from([Buffer.from(body)]) } };
        },
      };
      const { core } = await runAction({}, () => ({ deploy: deployed }), {
        ec2: () => new EC2Client({
          region: 'ap-northeast-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' }, requestHandler, maxAttempts: 10, retryMode: 'adaptive',
        }),
      });
      expect(core.failures).toEqual([]);
      expect(requests).toBe(4);
      expect(core.outputs['endpoint-id']).toBe(ENDPOINT_ID);
    } finally {
      mockClient(EC2Client);
    }
  }, 30_000);
});

describe('destroy', () => {
  test('deletes an existing stack and says the logs are kept', async () => {
    stackIs('CREATE_COMPLETE');
    const { core, runner } = await runAction({ 'mode': 'destroy', 'saml-metadata-file': '', 'group-ids': '' }, () => ({ destroy: async () => ['SsoClientVpnBastion'] }));
    expect(core.failures).toEqual([]);
    expect(runner!.calls).toEqual(['synth', 'destroy']);
    expect(core.summaryText).toContain('- `SsoClientVpnBastion` (ap-northeast-1)');
    expect(core.summaryText).toContain('The connection log group is retained');
  });

  test('a stack left in REVIEW_IN_PROGRESS (a change set never executed) is deleted', async () => {
    stackIs('REVIEW_IN_PROGRESS');
    const { core, runner } = await runAction({ mode: 'destroy' }, () => ({ destroy: async () => ['SsoClientVpnBastion'] }));
    expect(core.failures).toEqual([]);
    expect(runner!.calls).toEqual(['synth', 'destroy']);
  });

  test('a stack that does not exist is nothing to do', async () => {
    stackDoesNotExist();
    const { core, runner } = await runAction({ mode: 'destroy' }, () => ({ destroy: async () => ['x'] }));
    expect(runner!.calls).toEqual(['synth']);
    expect(core.log).toContain('info: Stack SsoClientVpnBastion does not exist in ap-northeast-1: nothing to destroy.');
    // The summary says so, instead of an empty list under "destroyed".
    expect(core.summaryText).toContain('## Client VPN bastion: nothing destroyed');
    expect(core.summaryText).toContain('- `SsoClientVpnBastion` does not exist in ap-northeast-1: nothing to destroy.');
    expect(core.summaryText).not.toContain('log group is retained');
  });
});

describe('switch-on', () => {
  const scheduled = {
    Stacks: [{
      StackName: 'SsoClientVpnBastion',
      StackStatus: 'UPDATE_COMPLETE' as const,
      CreationTime: new Date(),
      Outputs: [{ OutputKey: 'BastionSwitchFunctionName0A1B2C3D', OutputValue: 'SsoClientVpnBastion-Switch-abc' }],
    }],
  };

  test('invokes the stack\'s off-hours switch synchronously with mode on, and reports what it did', async () => {
    cloudFormation.on(DescribeStacksCommand).resolves(scheduled);
    /** RequestResponse answers 200 with the function's response (API Reference: Invoke). */
    lambda.on(InvokeCommand).resolves({
      StatusCode: 200,
      Payload: Buffer.from(JSON.stringify({ mode: 'on', actions: ['stack parameter P switched to on', 'server i-0abc started'] })) as never,
    });
    const { core } = await runAction({ 'mode': 'switch-on', 'saml-metadata-file': '', 'group-ids': '' });
    expect(core.failures).toEqual([]);
    expect(lambda).toHaveReceivedCommandWith(InvokeCommand, { FunctionName: 'SsoClientVpnBastion-Switch-abc', InvocationType: 'RequestResponse' });
    const payload = lambda.commandCalls(InvokeCommand)[0].args[0].input.Payload as Uint8Array;
    expect(JSON.parse(Buffer.from(payload).toString())).toEqual({ mode: 'on' });
    expect(core.summaryText).toContain('- stack parameter P switched to on\n- server i-0abc started');
    expect(core.summaryText).toContain('usable now');
  });

  test('a switch that fails fails the step with the switch\'s own reason', async () => {
    cloudFormation.on(DescribeStacksCommand).resolves(scheduled);
    lambda.on(InvokeCommand).resolves({
      StatusCode: 200,
      FunctionError: 'Unhandled',
      Payload: Buffer.from(JSON.stringify({ errorType: 'Error', errorMessage: 'Off-hours switch: not switching on: 1 resource(s) left outside the stack' })) as never,
    });
    const { core } = await runAction({ mode: 'switch-on' });
    expect(core.failures).toEqual(['Switching SsoClientVpnBastion on failed: Off-hours switch: not switching on: 1 resource(s) left outside the stack']);
  });

  test('a switch still running at timeout-minutes ends the step, saying where to watch', async () => {
    cloudFormation.on(DescribeStacksCommand).resolves(scheduled);
    // What the SDK throws when the AbortSignal.timeout(timeout-minutes) it was given fires.
    lambda.on(InvokeCommand).rejects(Object.assign(new Error('The operation was aborted due to timeout'), { name: 'TimeoutError' }));
    const { core } = await runAction({ 'mode': 'switch-on', 'timeout-minutes': '30' });
    expect(core.failures).toEqual([expect.stringMatching(/^Switching SsoClientVpnBastion on did not end within timeout-minutes \(30\)\. The switch may still be running: its log group/)]);
  });

  test('a stack without a schedule says there is nothing to switch on', async () => {
    cloudFormation.on(DescribeStacksCommand).resolves({ Stacks: [{ StackName: 'SsoClientVpnBastion', StackStatus: 'CREATE_COMPLETE', CreationTime: new Date(), Outputs: [] }] });
    const { core } = await runAction({ mode: 'switch-on' });
    expect(core.failures).toEqual(['Stack SsoClientVpnBastion has no off-hours schedule (no SwitchFunctionName output): it is always on, there is nothing to switch on.']);
    expect(lambda.calls()).toHaveLength(0);
  });
});

describe('synth', () => {
  test('reports what a deploy would create, with no AWS call', async () => {
    const { core, runner } = await runAction({ 'mode': 'synth', 'aws-region': '' }, () => ({
      synth: async () => [{
        stackName: 'SsoClientVpnBastion',
        templateFile: '/tmp/cdk.out/SsoClientVpnBastion.template.json',
        template: { Resources: { A: { Type: 'AWS::EC2::ClientVpnEndpoint' }, B: { Type: 'AWS::EC2::VPC' }, C: { Type: 'AWS::EC2::Subnet' }, D: { Type: 'AWS::EC2::Subnet' } }, Outputs: { BastionEndpointIdC1596275: { Value: 'x' } } },
      }],
    }));
    expect(core.failures).toEqual([]);
    expect(runner!.calls).toEqual(['synth']);
    expect(core.outputs['template-file']).toBe('/tmp/cdk.out/SsoClientVpnBastion.template.json');
    expect(core.summaryText).toContain('| `AWS::EC2::Subnet` | 2 |');
    expect(core.summaryText).toContain('nothing deployed');
    expect(core.summaryText).toContain('No aws-region given: the estimate uses us-east-1 prices');
    expect(cloudFormation.calls()).toHaveLength(0);
    expect(ec2.calls()).toHaveLength(0);
  });
});

describe('synth without a region', () => {
  test('estimates the cost with us-east-1 prices and says so, instead of the toolkit\'s unknown-region', async () => {
    const { core } = await runAction({ 'mode': 'synth', 'aws-region': '' }, () => ({
      synth: async () => [{ stackName: 'SsoClientVpnBastion', region: 'unknown-region', templateFile: '/tmp/t.json', template: ARTICLE_TEMPLATE }],
    }));
    expect(core.failures).toEqual([]);
    expect(core.summaryText).not.toContain('unknown-region');
    expect(core.summaryText).toMatch(/### Fixed cost: \$\d+\.\d{2} a month/);
    expect(core.summaryText).toContain('| item (us-east-1) |');
    expect(core.summaryText).toContain('No aws-region given: the estimate uses us-east-1 prices');
  });
});

describe('the server key', () => {
  test('the ssh-config output, the summary\'s ssh command and the key command name one file', async () => {
    stackDoesNotExist();
    ec2.on(ExportClientVpnClientConfigurationCommand).resolves({ ClientConfiguration: federatedExport(ENDPOINT_ID, 'ap-northeast-1', CA) });
    const { core } = await runAction({}, () => ({ deploy: deployed }));
    const identityFile = /IdentityFile (\S+)/.exec(core.outputs['ssh-config'])![1];
    expect(identityFile).toBe('~/.ssh/server-key.pem');
    expect(core.summaryText).toContain(`ssh -i ${identityFile} ec2-user@172.25.1.10`);
    expect(core.summaryText).toContain(`cd ~/.ssh && ${OUTPUTS.BastionGetServerPrivateKeyCommandA5A58290}`);
  });
});

describe('SSH with EC2 Instance Connect (the default: no shared key)', () => {
  const deployWith = async (outputs: Record<string, string>, inputs: Record<string, string> = {}) => {
    stackDoesNotExist();
    ec2.on(ExportClientVpnClientConfigurationCommand).resolves({ ClientConfiguration: federatedExport(ENDPOINT_ID, 'ap-northeast-1', CA) });
    const { core } = await runAction(inputs, () => ({ deploy: async () => [{ stackName: 'SsoClientVpnBastion', outputs }] }));
    expect(core.failures).toEqual([]);
    return core;
  };

  test('the ssh-config output pushes your own key before each connection, with the instance and region of the outputs', async () => {
    const core = await deployWith(INSTANCE_CONNECT_OUTPUTS);
    expect(core.outputs['ssh-config']).toBe([
      '# Before each connection, ssh runs the AWS CLI to push your public key to the server (EC2 Instance Connect, valid 60 seconds).',
      'Match originalhost SsoClientVpnBastion exec "aws ec2-instance-connect send-ssh-public-key --region ap-northeast-1 ' +
        `--instance-id ${INSTANCE_ID} --instance-os-user ec2-user --ssh-public-key file://~/.ssh/id_ed25519.pub"`,
      'Host SsoClientVpnBastion',
      '  HostName 172.25.1.10',
      '  User ec2-user',
      '  IdentityFile ~/.ssh/id_ed25519',
      '  IdentitiesOnly yes',
      '',
    ].join('\n'));
  });

  test('the region in the block is the stack\'s, from the SshCommand output, not only the action\'s', async () => {
    const core = await deployWith({
      ...INSTANCE_CONNECT_OUTPUTS,
      BastionSshCommand1AC10DDA: SSH_COMMAND.replace('ap-northeast-1', 'eu-west-1'),
    });
    expect(core.outputs['ssh-config']).toContain('send-ssh-public-key --region eu-west-1 ');
  });

  test('the job summary connects with the SshCommand output and names the policy the people connecting need', async () => {
    const core = await deployWith(INSTANCE_CONNECT_OUTPUTS);
    expect(core.summaryText).toContain('AWS VPN Client > File > Manage profiles > Add profile');
    expect(core.summaryText).toContain(`\`${SSH_COMMAND}\``);
    expect(core.summaryText).toContain('AWS CLI v2');
    expect(core.summaryText).toContain(`\`InstanceConnectPolicyArn\` policy (\`${POLICY_ARN}\`)`);
    expect(core.summaryText).toContain('permission set');
    expect(core.summaryText).toContain('The role that deployed the stack needs nothing more.');
    expect(core.summaryText).toContain('`ssh-config` output');
    expect(core.summaryText).toContain('ssh-keygen -t ed25519');
    expect(core.summaryText).toContain(`[CloudWatch dashboard](${INSTANCE_CONNECT_OUTPUTS.BastionDashboardUrlD8A0EA94})`);
    expect(core.summaryText).not.toContain('server-key.pem');
  });

  test('with key-pair-name, the summary also names the key pair the server accepts', async () => {
    const core = await deployWith({ ...INSTANCE_CONNECT_OUTPUTS, BastionSshWithKeyPairCommand34427915: 'ssh -i <private key of team-key> ec2-user@172.25.1.10' }, { 'key-pair-name': 'team-key' });
    expect(core.summaryText).toContain(SSH_COMMAND);
    expect(core.summaryText).toContain('`ssh -i <private key of team-key> ec2-user@172.25.1.10`');
    expect(core.outputs['ssh-config']).toContain('Match originalhost SsoClientVpnBastion exec');
  });

  test('a bastion of a release before EC2 Instance Connect (a user\'s app with its own key pair) keeps the key file steps', async () => {
    const core = await deployWith({ BastionEndpointIdC1596275: ENDPOINT_ID, BastionServerPrivateIpC008B8AB: '172.25.1.10', BastionSamlApplicationAcsUrlA4B8E27D: 'x' });
    expect(core.outputs['ssh-config']).toBe('Host SsoClientVpnBastion\n  HostName 172.25.1.10\n  User ec2-user\n  IdentityFile ~/.ssh/server-key.pem\n');
    expect(core.summaryText).toContain('Put the private key of the key pair you gave the server at `~/.ssh/server-key.pem`.');
  });

  test('with the shared key pair, the summary also offers EC2 Instance Connect', async () => {
    const core = await deployWith(OUTPUTS);
    expect(core.summaryText).toContain(`cd ~/.ssh && ${OUTPUTS.BastionGetServerPrivateKeyCommandA5A58290}`);
    expect(core.summaryText).toContain(SSH_COMMAND);
  });

  // OpenSSH reads the block as intended: the alias, then a push with the AWS CLI right before the connection.
  const openSsh = spawnSync('ssh', ['-V']).status === 0;
  (openSsh ? test : test.skip)('OpenSSH runs the push for that host only, right before connecting, and connects with the pushed key', async () => {
    const core = await deployWith(INSTANCE_CONNECT_OUTPUTS);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ssh-config-'));
    const config = path.join(dir, 'config');
    fs.writeFileSync(config, core.outputs['ssh-config']);
    // A stand-in for the AWS CLI that records its arguments.
    const pushes = path.join(dir, 'pushes');
    fs.writeFileSync(path.join(dir, 'aws'), `#!/bin/sh\necho "$*" >> "${pushes}"\necho '{"Success": true}'\n`, { mode: 0o755 });
    const env = { ...process.env, PATH: `${dir}:${process.env.PATH}` };
    const ssh = (...args: string[]) => spawnSync('ssh', ['-F', config, ...args], { env, encoding: 'utf8', timeout: 20_000 });

    const settings = ssh('-G', 'SsoClientVpnBastion').stdout;
    expect(settings).toMatch(/^hostname 172\.25\.1\.10$/m);
    expect(settings).toMatch(/^user ec2-user$/m);
    expect(settings).toMatch(/^identityfile ~\/\.ssh\/id_ed25519$/m);
    expect(settings).toMatch(/^identitiesonly yes$/m);
    fs.rmSync(pushes, { force: true });

    expect(ssh('-G', 'other-host').stdout).toMatch(/^hostname other-host$/m);
    expect(fs.existsSync(pushes)).toBe(false);

    // A connection (to a closed local port, so that it fails at once) pushes the key first.
    const attempt = ssh('-o', 'HostName=127.0.0.1', '-o', 'Port=1', '-o', 'BatchMode=yes', 'SsoClientVpnBastion', 'true');
    expect(attempt.stderr).toMatch(/port 1: Connection refused/);
    expect(fs.readFileSync(pushes, 'utf8')).toBe(
      `ec2-instance-connect send-ssh-public-key --region ap-northeast-1 --instance-id ${INSTANCE_ID} --instance-os-user ec2-user --ssh-public-key file://~/.ssh/id_ed25519.pub\n`);
  });
});

describe('faults', () => {
  test('credentials that expire in the middle of a deploy: wait, re-run, and a longer session', async () => {
    stackDoesNotExist();
    const { core } = await runAction({}, () => ({
      deploy: async () => {
        throw Object.assign(new Error('❌  SsoClientVpnBastion failed: ExpiredToken: The security token included in the request is expired'), {
          name: 'DeployStackFailed',
          cause: Object.assign(new Error('The security token included in the request is expired'), { name: 'ExpiredToken' }),
        });
      },
    }));
    expect(core.failures).toEqual([
      'The AWS credentials expired while the stack was being changed. CloudFormation goes on by itself: wait until the stack is no longer ' +
      'IN_PROGRESS, then run again, which resumes from the state it finds. The deploy can take 30 minutes or more: give ' +
      'aws-actions/configure-aws-credentials `role-duration-seconds: 3600` (and allow it in the role\'s maximum session duration).',
    ]);
  });

  test('an endpoint deleted by hand (drift) is named, with the way back', async () => {
    stackDoesNotExist();
    ec2.on(ExportClientVpnClientConfigurationCommand).rejects(Object.assign(new Error(`The clientVpnEndpoint ID '${ENDPOINT_ID}' does not exist`), { name: 'InvalidClientVpnEndpointId.NotFound' }));
    const { core } = await runAction({}, () => ({ deploy: deployed }));
    expect(core.failures).toEqual([
      `The Client VPN endpoint ${ENDPOINT_ID} that stack SsoClientVpnBastion made does not exist any more: it was deleted outside CloudFormation. ` +
      'CloudFormation still lists it, so a re-run changes nothing. Run mode: destroy, then mode: deploy, to build it again ' +
      '(the connection log group is retained; the client CIDR and the configuration file change with the new endpoint).',
    ]);
  });

  test('an association that does not finish in time: the run ends with what to do, CloudFormation goes on', async () => {
    jest.useFakeTimers();
    try {
      const never = new Promise<never>(() => undefined);
      const waiting = withTimeout(30, 'deploy', ['SsoClientVpnBastion'], never);
      jest.advanceTimersByTime(30 * 60_000);
      await expect(waiting).rejects.toThrow(
        'The deploy did not finish within 30 minutes (timeout-minutes): stack SsoClientVpnBastion is still changing, and CloudFormation goes on by itself. ' +
        'Wait until it is no longer IN_PROGRESS (its events are in the CloudFormation console, or `aws cloudformation describe-stack-events --stack-name SsoClientVpnBastion`), ' +
        'then run the workflow again: it resumes from the state it finds. A larger timeout-minutes avoids this next time.',
      );
    } finally {
      jest.useRealTimers();
    }
  });

  test('a timed-out deploy fails the step with that message and ends the process, which toolkit-lib\'s polling would keep alive', async () => {
    stackDoesNotExist();
    const exits: number[] = [];
    const { core } = await runAction({}, () => ({
      deploy: () => withTimeout(30, 'deploy', ['SsoClientVpnBastion'], Promise.reject(new StackStillChangingError('deploy', 30, ['SsoClientVpnBastion']))),
    }), { exit: (code) => exits.push(code) });
    expect(core.failures[0]).toMatch(/^The deploy did not finish within 30 minutes \(timeout-minutes\): stack SsoClientVpnBastion is still changing/);
    expect(exits).toEqual([1]);
  });

  test('other failures leave the process to end by itself', async () => {
    stackDoesNotExist();
    const exits: number[] = [];
    const { core } = await runAction({}, () => ({ deploy: () => Promise.reject(new Error('boom')) }), { exit: (code) => exits.push(code) });
    expect(core.failures).toEqual(['boom']);
    expect(exits).toEqual([]);
  });
});
