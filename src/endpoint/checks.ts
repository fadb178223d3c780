import { Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { cidrsOverlap, isIpv4Address, requireCidr } from '../core/cidr';
import type { Ipv4Cidr } from '../core/cidr';
import { bastionError, propError, tokenRefused } from '../core/errors';

/**
 * Client VPN's limit on the login banner: "UTF-8 encoded characters only.
 * Maximum of 1400 characters." Characters, not bytes and not UTF-16 code
 * units: the banner is counted in Unicode code points, so an emoji is one.
 * @see https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_ClientLoginBannerOptions.html
 */
const MAX_BANNER_LENGTH = 1400;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const MAX_DNS_SERVERS = 2;
const CLIENT_CIDR_PREFIX = { widest: 12, narrowest: 22 };

/** The endpoint props the checks read, as given. */
export interface EndpointInputs {
  readonly dnsServers?: string[];
  readonly clientLoginBanner?: string;
  readonly sessionTimeout?: number;
  readonly port?: number;
}

/** Client VPN counts banner characters as Unicode code points (see MAX_BANNER_LENGTH). */
export function bannerLength(banner: string): number {
  return [...banner].length;
}

/**
 * Checks the endpoint props: the client CIDR (a literal when the VPC's is,
 * inside the sizes Client VPN takes, outside the VPC), the DNS servers, the
 * banner, the session timeout and the port.
 *
 * @param clientCidr the client CIDR, with its default
 * @param existingVpcCidr a given VPC's CIDR (a token when not known at synth time); undefined for a VPC the construct makes
 * @param vpcCidr the VPC's CIDR when known at synth time
 */
export function checkEndpoint(inputs: EndpointInputs, clientCidr: string, existingVpcCidr: string | undefined, vpcCidr: Ipv4Cidr | undefined): void {
  if (Token.isUnresolved(clientCidr) && existingVpcCidr !== undefined && !Token.isUnresolved(existingVpcCidr)) {
    // aws-cdk-lib's ClientVpnEndpoint parses the client CIDR when the VPC's is literal, and cannot parse a token.
    throw tokenRefused('clientCidr', 'the given vpc\'s CIDR is known at synth time, and the endpoint checks the client CIDR against it then');
  }
  if (!Token.isUnresolved(clientCidr)) {
    const parsed = requireCidr('clientCidr', clientCidr);
    if (parsed.prefixLength < CLIENT_CIDR_PREFIX.widest || parsed.prefixLength > CLIENT_CIDR_PREFIX.narrowest) {
      throw propError('clientCidr', clientCidr, `is invalid: Client VPN needs a prefix length between /${CLIENT_CIDR_PREFIX.widest} and /${CLIENT_CIDR_PREFIX.narrowest}`);
    }
    if (vpcCidr && cidrsOverlap(parsed, vpcCidr)) {
      throw propError('clientCidr', clientCidr, `overlaps the VPC CIDR ${vpcCidr.network.toString()}/${vpcCidr.prefixLength}; pick a block outside the VPC (it cannot be changed after the endpoint is created)`);
    }
  }

  // A list token (a CommaDelimitedList parameter) passes straight into the endpoint.
  if (inputs.dnsServers !== undefined && !Token.isUnresolved(inputs.dnsServers)) {
    if (inputs.dnsServers.length > MAX_DNS_SERVERS) {
      throw propError('dnsServers', inputs.dnsServers, `has ${inputs.dnsServers.length} entries; Client VPN accepts at most ${MAX_DNS_SERVERS}`);
    }
    for (const server of inputs.dnsServers) {
      if (!Token.isUnresolved(server) && !isIpv4Address(server)) {
        throw propError('dnsServers', inputs.dnsServers, `contains ${JSON.stringify(server)}, which is not an IPv4 address such as 172.25.0.2`);
      }
    }
  }

  const banner = inputs.clientLoginBanner;
  if (banner !== undefined && !Token.isUnresolved(banner) && bannerLength(banner) > MAX_BANNER_LENGTH) {
    throw bastionError(`clientLoginBanner is ${bannerLength(banner)} characters long; Client VPN accepts at most ${MAX_BANNER_LENGTH} ` +
      '(Unicode characters, each emoji one).');
  }
  // A lone UTF-16 surrogate has no UTF-8 encoding, which Client VPN requires.
  if (banner !== undefined && !Token.isUnresolved(banner) && LONE_SURROGATE.test(banner)) {
    throw propError('clientLoginBanner', banner, 'is not valid Unicode text (it holds a lone UTF-16 surrogate); Client VPN accepts UTF-8 text only');
  }

  const timeouts = Object.values(ec2.ClientVpnSessionTimeout).filter((v): v is number => typeof v === 'number');
  // Numbers that pass straight into a property may be tokens, checked at deploy time.
  if (inputs.sessionTimeout !== undefined && !Token.isUnresolved(inputs.sessionTimeout) && !timeouts.includes(inputs.sessionTimeout)) {
    throw propError('sessionTimeout', inputs.sessionTimeout, `is invalid: Client VPN sessions last ${timeouts.join(', ')} hours (ClientVpnSessionTimeout)`);
  }

  const ports = Object.values(ec2.VpnPort).filter((v): v is number => typeof v === 'number');
  if (inputs.port !== undefined && !Token.isUnresolved(inputs.port) && !ports.includes(inputs.port)) {
    throw propError('port', inputs.port, `is invalid: Client VPN listens on ${ports.join(' or ')} (VpnPort)`);
  }
}
