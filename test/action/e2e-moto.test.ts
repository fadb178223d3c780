import * as path from 'path';
import { BootstrapEnvironments, Toolkit } from '@aws-cdk/toolkit-lib';
import { CloudFormationClient, DescribeStacksCommand, GetTemplateCommand } from '@aws-sdk/client-cloudformation';
import { CreateKeyPairCommand, CreateSubnetCommand, CreateVpcCommand, DescribeClientVpnEndpointsCommand, EC2Client, ExportClientVpnClientConfigurationCommand } from '@aws-sdk/client-ec2';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { run } from '../../action/src/main';
import { awsClients, toolkitRunnerFactory } from '../../action/src/production';
import { motoClientConfig, motoFound, startMoto } from '../moto';
import type { MotoServer } from '../moto';
import { RecordingCore, createInputs, federatedExport } from './fixtures';

const ROOT = path.join(__dirname, '..', '..');
const REGION = 'us-east-1';
const ENDPOINT_ID = 'cvpn-endpoint-0a1b2c3d4e5f60718';
const CA = '-----BEGIN CERTIFICATE-----\nMIIBmoto\n-----END CERTIFICATE-----';
const APP = 'node -r ts-node/register/transpile-only test/action/moto-app.ts';

/**
 * What runs against moto_server (a local AWS API): the CDK toolkit's
 * bootstrap, asset publishing, the CloudFormation deploy and its outputs, the
 * second deploy that finds nothing to change, and the action's own
 * CloudFormation calls. moto accepts the Client VPN, SAML provider and key
 * pair resources in a template without creating them, and has no
 * DescribeClientVpnEndpoints or ExportClientVpnClientConfiguration: exactly
 * those two EC2 calls are answered in-process below.
 */
