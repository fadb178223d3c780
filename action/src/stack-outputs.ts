import { BastionOutputIds, BastionTooling } from '../../src';

/** The OS user of the server that EC2 Instance Connect pushes keys for. */
export const SERVER_OS_USER = BastionTooling.SERVER_LOGIN_USER;

/** The construct's outputs, found by their ids in any stack (the action's own or a user's app). */
export interface BastionOutputs {
  /** The construct path prefix of the outputs (for example `Bastion`). */
  readonly prefix: string;
  readonly endpointId?: string;
  readonly serverPrivateIp?: string;
  readonly egressIps: string[];
  /** Only with the key pair the construct generates (ServerKeyPair.generate()). */
  readonly getServerPrivateKeyCommand?: string;
  /** Only with a shared key pair (generated or yours). */
  readonly sshWithKeyPairCommand?: string;
  /** The EC2 Instance Connect outputs; absent from bastions of releases before it. */
  readonly serverInstanceId?: string;
  readonly sshCommand?: string;
  readonly instanceConnectPolicyArn?: string;
  /** The region the SshCommand output names: the stack's, which a user's app may set apart from the action's. */
  readonly region?: string;
  readonly dashboardUrl?: string;
}

/** CDK makes an output's logical ID from its construct path, its ID and an 8-digit hash. */
const ID_HASH = '[0-9A-F]{8}';

/**
 * The output ID behind each field, from the library's BastionOutputIds: the
 * construct names its outputs with the same constants, so a rename on one
 * side is a rename on both. Read at each lookup, as the construct reads them
 * at each synthesis.
 */
const outputIds = () => ({
  endpointId: BastionOutputIds.ENDPOINT_ID,
  serverPrivateIp: BastionOutputIds.SERVER_PRIVATE_IP,
  egressIps: BastionOutputIds.EGRESS_IPS,
  getServerPrivateKeyCommand: BastionOutputIds.SERVER_PRIVATE_KEY_COMMAND,
  sshWithKeyPairCommand: BastionOutputIds.SSH_WITH_KEY_PAIR_COMMAND,
  serverInstanceId: BastionOutputIds.SERVER_INSTANCE_ID,
  sshCommand: BastionOutputIds.SSH_COMMAND,
  instanceConnectPolicyArn: BastionOutputIds.INSTANCE_CONNECT_POLICY_ARN,
  dashboardUrl: BastionOutputIds.DASHBOARD_URL,
});

/** Matches the logical ID of the output `outputId` of any construct; group 1 is the construct path prefix. */
export function outputKeyPattern(outputId: string, prefix?: string): RegExp {
  return new RegExp(`^(${prefix === undefined ? '.*' : escape(prefix)})${escape(outputId)}${ID_HASH}$`);
}

/** The value of the output `outputId` under `prefix` (of the first construct that has it, without one). */
export function outputValue(outputs: Record<string, string>, outputId: string, prefix?: string): string | undefined {
  const pattern = outputKeyPattern(outputId, prefix);
  const key = Object.keys(outputs).sort().find((k) => pattern.test(k));
  return key === undefined ? undefined : outputs[key];
}

/**
 * Finds the SsoClientVpnBastion outputs among a stack's outputs. With more
 * than one bastion in the stack, the first by id is used and the others are
 * named in `others`.
 */
export function findBastionOutputs(outputs: Record<string, string>): { found?: BastionOutputs; others: string[] } {
  const prefixes = prefixesOf(outputs, BastionOutputIds.ENDPOINT_ID);
  // Without an EndpointId output (an API that drops it), the prefix of the SAML outputs, which every bastion has.
  const prefix = prefixes[0] ?? prefixesOf(outputs, BastionOutputIds.SAML_APPLICATION_ACS_URL)[0];
  if (prefix === undefined) {
    return { others: [] };
  }
  const ids = outputIds();
  const value = (field: keyof typeof ids) => outputValue(outputs, ids[field], prefix);
  const egress = value('egressIps');
  const sshCommand = value('sshCommand');
  return {
    found: {
      prefix,
      endpointId: value('endpointId'),
      serverPrivateIp: value('serverPrivateIp'),
      egressIps: egress ? egress.split(',').filter((ip) => ip.length > 0) : [],
      getServerPrivateKeyCommand: value('getServerPrivateKeyCommand'),
      sshWithKeyPairCommand: value('sshWithKeyPairCommand'),
      serverInstanceId: value('serverInstanceId'),
      sshCommand,
      instanceConnectPolicyArn: value('instanceConnectPolicyArn'),
      region: sshCommand ? /--region (\S+)/.exec(sshCommand)?.[1] : undefined,
      dashboardUrl: value('dashboardUrl'),
    },
    others: prefixes.slice(1),
  };
}

