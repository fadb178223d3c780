import * as ipaddr from 'ipaddr.js';

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

/**
 * The Amazon-provided DNS resolver of a VPC: the base of its primary CIDR plus two.
 * @see https://docs.aws.amazon.com/vpc/latest/userguide/AmazonDNS-concepts.html
 */
export function vpcResolverAddress(vpcCidr: Ipv4Cidr): string {
  const base = vpcCidr.network.toByteArray().reduce((value, octet) => value * 256 + octet, 0);
  const resolver = base + 2;
  return new ipaddr.IPv4([24, 16, 8, 0].map((shift) => Math.floor(resolver / 2 ** shift) % 256)).toString();
}

/** True for a dotted-quad IPv4 address. */
export function isIpv4Address(text: string): boolean {
  return ipaddr.IPv4.isValidFourPartDecimal(text);
}
