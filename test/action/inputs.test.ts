import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { asMode, createInputs } from './fixtures';
import { InputError, lines, readInputs } from '../../action/src/inputs';

const workspace = '/home/runner/work/repo/repo';
const env = { GITHUB_WORKSPACE: workspace };
const read = (overrides: Record<string, string> = {}, environment: NodeJS.ProcessEnv = env) => readInputs(createInputs(overrides), environment);
/** The inputs of mode deploy (the default), with the fields only that mode has. */
const readDeploy = (overrides: Record<string, string> = {}, environment: NodeJS.ProcessEnv = env) => asMode('deploy', read(overrides, environment));

describe('inputs', () => {
  test('defaults: deploy, change sets, a 60-minute wait, self-signed certificate, full tunnel', () => {
    expect(read()).toEqual({
      mode: 'deploy',
      stackName: 'SsoClientVpnBastion',
      stackNames: ['SsoClientVpnBastion'],
      region: 'ap-northeast-1',
      regionFrom: 'aws-region',
      samlMetadataFile: path.join(workspace, 'identity-center-metadata.xml'),
      samlMetadataUrl: undefined,
      groupIds: ['9a67f5b4-30c1-70d5-9b2e-5f0a1c8e7d21'],
      groupNames: [],
      certificate: { kind: 'self-signed' },
      vpcCidr: undefined,
      clientCidr: undefined,
      splitTunnel: false,
      instanceType: undefined,
      businessHoursTimeZone: undefined,
      keyPairName: undefined,
      sharedKeyPair: false,
      applicationArn: undefined,
      app: undefined,
      workingDirectory: workspace,
      deploymentMethod: 'change-set',
      diffMethod: 'template',
      timeoutMinutes: 60,
      allowReplacingLiveResources: { all: false, names: [] },
      githubToken: undefined,
      workspace,
    });
  });

  test('diff needs a region and, for the action\'s own app, the construct\'s inputs, like deploy', () => {
    expect(read({ mode: 'diff' }).mode).toBe('diff');
    expect(() => read({ 'mode': 'diff', 'aws-region': '' })).toThrow(/Input aws-region is empty .* mode "diff" needs a region/);
    expect(() => read({ 'mode': 'diff', 'group-ids': '' })).toThrow(/Inputs group-ids and group-names are both empty/);
  });

  test('allow-replacing-live-resources: nothing unless set; true for every loss; else a list of names', () => {
    expect(readDeploy({}).allowReplacingLiveResources).toEqual({ all: false, names: [] });
    expect(readDeploy({ 'allow-replacing-live-resources': 'false' }).allowReplacingLiveResources).toEqual({ all: false, names: [] });
    expect(readDeploy({ 'allow-replacing-live-resources': 'TRUE' }).allowReplacingLiveResources).toEqual({ all: true, names: [] });
    expect(readDeploy({ 'allow-replacing-live-resources': 'Bastion/Server\n  MyStack/Bastion/Endpoint \nAWS::EC2::EIP\nBastionServer1234ABCD' }).allowReplacingLiveResources)
      .toEqual({ all: false, names: ['Bastion/Server', 'MyStack/Bastion/Endpoint', 'AWS::EC2::EIP', 'BastionServer1234ABCD'] });
    expect(() => read({ 'allow-replacing-live-resources': 'Bastion/Server\ntrue' })).toThrow(/Input allow-replacing-live-resources has "true": give true, false, or the live resources/);
    expect(() => read({ 'allow-replacing-live-resources': 'the server' })).toThrow(/Input allow-replacing-live-resources has "the server": .* a resource type such as AWS::EC2::Instance/);
  });

  test('cloud-assembly: for mode deploy alone, instead of app, a cloud assembly in the workspace or the runner\'s temporary folder', () => {
    const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'runner-temp-'));
    const assembly = path.join(temp, 'reviewed');
    fs.mkdirSync(assembly);
    fs.writeFileSync(path.join(assembly, 'manifest.json'), '{}');
    const withTemp = { ...env, RUNNER_TEMP: temp };
    // No construct inputs needed: the assembly is already synthesized.
    const deploy = read({ 'cloud-assembly': assembly, 'saml-metadata-file': '', 'group-ids': '' }, withTemp);
    expect(deploy).toMatchObject({ mode: 'deploy', cloudAssembly: assembly });
    expect(() => read({ 'mode': 'diff', 'cloud-assembly': assembly }, withTemp)).toThrow('Input cloud-assembly is for mode deploy');
    expect(() => read({ 'cloud-assembly': assembly, 'app': 'npx ts-node bin/app.ts' }, withTemp)).toThrow('Inputs app and cloud-assembly are both set');
    expect(() => read({ 'cloud-assembly': os.tmpdir() }, withTemp)).toThrow(/Input cloud-assembly ".*" is outside the workspace .* and the runner's temporary folder/);
    expect(() => read({ 'cloud-assembly': temp }, withTemp)).toThrow(/Input cloud-assembly ".*" is not a cloud assembly \(no manifest\.json/);
  });

  test('diff-method: template unless set, or change-set; anything else names the choices', () => {
    expect(read({ mode: 'diff' })).toMatchObject({ diffMethod: 'template' });
    expect(read({ 'mode': 'diff', 'diff-method': 'Change-Set' })).toMatchObject({ diffMethod: 'change-set' });
    expect(() => read({ 'diff-method': 'changeset' })).toThrow('Input diff-method "changeset" is not one of: template, change-set.');
  });

  test('shared-key-pair is a boolean, false unless set: no shared key, SSH with EC2 Instance Connect', () => {
    expect(readDeploy({ 'shared-key-pair': 'true' }).sharedKeyPair).toBe(true);
    expect(() => read({ 'shared-key-pair': 'yes' })).toThrow('Input shared-key-pair "yes" is not a boolean: use true or false.');
  });

  test('the region falls back to the runner\'s AWS_REGION, then AWS_DEFAULT_REGION', () => {
    expect(read({ 'aws-region': '' }, { ...env, AWS_REGION: 'us-east-1' }).region).toBe('us-east-1');
    expect(read({ 'aws-region': '' }, { ...env, AWS_DEFAULT_REGION: 'eu-west-1' }).region).toBe('eu-west-1');
  });

  test('stack-name is a list, one name per line, for a user\'s app and for destroy and switch-on', () => {
    expect(read({ 'app': 'npx ts-node app.ts', 'stack-name': ' Network \n\n Bastion ' }).stackNames).toEqual(['Network', 'Bastion']);
    expect(read({ 'mode': 'destroy', 'stack-name': 'A\nB' }).stackNames).toEqual(['A', 'B']);
    expect(read({ 'mode': 'switch-on', 'stack-name': 'A\nB' }).stackNames).toEqual(['A', 'B']);
    expect(() => read({ 'app': 'x', 'stack-name': 'Good\n1-bad' })).toThrow('Input stack-name "1-bad" is invalid');
    expect(() => read({ 'app': 'x', 'stack-name': 'A\nA' })).toThrow('Input stack-name names "A" twice.');
  });

  test('the action\'s own app makes one stack: more than one stack-name is refused in deploy, diff and synth', () => {
    for (const mode of ['deploy', 'diff', 'synth']) {
      expect(() => read({ mode, 'stack-name': 'A\nB' })).toThrow('Input stack-name names 2 stacks, but the action\'s own app makes one: give one name, or your own `app` with those stacks.');
    }
  });

  test('the region says where it came from, for the message when a stack\'s env names another', () => {
    expect(read({ 'aws-region': '' }, { ...env, AWS_REGION: 'us-east-1' }).regionFrom).toBe('AWS_REGION');
    expect(read().regionFrom).toBe('aws-region');
  });

  test('synth needs no region', () => {
    expect(read({ 'mode': 'synth', 'aws-region': '' }).region).toBeUndefined();
  });

  test('lists take one item per line and ignore blank lines and spaces', () => {
    expect(lines('  a \n\n\tb\r\n   \nc  ')).toEqual(['a', 'b', 'c']);
    expect(readDeploy({ 'group-names': '\n  SampleQiitaGroup  \n\n Operators\n' }).groupNames).toEqual(['SampleQiitaGroup', 'Operators']);
  });

  test('certificate choices', () => {
    expect(readDeploy({ 'certificate-arn': 'arn:aws:acm:ap-northeast-1:123456789012:certificate/abc' }).certificate)
      .toEqual({ kind: 'arn', certificateArn: 'arn:aws:acm:ap-northeast-1:123456789012:certificate/abc' });
    expect(readDeploy({ 'domain-name': 'vpn.example.com', 'hosted-zone-id': 'Z0123456789ABCDEFGHIJ' }).certificate)
      .toEqual({ kind: 'dns', domainName: 'vpn.example.com', hostedZoneId: 'Z0123456789ABCDEFGHIJ' });
  });

  test('a business-hours time zone is kept for the schedule', () => {
    expect(readDeploy({ 'business-hours-time-zone': 'Asia/Tokyo' }).businessHoursTimeZone).toBe('Asia/Tokyo');
  });

  test('mode and booleans are case-insensitive', () => {
    expect(read({ 'mode': 'SYNTH', 'split-tunnel': 'True' })).toMatchObject({ mode: 'synth', splitTunnel: true });
  });

  test('destroy needs neither metadata nor groups', () => {
    expect(read({ 'mode': 'destroy', 'saml-metadata-file': '', 'group-ids': '' }).mode).toBe('destroy');
  });
});

