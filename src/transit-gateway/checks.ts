import { Token } from 'aws-cdk-lib';
import type { TransitGatewayOptions } from './options';
import { cidrsOverlap, parseIpv4Cidr, requireCidr } from '../core/cidr';
import type { Ipv4Cidr } from '../core/cidr';
import { propError } from '../core/errors';

const TRANSIT_GATEWAY_ID = /^tgw-[0-9a-f]{8,17}$/;
const ROUTE_TABLE_ID = /^tgw-rtb-[0-9a-f]{8,17}$/;

/** What the Transit Gateway mode is checked against: the props it cannot be combined with, and the CIDRs it must not overlap. */
export interface TransitGatewayCheckInputs {
  readonly vpcGiven: boolean;
  readonly dualStack: boolean;
  readonly clientCidr: string;
  /** The bastion VPC's CIDR (a literal unless given as a token). */
  readonly vpcCidr: string;
}

/** Throws unless the Transit Gateway options can be built: IDs of the right kind, destinations that are CIDRs clients can be routed to. */
export function checkTransitGateway(options: TransitGatewayOptions, inputs: TransitGatewayCheckInputs): void {
  if (inputs.vpcGiven) {
    throw propError('transitGateway', options.transitGatewayId, 'cannot be used together with vpc yet: the construct attaches its own VPC (the SSH server, the NAT gateways) ' +
      'to the Transit Gateway and routes the client CIDR back through it; leave vpc out, and reach your VPCs through the Transit Gateway (transitGateway.destinations)');
  }
  if (inputs.dualStack) {
    throw propError('transitGateway', options.transitGatewayId, 'cannot be used together with IpAddressType.DUAL_STACK yet: Client VPN assigns IPv6 client addresses from the Transit Gateway\'s ' +
      'IPv6 block in this mode, which the construct cannot know at synth time to admit and route; use IpAddressType.IPV4');
  }
  if (!Token.isUnresolved(options.transitGatewayId) && !TRANSIT_GATEWAY_ID.test(options.transitGatewayId)) {
    throw propError('transitGateway.transitGatewayId', options.transitGatewayId, 'is not a Transit Gateway ID: use tgw- and 8 or 17 hexadecimal digits (tgw-0123456789abcdef0)');
  }
  if (options.routeTableId !== undefined && !Token.isUnresolved(options.routeTableId) && !ROUTE_TABLE_ID.test(options.routeTableId)) {
    throw propError('transitGateway.routeTableId', options.routeTableId, 'is not a Transit Gateway route table ID: use tgw-rtb- and 8 or 17 hexadecimal digits (tgw-rtb-0123456789abcdef0)');
  }
  const destinations = options.destinations ?? [];
  if (Token.isUnresolved(destinations)) {
    throw propError('transitGateway.destinations', '(a list token)', 'is a list token, whose entries are unknown at synth time; give an array of CIDRs (an entry may be a token)');
  }
  const clientCidr = knownCidr(inputs.clientCidr);
  const vpcCidr = knownCidr(inputs.vpcCidr);
  const seen = new Set<string>();
  for (const destination of destinations) {
    if (Token.isUnresolved(destination)) {
      continue;
    }
    const parsed = requireCidr('transitGateway.destinations', destination);
    if (seen.has(destination)) {
      throw propError('transitGateway.destinations', destinations, `has ${destination} twice; give each network once`);
    }
    seen.add(destination);
    if (clientCidr && cidrsOverlap(parsed, clientCidr)) {
      throw propError('transitGateway.destinations', destination, 'overlaps the client CIDR: clients\' own addresses cannot be routed through the Transit Gateway; choose another clientCidr, or leave this network out');
    }
    if (vpcCidr && cidrsOverlap(parsed, vpcCidr)) {
      throw propError('transitGateway.destinations', destination, 'overlaps the bastion\'s VPC, which the construct routes itself; list only the networks behind the Transit Gateway');
    }
  }
}

/** A CIDR as parsed when it is a literal (the props' own checks have refused a malformed one). */
function knownCidr(text: string): Ipv4Cidr | undefined {
  const parsed = Token.isUnresolved(text) ? undefined : parseIpv4Cidr(text);
  return typeof parsed === 'string' ? undefined : parsed;
}
