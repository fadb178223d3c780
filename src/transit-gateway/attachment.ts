import { Annotations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import type { Construct } from 'constructs';
import type { TransitGatewayOptions } from './options';
import { IPV4_INTERNET } from '../core/cidr';
import { addTransitGatewayOutputs } from '../outputs';

export interface BastionVpcAttachmentOptions {
  readonly transitGateway: TransitGatewayOptions;
  readonly vpc: ec2.IVpc;
  /** One subnet per AZ for the attachment's network interfaces: the subnets where the server lives, which reach the NAT gateways. */
  readonly subnets: ec2.ISubnet[];
  readonly clientCidr: string;
  readonly splitTunnel: boolean;
}

export interface BastionVpcAttachment {
  /** The bastion VPC's attachment to the Transit Gateway. */
  readonly attachment: ec2.CfnTransitGatewayAttachment;
  /** The routes that send the client CIDR back to the Transit Gateway, one per route table of the VPC. */
  readonly returnRoutes: ec2.CfnRoute[];
}

/**
 * The bastion's VPC as one more VPC behind the Transit Gateway: an attachment
 * in the server's subnets, and in every route table of the VPC a route of the
 * client CIDR back to the Transit Gateway. Client VPN applies no source NAT in
 * this mode, so the server's replies and the NAT gateways' return traffic go
 * to clients' own addresses: the private subnets route them (SSH replies,
 * traffic clients send through the NAT), the public subnets too (the NAT
 * gateways' replies from the internet), and the isolated ones (the server's
 * subnets without NAT, and whatever a split tunnel reaches there).
 */
export function attachBastionVpc(scope: Construct, options: BastionVpcAttachmentOptions): BastionVpcAttachment {
  const attachment = new ec2.CfnTransitGatewayAttachment(scope, 'TransitGatewayAttachment', {
    transitGatewayId: options.transitGateway.transitGatewayId,
    vpcId: options.vpc.vpcId,
    subnetIds: options.subnets.map((subnet) => subnet.subnetId),
    tags: [{ key: 'Name', value: `${scope.node.path} bastion VPC` }],
  });
  // Every tier's route tables, the isolated one too (with NatGateways.none() the server's subnets are isolated), once each.
  const routeTables = new Map<string, ec2.ISubnet>();
  for (const subnet of [...options.vpc.publicSubnets, ...options.vpc.privateSubnets, ...options.vpc.isolatedSubnets]) {
    routeTables.set(subnet.routeTable.routeTableId, subnet);
  }
  const returnRoutes = [...routeTables.values()].map((subnet) => {
    const route = new ec2.CfnRoute(subnet, 'ClientsThroughTransitGateway', {
      routeTableId: subnet.routeTable.routeTableId,
      destinationCidrBlock: options.clientCidr,
      transitGatewayId: options.transitGateway.transitGatewayId,
    });
    // A route to a Transit Gateway needs the VPC's attachment to exist first.
    route.addDependency(attachment);
    return route;
  });

  const routeTableId = options.transitGateway.routeTableId;
  if (options.splitTunnel && routeTableId !== undefined) {
    Annotations.of(scope).addWarningV2('sso-client-vpn-bastion:transitGatewayRouteTableUnused',
      `transitGateway.routeTableId ${routeTableId} is not used with a split tunnel: it only receives the full tunnel's default route (0.0.0.0/0). Leave it out.`);
  }
  if (!options.splitTunnel && (options.transitGateway.destinations ?? []).length > 0) {
    Annotations.of(scope).addWarningV2('sso-client-vpn-bastion:transitGatewayDestinationsFullTunnel',
      'transitGateway.destinations does not restrict a full tunnel: its 0.0.0.0/0 rule authorizes every network the Transit Gateway routes to. ' +
      'Set splitTunnel for the destinations to be the only networks clients reach, or leave them out.');
  }
  if (!options.splitTunnel) {
    if (routeTableId !== undefined) {
      new ec2.CfnTransitGatewayRoute(scope, 'TransitGatewayInternetRoute', {
        transitGatewayRouteTableId: routeTableId,
        destinationCidrBlock: IPV4_INTERNET,
        transitGatewayAttachmentId: attachment.ref,
      });
    } else {
      Annotations.of(scope).addWarningV2('sso-client-vpn-bastion:transitGatewayInternetRoute',
        'transitGateway has no routeTableId and the tunnel is full: clients reach the internet only once the Transit Gateway route table associated with ' +
        'the Client VPN attachment has a default route (0.0.0.0/0) to the bastion VPC\'s attachment (the TransitGatewayVpcAttachmentId output). ' +
        'Give transitGateway.routeTableId for the construct to add it, or have the Transit Gateway\'s owner add it.');
    }
  }
  addTransitGatewayOutputs(scope, { clientCidr: options.clientCidr, vpcAttachmentId: attachment.ref });
  Annotations.of(scope).addInfo(`Transit Gateway mode: Client VPN applies no source NAT, so servers behind the Transit Gateway see VPN clients' own addresses (${options.clientCidr}): ` +
    'their security groups must admit that CIDR and their VPCs must route it to the Transit Gateway (the ClientCidr output says the same).');
  return { attachment, returnRoutes };
}
