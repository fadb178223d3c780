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

/** CDK makes an output's logical id from its construct path plus an 8-digit hash. */
const ID_HASH = '[0-9A-F]{8}';

/**
 * Finds the SsoClientVpnBastion outputs among a stack's outputs. With more
 * than one bastion in the stack, the first by id is used and the others are
 * named in `others`.
 */
export function findBastionOutputs(outputs: Record<string, string>): { found?: BastionOutputs; others: string[] } {
  const prefixes = Object.keys(outputs)
    .map((key) => new RegExp(`^(.*)EndpointId${ID_HASH}$`).exec(key)?.[1])
    .filter((prefix): prefix is string => prefix !== undefined)
    .sort();
  const prefix = prefixes[0] ?? guessPrefix(outputs);
  if (prefix === undefined) {
    return { others: [] };
  }
  const value = (name: string) => {
    const key = Object.keys(outputs).find((k) => new RegExp(`^${escape(prefix)}${name}${ID_HASH}$`).test(k));
    return key === undefined ? undefined : outputs[key];
  };
  const egress = value('EgressIps');
  const sshCommand = value('SshCommand');
  return {
    found: {
      prefix,
      endpointId: value('EndpointId'),
      serverPrivateIp: value('ServerPrivateIp'),
      egressIps: egress ? egress.split(',').filter((ip) => ip.length > 0) : [],
      getServerPrivateKeyCommand: value('GetServerPrivateKeyCommand'),
      sshWithKeyPairCommand: value('SshWithKeyPairCommand'),
      serverInstanceId: value('ServerInstanceId'),
      sshCommand,
      instanceConnectPolicyArn: value('InstanceConnectPolicyArn'),
      region: sshCommand ? /--region (\S+)/.exec(sshCommand)?.[1] : undefined,
      dashboardUrl: value('DashboardUrl'),
    },
    others: prefixes.slice(1),
  };
}

/** Without an EndpointId output (an API that drops it), the prefix of the SAML outputs, which every bastion has. */
function guessPrefix(outputs: Record<string, string>): string | undefined {
  for (const key of Object.keys(outputs).sort()) {
    const match = new RegExp(`^(.*)SamlApplicationAcsUrl${ID_HASH}$`).exec(key);
    if (match) {
      return match[1];
    }
  }
  return undefined;
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

/** The login user of Amazon Linux, the only OS user EC2 Instance Connect pushes keys for (the construct's `ec2:osuser` condition). */
export const SERVER_OS_USER = 'ec2-user';

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
