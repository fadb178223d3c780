import { randomBytes } from 'crypto';
import { DescribeClientVpnEndpointsCommand, ExportClientVpnClientConfigurationCommand } from '@aws-sdk/client-ec2';
import type { EC2Client } from '@aws-sdk/client-ec2';

/**
 * Downloads the endpoint's client configuration (.ovpn) as AWS exports it.
 * The SDK retries throttling and transient errors itself (adaptive mode, see main.ts).
 */
export async function exportClientConfiguration(ec2: EC2Client, endpointId: string): Promise<string> {
  const result = await ec2.send(new ExportClientVpnClientConfigurationCommand({ ClientVpnEndpointId: endpointId }));
  if (!result.ClientConfiguration) {
    throw new Error(`ExportClientVpnClientConfiguration returned no configuration for ${endpointId}.`);
  }
  return result.ClientConfiguration;
}

/**
 * Prefixes a random label to the endpoint's host name on every `remote` line,
 * and drops `remote-random-hostname`.
 *
 * Client VPN endpoints answer on any subdomain of their DNS name, and AWS
 * recommends a random prefix so that DNS caching does not pin every client to
 * one address. `remote-random-hostname` asks the client to prepend one; with
 * the label written in, a client that honours the directive (AWS VPN Client,
 * OpenVPN) would prepend a second, so the directive goes. Everything else
 * stays as AWS exported it.
 *
 * @see https://docs.aws.amazon.com/vpn/latest/clientvpn-admin/troubleshooting.html
 */
export function prefixRemoteHost(configuration: string, label: string = randomBytes(6).toString('hex')): string {
  if (!/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/.test(label)) {
    throw new Error(`The remote prefix "${label}" is not a DNS label.`);
  }
  let prefixed = false;
  const rewritten = configuration.replace(/^(remote[ \t]+)(\S+)(.*)$/gm, (line, keyword: string, host: string, rest: string) => {
    if (!/^cvpn-endpoint-[0-9a-f]+\./.test(host)) {
      return line;
    }
    prefixed = true;
    return `${keyword}${label}.${host}${rest}`;
  });
  return prefixed ? rewritten.replace(/^remote-random-hostname[ \t]*\r?\n?/gm, '') : rewritten;
}

/**
 * The PEM blocks in a configuration that must never be printed. A federated
 * (SAML) configuration has none: it carries only the CA certificate.
 */
export function secretBlocks(configuration: string): string[] {
  return [...configuration.matchAll(/<(key|tls-auth|tls-crypt|secret)>[\s\S]*?<\/\1>/g)].map((match) => match[0]);
}

/**
 * The Client VPN endpoint a stack made, by the tag CloudFormation puts on it;
 * used when the stack's outputs do not name it.
 */
export async function findEndpointOfStack(ec2: EC2Client, stackName: string): Promise<string | undefined> {
  let nextToken: string | undefined;
  do {
    const page = await ec2.send(new DescribeClientVpnEndpointsCommand({ NextToken: nextToken }));
    const endpoint = page.ClientVpnEndpoints?.find((candidate) =>
      candidate.Tags?.some((tag) => tag.Key === 'aws:cloudformation:stack-name' && tag.Value === stackName));
    if (endpoint?.ClientVpnEndpointId) {
      return endpoint.ClientVpnEndpointId;
    }
    nextToken = page.NextToken;
  } while (nextToken);
  return undefined;
}