describe('each bad input gets a clear message', () => {
  test.each([
    [{ mode: 'apply' }, 'Input mode "apply" is not one of: deploy, diff, destroy, synth, switch-on.'],
    [{ 'stack-name': '1-bastion' }, 'Input stack-name "1-bastion" is invalid: a CloudFormation stack name starts with a letter'],
    [{ 'aws-region': 'tokyo' }, 'Input aws-region "tokyo" is not an AWS region such as ap-northeast-1.'],
    [{ 'aws-region': '' }, 'Input aws-region is empty and the runner has no AWS_REGION: mode "deploy" needs a region.'],
    [{ 'saml-metadata-file': '' }, 'Inputs saml-metadata-file and saml-metadata-url are both empty'],
    [{ 'saml-metadata-url': 'https://example.com/m.xml' }, 'Inputs saml-metadata-file and saml-metadata-url are both set: give one of them.'],
    [{ 'saml-metadata-file': '', 'saml-metadata-url': 'http://example.com/m.xml' }, 'Input saml-metadata-url "http://example.com/m.xml" is not an https URL.'],
    [{ 'saml-metadata-file': '../../etc/passwd' }, `Input saml-metadata-file "../../etc/passwd" is outside the workspace ${workspace}`],
    [{ 'saml-metadata-file': '/etc/passwd' }, `Input saml-metadata-file "/etc/passwd" is outside the workspace ${workspace}`],
    [{ 'working-directory': '..' }, `Input working-directory ".." is outside the workspace ${workspace}`],
    [{ 'saml-metadata-file': '../x' }, `Input saml-metadata-file "../x" is outside the workspace ${workspace}`],
    [{ 'saml-metadata-file': '', 'saml-metadata-url': 'http://example.com/m.xml?X-Amz-Signature=secret' }, 'Input saml-metadata-url "http://example.com/m.xml?…" is not an https URL.'],
    [{ 'group-ids': '\n  \n' }, 'Inputs group-ids and group-names are both empty'],
    [{ 'certificate-arn': 'arn:aws:acm:ap-northeast-1:123456789012:certificate/abc', 'domain-name': 'vpn.example.com' }, 'Input certificate-arn cannot be combined with domain-name or hosted-zone-id'],
    [{ 'domain-name': 'vpn.example.com' }, 'Inputs domain-name and hosted-zone-id go together (got domain-name "vpn.example.com", hosted-zone-id "")'],
    [{ 'domain-name': 'vpn.example.com', 'hosted-zone-id': 'example.com' }, 'Input hosted-zone-id "example.com" is not a Route 53 hosted zone ID'],
    [{ 'split-tunnel': 'yes' }, 'Input split-tunnel "yes" is not a boolean: use true or false.'],
    [{ 'instance-type': 'micro' }, 'Input instance-type "micro" is not an EC2 instance type such as t3.micro.'],
    [{ 'key-pair-name': 'team\u00e9key' }, 'Input key-pair-name "team\u00e9key" is not an EC2 key pair name'],
    [{ 'key-pair-name': 'team-key', 'shared-key-pair': 'true' }, 'Inputs key-pair-name and shared-key-pair are both set: key-pair-name gives the server your key pair, shared-key-pair keeps the one the action generated; give one of them.'],
    [{ 'business-hours-time-zone': 'Tokyo' }, 'Input business-hours-time-zone "Tokyo" is not an IANA time zone; use a name such as "Asia/Tokyo"'],
    [{ 'deployment-method': 'hotswap' }, 'Input deployment-method "hotswap" is not one of: change-set, direct.'],
    [{ 'timeout-minutes': '10' }, 'Input timeout-minutes "10" is invalid: use a whole number of minutes from 30 to 35791'],
    [{ 'timeout-minutes': 'an hour' }, 'Input timeout-minutes "an hour" is invalid'],
    // Above 35,791 minutes, Node's setTimeout overflows and fires at once.
    [{ 'timeout-minutes': '40000' }, 'Input timeout-minutes "40000" is invalid: use a whole number of minutes from 30 to 35791'],
  ])('%p', (overrides, message) => {
    expect(() => read(overrides as Record<string, string>)).toThrow(InputError);
    expect(() => read(overrides as Record<string, string>)).toThrow(message);
  });
});