(motoFound ? describe : describe.skip)('deploy mode end to end against moto_server', () => {
  let moto: MotoServer;
  const saved = { ...process.env };
  const exportCalls: string[] = [];
  /** The two Client VPN calls moto lacks, answered in-process; any other EC2 call is a test failure. */
  const clientVpnApi = {
    send: async (command: unknown) => {
      if (command instanceof DescribeClientVpnEndpointsCommand) {
        return { ClientVpnEndpoints: [{ ClientVpnEndpointId: ENDPOINT_ID, Tags: [{ Key: 'aws:cloudformation:stack-name', Value: 'SsoClientVpnBastionMoto' }] }] };
      }
      if (command instanceof ExportClientVpnClientConfigurationCommand) {
        exportCalls.push(command.input.ClientVpnEndpointId!);
        return { ClientConfiguration: federatedExport(ENDPOINT_ID, REGION, CA) };
      }
      throw new Error(`unexpected EC2 call ${(command as object).constructor.name}`);
    },
  } as unknown as EC2Client;

  async function runDeploy(inputs: Record<string, string> = {}): Promise<RecordingCore> {
    const core = new RecordingCore(createInputs({
      'mode': 'deploy',
      'aws-region': REGION,
      'app': APP,
      'saml-metadata-file': '',
      'group-ids': '',
      // moto's change sets break on re-deploy; direct CreateStack/UpdateStack is what it runs.
      'deployment-method': 'direct',
      ...inputs,
    }));
    await run({
      core,
      env: { ...process.env, GITHUB_WORKSPACE: ROOT },
      provenance: {},
      createRunner: toolkitRunnerFactory({}),
      ...awsClients(process.env),
      ec2: () => clientVpnApi,
      lambda: () => new LambdaClient(motoClientConfig(moto.endpoint, REGION)),
      fetchText: async () => { throw new Error('no download expected'); },
    });
    return core;
  }

  let first: RecordingCore;
  let second: RecordingCore;
  /** mode: diff against the deployed stack: the same app, a login banner, a new client CIDR. */
  let unchanged: RecordingCore;
  let banner: RecordingCore;
  let newClientCidr: RecordingCore;
  /** A deploy of the new client CIDR, without allow-replacing-live-resources. */
  let guarded: RecordingCore;

  beforeAll(async () => {
    moto = await startMoto();
    Object.assign(process.env, {
      AWS_ENDPOINT_URL: moto.endpoint,
      AWS_ACCESS_KEY_ID: 'testing',
      AWS_SECRET_ACCESS_KEY: 'testing',
      AWS_REGION: REGION,
      AWS_EC2_METADATA_DISABLED: 'true',
      NODE_NO_WARNINGS: '1',
    });
    // What the user has before the first run: a VPC, a key pair, a bootstrapped environment.
    const ec2 = new EC2Client(motoClientConfig(moto.endpoint, REGION));
    const { Vpc } = await ec2.send(new CreateVpcCommand({ CidrBlock: '10.30.0.0/16' }));
    const { Subnet } = await ec2.send(new CreateSubnetCommand({ VpcId: Vpc!.VpcId, CidrBlock: '10.30.1.0/24', AvailabilityZone: `${REGION}a` }));
    await ec2.send(new CreateKeyPairCommand({ KeyName: 'team-key' }));
    Object.assign(process.env, { MOTO_VPC_ID: Vpc!.VpcId, MOTO_SUBNET_ID: Subnet!.SubnetId, MOTO_AZ: `${REGION}a` });
    const toolkit = new Toolkit({ ioHost: { notify: async () => undefined, requestResponse: async (m) => m.defaultResponse } });
    await toolkit.bootstrap(BootstrapEnvironments.fromList([`aws://123456789012/${REGION}`]));

    first = await runDeploy();
    second = await runDeploy();
    // The app command runs through the shell, so a changed `app` input can carry the app's settings.
    unchanged = await runDeploy({ mode: 'diff' });
    banner = await runDeploy({ mode: 'diff', app: `MOTO_LOGIN_BANNER='Authorized use only.' ${APP}` });
    newClientCidr = await runDeploy({ mode: 'diff', app: `MOTO_CLIENT_CIDR=172.27.0.0/22 ${APP}` });
    guarded = await runDeploy({ app: `MOTO_CLIENT_CIDR=172.27.0.0/22 ${APP}` });
  }, 360_000);

  afterAll(async () => {
    process.env = saved;
    await moto?.stop();
  });

  test('the first run deploys the stack through the toolkit and publishes its template asset', async () => {
    expect(first.failures).toEqual([]);
    expect(first.log.join('\n')).toMatch(/success: Published SsoClientVpnBastionMoto Template/);
    const cloudFormation = new CloudFormationClient(motoClientConfig(moto.endpoint, REGION));
    const { Stacks } = await cloudFormation.send(new DescribeStacksCommand({ StackName: 'SsoClientVpnBastionMoto' }));
    expect(Stacks![0].StackStatus).toBe('CREATE_COMPLETE');
  });

  test('reads the construct\'s outputs from the deployed stack', () => {
    const outputs = JSON.parse(first.outputs['stack-outputs']);
    expect(Object.keys(outputs)).toEqual(expect.arrayContaining([expect.stringMatching(/^BastionServerPrivateIp/), expect.stringMatching(/^BastionSamlApplicationAcsUrl/)]));
    // moto picks the address without regard to the subnet's range.
    expect(first.outputs['server-private-ip']).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    expect(first.outputs['ssh-config']).toContain(`HostName ${first.outputs['server-private-ip']}`);
  });

  test('exports the client configuration of the endpoint (in-process) and hands it back', () => {
    expect(exportCalls[0]).toBe(ENDPOINT_ID);
    expect(first.outputs['endpoint-id']).toBe(ENDPOINT_ID);
    expect(first.outputs['client-configuration']).toMatch(new RegExp(`^remote [0-9a-f]{12}\\.${ENDPOINT_ID}\\.prod`, 'm'));
  });

  test('the second run finds nothing to change and exports again', () => {
    expect(second.failures).toEqual([]);
    expect(second.log.join('\n')).toMatch(/SsoClientVpnBastionMoto \(no changes\)/);
    expect(exportCalls).toHaveLength(2);
  });

  test('diff: the same app as deployed has no changes', () => {
    expect(unchanged.failures).toEqual([]);
    expect(unchanged.outputs['has-changes']).toBe('false');
    expect(unchanged.outputs['destructive-changes']).toBe('[]');
    expect(unchanged.summaryText).toContain('No changes: the deployed stack already matches.');
  });

  test('diff: a changed input shows the change, made in place, and replaces nothing', () => {
    expect(banner.failures).toEqual([]);
    expect(banner.outputs['has-changes']).toBe('true');
    expect(banner.outputs['destructive-changes']).toBe('[]');
    expect(banner.summaryText).toContain('| `Bastion/Endpoint` | `AWS::EC2::ClientVpnEndpoint` | changed in place (`ClientLoginBannerOptions`) |');
    expect(banner.summaryText).toContain('Nothing live is replaced or destroyed.');
  });

  test('diff: a new client CIDR is flagged: the endpoint is replaced and every .ovpn must be downloaded again', () => {
    expect(newClientCidr.failures).toEqual([]);
    const destructive = JSON.parse(newClientCidr.outputs['destructive-changes']);
    expect(destructive).toEqual(expect.arrayContaining([
      expect.objectContaining({ stack: 'SsoClientVpnBastionMoto', path: 'Bastion/Endpoint', impact: 'replaced', properties: ['ClientCidrBlock'] }),
    ]));
    expect(newClientCidr.summaryText).toContain('| the endpoint `Bastion/Endpoint` | replaced (`ClientCidrBlock`) | new endpoint ID and DNS name: every `.ovpn` must be downloaded again');
    expect(newClientCidr.outputs['diff-markdown']).toBe(newClientCidr.summaryText);
  });

  test('a guarded deploy refuses the new client CIDR and leaves the stack as it was', async () => {
    expect(guarded.failures).toHaveLength(1);
    expect(guarded.failures[0]).toMatch(/^The deploy would replace or destroy \d+ live resources, and stops before changing anything:/);
    expect(guarded.failures[0]).toContain('allow-replacing-live-resources: true');
    const deploying = /SsoClientVpnBastionMoto: deploying/;
    expect(first.log.join('\n')).toMatch(deploying);
    expect(guarded.log.join('\n')).not.toMatch(deploying);
    const cloudFormation = new CloudFormationClient(motoClientConfig(moto.endpoint, REGION));
    const { TemplateBody } = await cloudFormation.send(new GetTemplateCommand({ StackName: 'SsoClientVpnBastionMoto' }));
    const endpoint = Object.values(JSON.parse(TemplateBody!).Resources as Record<string, { Type: string; Properties: { ClientCidrBlock?: string } }>)
      .find((resource) => resource.Type === 'AWS::EC2::ClientVpnEndpoint')!;
    expect(endpoint.Properties.ClientCidrBlock).toBe('172.26.0.0/22');
  });
});
