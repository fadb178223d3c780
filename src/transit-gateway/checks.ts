import { Stack, Token } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import type { TransitGatewayOptions } from './options';
import { cidrsOverlap, literalIpv4Cidr, requireCidr } from '../core/cidr';
import { propError } from '../core/errors';

const TRANSIT_GATEWAY_ID = /^tgw-[0-9a-f]{8,17}$/;
const ROUTE_TABLE_ID = /^tgw-rtb-[0-9a-f]{8,17}$/;
/** Availability Zones per Client VPN endpoint on a Transit Gateway (https://docs.aws.amazon.com/vpn/latest/clientvpn-admin/cvpn-tgw.html). */
const MAX_AZS = 5;

/** What the Transit Gateway mode is checked against: the props it cannot be combined with, and the CIDRs it must not overlap. */
export interface TransitGatewayCheckInputs {
  readonly vpcGiven: boolean;
  readonly dualStack: boolean;
  /** The AZs the endpoint is to attach in (maxAzs, defaulted). */
  readonly maxAzs: number;
  readonly clientCidr: string;
  /** The bastion VPC's CIDR (a literal unless given as a token). */
  readonly vpcCidr: string;
}

/** Throws unless the Transit Gateway options can be built: IDs of the right kind, destinations that are CIDRs clients can be routed to. */
export function checkTransitGateway(scope: IConstruct, options: TransitGatewayOptions, inputs: TransitGatewayCheckInputs): void {
  if (inputs.vpcGiven) {
    throw propError('vpc', '(given)', 'cannot be used together with transitGateway yet: the construct attaches its own VPC (the SSH server, the NAT gateways) ' +
      'to the Transit Gateway and routes the client CIDR back through it; leave vpc out, and reach your VPCs through the Transit Gateway (transitGateway.destinations)');
  }
  if (inputs.dualStack) {
    throw propError('ipAddressType', 'dual-stack', 'cannot be used together with transitGateway yet: in that mode AWS assigns the clients\' IPv6 addresses, ' +
      'which the construct cannot know at synth time to admit and route back; use IpAddressType.IPV4');
  }
  if (inputs.maxAzs > MAX_AZS) {
    throw propError('maxAzs', inputs.maxAzs, `is more than the ${MAX_AZS} AZs Client VPN allows for an endpoint on a Transit Gateway; use ${MAX_AZS} or fewer`);
  }
  if (!Token.isUnresolved(options.transitGatewayId) && !TRANSIT_GATEWAY_ID.test(options.transitGatewayId)) {
    throw propError('transitGateway.transitGatewayId', options.transitGatewayId, 'is not a Transit Gateway ID: use tgw- and 8 to 17 hexadecimal digits (tgw-0123456789abcdef0)');
  }
  if (options.routeTableId !== undefined && !Token.isUnresolved(options.routeTableId) && !ROUTE_TABLE_ID.test(options.routeTableId)) {
    throw propError('transitGateway.routeTableId', options.routeTableId, 'is not a Transit Gateway route table ID: use tgw-rtb- and 8 to 17 hexadecimal digits (tgw-rtb-0123456789abcdef0)');
  }
  const destinations = options.destinations ?? [];
  if (Token.isUnresolved(destinations)) {
    throw propError('transitGateway.destinations', '(a list token)', 'is a list token, whose entries are unknown at synth time; give an array of CIDRs (an entry may be a token)');
  }
  const clientCidr = literalIpv4Cidr(inputs.clientCidr);
  const vpcCidr = literalIpv4Cidr(inputs.vpcCidr);
  const seen = new Set<string>();
  for (const destination of destinations) {
    // A token by what it resolves to: two imports of the same value are the same network.
    const key = Token.isUnresolved(destination) ? JSON.stringify(Stack.of(scope).resolve(destination)) : destination;
    if (seen.has(key)) {
      throw propError('transitGateway.destinations', destinations, `has ${destination} twice; give each network once`);
    }
    seen.add(key);
    if (Token.isUnresolved(destination)) {
      continue;
    }
    const parsed = requireCidr('transitGateway.destinations', destination);
    if (clientCidr && cidrsOverlap(parsed, clientCidr)) {
      throw propError('transitGateway.destinations', destination, 'overlaps the client CIDR: clients\' own addresses cannot be routed through the Transit Gateway; choose another clientCidr, or leave this network out');
    }
    if (vpcCidr && cidrsOverlap(parsed, vpcCidr)) {
      throw propError('transitGateway.destinations', destination, 'overlaps the bastion\'s VPC, which the construct routes itself; list only the networks behind the Transit Gateway');
    }
  }
}