describe('workspace paths', () => {
  let real: string;
  beforeEach(() => {
    real = fs.mkdtempSync(path.join(os.tmpdir(), 'action-workspace-'));
    fs.mkdirSync(path.join(real, 'idp'));
    fs.writeFileSync(path.join(real, 'idp', 'metadata.xml'), '<md:EntityDescriptor/>');
  });
  afterEach(() => fs.rmSync(real, { recursive: true, force: true }));
  const readIn = (dir: string, file: string) => asMode('deploy', readInputs(createInputs({ 'saml-metadata-file': file }), { GITHUB_WORKSPACE: dir }));
  const failureOf = (dir: string, file: string) => {
    try {
      readIn(dir, file);
    } catch (error) {
      expect(error).toBeInstanceOf(InputError);
      return (error as Error).message;
    }
    throw new Error(`${file} was accepted`);
  };

  test('a name that only starts with two dots is inside the workspace', () => {
    expect(readDeploy({ 'saml-metadata-file': '..hidden/m.xml' }).samlMetadataFile).toBe(path.join(workspace, '..hidden', 'm.xml'));
    expect(readDeploy({ 'saml-metadata-file': '...' }).samlMetadataFile).toBe(path.join(workspace, '...'));
    expect(readDeploy({ 'working-directory': '..app' }).workingDirectory).toBe(path.join(workspace, '..app'));
  });

  test('a symbolic link out of the workspace is refused, without reading what it points to', () => {
    fs.symlinkSync('/etc/passwd', path.join(real, 'metadata.xml'));
    fs.symlinkSync('/etc', path.join(real, 'config'));
    const passwd = fs.readFileSync('/etc/passwd', 'utf8');
    for (const file of ['metadata.xml', 'config/passwd', path.join(real, 'metadata.xml')]) {
      const message = failureOf(real, file);
      expect(message).toBe(`Input saml-metadata-file ${JSON.stringify(file)} is a symbolic link, or is inside one, that leads out of the workspace ${real}: give a path inside the repository checkout.`);
      expect(message).not.toContain(passwd.slice(0, 4));
    }
  });

  test('a symbolic link that stays inside the workspace, or a workspace reached through one, is accepted', () => {
    fs.symlinkSync(path.join(real, 'idp', 'metadata.xml'), path.join(real, 'metadata.xml'));
    expect(readIn(real, 'metadata.xml').samlMetadataFile).toBe(path.join(real, 'metadata.xml'));
    const link = `${real}-link`;
    fs.symlinkSync(real, link);
    try {
      expect(readIn(link, 'idp/metadata.xml').samlMetadataFile).toBe(path.join(link, 'idp', 'metadata.xml'));
      expect(readIn(link, path.join(real, 'idp', 'metadata.xml')).samlMetadataFile).toBe(path.join(real, 'idp', 'metadata.xml'));
    } finally {
      fs.unlinkSync(link);
    }
  });

  test('a file not yet in the workspace is still checked, and left for the action to report', () => {
    expect(readIn(real, 'idp/missing/metadata.xml').samlMetadataFile).toBe(path.join(real, 'idp', 'missing', 'metadata.xml'));
    expect(failureOf(real, '../elsewhere/metadata.xml')).toContain('is outside the workspace');
  });
});