/** The construct path prefixes of every output `outputId`, sorted. */
function prefixesOf(outputs: Record<string, string>, outputId: string): string[] {
  const pattern = outputKeyPattern(outputId);
  return Object.keys(outputs)
    .map((key) => pattern.exec(key)?.[1])
    .filter((prefix): prefix is string => prefix !== undefined)
    .sort();
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The file the construct's GetServerPrivateKeyCommand output writes the server's key to.
 * (test/action/bastion-app.test.ts checks it against the construct's output.)
 */
export const SERVER_KEY_FILE = 'server-key.pem';
/** Where the summary and the ssh-config output keep that file. */
export const SERVER_KEY_PATH = `~/.ssh/${SERVER_KEY_FILE}`;

/** The key a person pushes with EC2 Instance Connect: ssh-keygen's default for `-t ed25519`, as in the construct's SendSshPublicKeyCommand output. */
export const OWN_KEY_PATH = '~/.ssh/id_ed25519';

/**
 * How people SSH to the server, from its outputs: with the shared key pair
 * the construct generated (its private key saved as SERVER_KEY_PATH), or,
 * without one, each with their own key through EC2 Instance Connect. A
 * bastion of a release before EC2 Instance Connect has neither output: its
 * key pair is the user's, kept at SERVER_KEY_PATH as before.
 */
export function usesInstanceConnect(bastion: BastionOutputs): boolean {
  return bastion.serverInstanceId !== undefined && bastion.getServerPrivateKeyCommand === undefined;
}

/**
 * A ready `~/.ssh/config` block for the server ('' without its private IP).
 * With EC2 Instance Connect, `Match exec` pushes the person's own public key
 * with the AWS CLI right before each connection (ssh evaluates it when it
 * reads the config, only for this host; its stdout goes nowhere, its stderr
 * shows), so that any OpenSSH client (scp, rsync, an IDE's remote SSH)
 * connects with a key that the server accepts for the next 60 seconds.
 */
export function sshConfigFor(host: string, bastion: BastionOutputs, region: string): string {
  if (!bastion.serverPrivateIp) {
    return '';
  }
  if (!usesInstanceConnect(bastion)) {
    return sshConfigBlock(host, bastion.serverPrivateIp);
  }
  const push = `aws ec2-instance-connect send-ssh-public-key --region ${bastion.region ?? region} --instance-id ${bastion.serverInstanceId} ` +
    `--instance-os-user ${SERVER_OS_USER} --ssh-public-key file://${OWN_KEY_PATH}.pub`;
  return [
    '# Before each connection, ssh runs the AWS CLI to push your public key to the server (EC2 Instance Connect, valid 60 seconds).',
    `Match originalhost ${host} exec "${push}"`,
    ...sshConfigBlock(host, bastion.serverPrivateIp, OWN_KEY_PATH).replace(/\n$/, '').split('\n'),
    // Only the pushed key: an agent with many keys would otherwise reach the server's limit of attempts first.
    '  IdentitiesOnly yes',
    '',
  ].join('\n');
}

/** A `~/.ssh/config` block for the server with one key file. */
export function sshConfigBlock(host: string, privateIp: string, identityFile = SERVER_KEY_PATH): string {
  return [
    `Host ${host}`,
    `  HostName ${privateIp}`,
    `  User ${SERVER_OS_USER}`,
    `  IdentityFile ${identityFile}`,
    '',
  ].join('\n');
}
