/** The construct's outputs, found by their ids in any stack (the action's own or a user's app). */
export interface BastionOutputs {
  /** The construct path prefix of the outputs (for example `Bastion`). */
  readonly prefix: string;
  readonly endpointId?: string;
  readonly serverPrivateIp?: string;
  readonly egressIps: string[];
  readonly getServerPrivateKeyCommand?: string;
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
  return {
    found: {
      prefix,
      endpointId: value('EndpointId'),
      serverPrivateIp: value('ServerPrivateIp'),
      egressIps: egress ? egress.split(',').filter((ip) => ip.length > 0) : [],
      getServerPrivateKeyCommand: value('GetServerPrivateKeyCommand'),
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

/** A ready `~/.ssh/config` block for the server. */
export function sshConfigBlock(host: string, privateIp: string, identityFile = SERVER_KEY_PATH): string {
  return [
    `Host ${host}`,
    `  HostName ${privateIp}`,
    '  User ec2-user',
    `  IdentityFile ${identityFile}`,
    '',
  ].join('\n');
}
