import { Token } from 'aws-cdk-lib';
import * as ipaddr from 'ipaddr.js';
import { propError } from './errors';

/** An IPv4 CIDR block parsed and checked by ipaddr.js. */
export interface Ipv4Cidr {
  readonly network: ipaddr.IPv4;
  readonly prefixLength: number;
}

/**
 * Parses `a.b.c.d/n` strictly: four decimal parts and a network address
 * (no host bits set), as EC2 requires. Returns an explanation on failure.
 */
export function parseIpv4Cidr(text: string): Ipv4Cidr | string {
  const [address, prefix, ...rest] = text.split('/');
  if (rest.length > 0 || prefix === undefined || !/^\d{1,2}$/.test(prefix) || !ipaddr.IPv4.isValidFourPartDecimal(address)) {
    return 'it is not an IPv4 CIDR block such as 10.0.0.0/16';
  }
  const prefixLength = Number(prefix);
  if (prefixLength > 32) {
    return 'its prefix length is above 32';
  }
  const network = ipaddr.IPv4.networkAddressFromCIDR(text);
  if (network.toString() !== ipaddr.IPv4.parse(address).toString()) {
    return `it has host bits set (the network address is ${network.toString()}/${prefixLength})`;
  }
  return { network, prefixLength };
}

/** True when the two blocks share at least one address. */
export function cidrsOverlap(a: Ipv4Cidr, b: Ipv4Cidr): boolean {
  return a.network.match(b.network, b.prefixLength) || b.network.match(a.network, a.prefixLength);
}

/** The address `offset` addresses after `address` (IPv4 arithmetic, which ipaddr.js does not do). */
export function offsetAddress(address: ipaddr.IPv4, offset: number): ipaddr.IPv4 {
  const value = address.toByteArray().reduce((sum, octet) => sum * 256 + octet, 0) + offset;
  return new ipaddr.IPv4([24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256));
}

/**
 * The Amazon-provided DNS resolver of a VPC: the base of its primary CIDR plus two.
 * @see https://docs.aws.amazon.com/vpc/latest/userguide/AmazonDNS-concepts.html
 */
export function vpcResolverAddress(vpcCidr: Ipv4Cidr): string {
  return offsetAddress(vpcCidr.network, 2).toString();
}

/** True for a dotted-quad IPv4 address. */
export function isIpv4Address(text: string): boolean {
  return ipaddr.IPv4.isValidFourPartDecimal(text);
}

/**
 * Address ranges that are no unicast network, in which EC2 refuses a VPC
 * (CreateVpc answers InvalidVpc.Range) and Client VPN a client CIDR. The VPC
 * user guide allows RFC 1918 blocks, 100.64.0.0/10 and publicly routable
 * blocks (198.19.0.0/16 only as a primary block); these are neither. A block
 * is refused when it overlaps one, so `0.0.0.0/12` is refused like `0.0.0.0/8`.
 * @see https://docs.aws.amazon.com/vpc/latest/userguide/vpc-cidr-blocks.html
 * @see https://docs.aws.amazon.com/vpn/latest/clientvpn-admin/what-is-best-practices.html
 */
const REFUSED_RANGES: ReadonlyArray<{ readonly name: string; readonly cidr: string; readonly why: string }> = [
  { name: '"this network"', cidr: '0.0.0.0/8', why: 'addresses that mean "this host" (RFC 1122), never a network' },
  { name: 'loopback', cidr: '127.0.0.0/8', why: 'every host\'s own loopback addresses (RFC 1122)' },
  { name: 'link-local', cidr: '169.254.0.0/16', why: 'link-local addresses (RFC 3927), which AWS uses for the instance metadata service and the Amazon DNS server' },
  { name: 'multicast', cidr: '224.0.0.0/4', why: 'multicast group addresses (RFC 5771), never assigned to a host' },
  { name: 'reserved (class E)', cidr: '240.0.0.0/4', why: 'reserved addresses (RFC 1112) and the broadcast address 255.255.255.255' },
];

/**
 * A CIDR prop parsed, or an error that names the prop: not a CIDR block, or
 * in a range AWS refuses for a VPC and a client CIDR alike (REFUSED_RANGES).
 */
export function requireCidr(prop: string, value: string): Ipv4Cidr {
  const parsed = parseIpv4Cidr(value);
  if (typeof parsed === 'string') {
    throw propError(prop, value, `is invalid: ${parsed}`);
  }
  for (const range of REFUSED_RANGES) {
    const refused = parseIpv4Cidr(range.cidr) as Ipv4Cidr;
    if (cidrsOverlap(parsed, refused)) {
      throw propError(prop, value, `is in the ${range.name} range ${range.cidr}, ${range.why}; AWS refuses it. ` +
        'Use a private block (RFC 1918: 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16), 100.64.0.0/10, or a public block you own');
    }
  }
  return parsed;
}

/** The IPv4 internet: the destination of a full tunnel's routes and rules. */
export const IPV4_INTERNET = '0.0.0.0/0';

/** A CIDR as parsed when it is a literal and valid; undefined for a token (or a malformed value, which its prop's check refuses). */
export function literalIpv4Cidr(text: string): Ipv4Cidr | undefined {
  const parsed = Token.isUnresolved(text) ? undefined : parseIpv4Cidr(text);
  return typeof parsed === 'string' ? undefined : parsed;
}
