import { createHash } from 'crypto';
import { Annotations, Stack, Token } from 'aws-cdk-lib';
import type { CfnOutput, CfnResource } from 'aws-cdk-lib';
import type * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import type { IpAddressType } from './ip-address-type';
import { applyEndpointOptions } from './options';
import { checkEndpointQuotas } from './quotas';
import { IPV4_INTERNET, literalIpv4Cidr, vpcResolverAddress } from '../core/cidr';
import type { AuthorizedGroup } from '../identity-center/groups';
import type { TransitGatewayOptions } from '../transit-gateway/options';

const INTERNET_IPV6 = '::/0';

export interface BastionEndpointOptions {
  readonly vpc: ec2.IVpc;
  /** The VPC's CIDR: a literal for a VPC the construct made, or the given VPC's (maybe a token). */
  readonly vpcCidr: string;
  /** The VPC's CIDR as a literal when it is known at synth time (the same value the overlap checks read), else a token. */
  readonly knownVpcCidr: string;
  /** With dual-stack, the VPC's IPv6 block, which a split tunnel authorizes. */
  readonly vpcIpv6Cidr?: string;
  readonly associationSubnets: ec2.ISubnet[];
  readonly clientCidr: string;
  readonly serverCertificate: acm.ICertificate;
  readonly samlProvider: iam.ISamlProvider;
  readonly selfServiceSamlProvider?: iam.ISamlProvider;
  readonly logGroup: logs.ILogGroup;
  readonly groups: AuthorizedGroup[];
  readonly splitTunnel: boolean;
  readonly ipAddressType: IpAddressType;
  readonly dnsServers?: string[];
  readonly sessionTimeout?: ec2.ClientVpnSessionTimeout;
  readonly clientLoginBanner?: string;
  readonly transportProtocol?: ec2.TransportProtocol;
  readonly port?: ec2.VpnPort;
  readonly disconnectOnSessionTimeout: boolean;
  readonly clientRouteEnforcement: boolean;
  readonly clientConnectHandler?: ec2.IClientVpnConnectionHandler;
  /** Attach to this Transit Gateway in the association subnets' AZs, instead of associating the subnets. */
  readonly transitGateway?: TransitGatewayOptions;
}

export interface BastionEndpoint {
  readonly endpoint: ec2.ClientVpnEndpoint;
  /** The group clients' traffic enters the VPC through (none with a Transit Gateway, where Client VPN takes no security group). */
  readonly securityGroup?: ec2.SecurityGroup;
  /** The target network associations, one per associated subnet (none with a Transit Gateway: its AZs are the endpoint's own). */
  readonly associations: ec2.CfnClientVpnTargetNetworkAssociation[];
  /**
   * The Client VPN routes that are not an association's own: with subnets, to the internet through each association,
   * IPv4 and with dual-stack IPv6 (none with a split tunnel); with a Transit Gateway, every route.
   */
  readonly routes: CfnResource[];
}

/**
 * The Client VPN endpoint with SAML authentication and connection logging,
 * an authorization rule per group, and with a full tunnel a route to the
 * internet through each associated subnet.
 */
export function createEndpoint(scope: Construct, options: BastionEndpointOptions): BastionEndpoint {
  // A dedicated group (the article uses the VPC's default one): traffic from
  // VPN clients leaves the endpoint's network interfaces through it. Outbound
  // stays open because a full tunnel sends clients' internet traffic through the NAT.
  // With a Transit Gateway, Client VPN takes no security group (and applies no source NAT).
  const transitGateway = options.transitGateway;
  const securityGroup = transitGateway ? undefined : new ec2.SecurityGroup(scope, 'EndpointSecurityGroup', {
    vpc: options.vpc,
    description: 'Client VPN endpoint: traffic from VPN clients into the VPC',
    allowAllOutbound: true,
    allowAllIpv6Outbound: options.ipAddressType._dualStack,
  });
  const endpoint = new ec2.ClientVpnEndpoint(scope, 'Endpoint', {
    vpc: options.vpc,
    // With a Transit Gateway the AZs are given in the endpoint's own property (Client VPN makes an association per AZ): no subnet is associated.
    vpcSubnets: { subnets: transitGateway ? [] : options.associationSubnets },
    cidr: options.clientCidr,
    serverCertificateArn: options.serverCertificate.certificateArn,
    userBasedAuthentication: ec2.ClientVpnUserBasedAuthentication.federated(options.samlProvider, options.selfServiceSamlProvider),
    // The portal needs a second SAML application; it is off until one is given.
    selfServicePortal: options.selfServiceSamlProvider !== undefined,
    // Only the listed groups: the L2 otherwise authorizes every user to the VPC.
    authorizeAllUsersToVpcCidr: false,
    securityGroups: securityGroup ? [securityGroup] : [],
    logging: true,
    logGroup: options.logGroup,
    dnsServers: options.dnsServers ?? (transitGateway ? noDefaultDnsServers(scope) : defaultDnsServers(scope, options.knownVpcCidr)),
    splitTunnel: options.splitTunnel,
    sessionTimeout: options.sessionTimeout,
    transportProtocol: options.transportProtocol,
    port: options.port,
    clientConnectionHandler: options.clientConnectHandler,
    description: `SSO Client VPN bastion ${scope.node.path}`.slice(0, 255),
  });
  if (options.ipAddressType._dualStack) {
    // Set on the L1: aws-cdk-lib's L2 has no address type yet. Both cannot change once the endpoint exists.
    const cfn = endpoint.node.defaultChild as ec2.CfnClientVpnEndpoint;
    cfn.endpointIpAddressType = options.ipAddressType.value;
    cfn.trafficIpAddressType = options.ipAddressType.value;
  }
  if (transitGateway) {
    // The L2 knows only the VPC form: the endpoint takes a Transit Gateway configuration instead of VpcId and SecurityGroupIds.
    const cfn = endpoint.node.defaultChild as ec2.CfnClientVpnEndpoint;
    cfn.addPropertyDeletionOverride('VpcId');
    cfn.addPropertyDeletionOverride('SecurityGroupIds');
    cfn.transitGatewayConfiguration = {
      transitGatewayId: transitGateway.transitGatewayId,
      // The AZs of the bastion's subnets (its VPC's attachment is there too); the cost estimate bills each like an associated subnet.
      availabilityZones: options.associationSubnets.map((subnet) => subnet.availabilityZone),
    };
  }
  if (options.clientLoginBanner) {
    // Set on the L1: the L2 counts UTF-16 code units, Client VPN counts characters (checks.ts).
    (endpoint.node.defaultChild as ec2.CfnClientVpnEndpoint).clientLoginBannerOptions = { enabled: true, bannerText: options.clientLoginBanner };
  }
  checkEndpointQuotas(scope, endpoint);
  describeSelfServicePortalUrl(endpoint);

  // A full tunnel authorizes the whole internet (VPC included) and routes it
  // through each associated subnet, so clients leave through the NAT's fixed
  // IP; a split tunnel only authorizes the VPC, whose route the association adds.
  const destination = options.splitTunnel ? options.vpcCidr : IPV4_INTERNET;
  // With dual-stack, the same again for IPv6: the whole IPv6 internet, or the VPC's IPv6 block.
  // (A dual-stack endpoint is only made with the construct's own VPC, whose IPv6 block is known.)
  const ipv6Destination = options.ipAddressType._dualStack ? (options.splitTunnel ? options.vpcIpv6Cidr : INTERNET_IPV6) : undefined;
  for (const group of options.groups) {
    // Ids carry the group ID or name, not a position: a rule is unique per
    // (destination, group), so renumbering would create a duplicate before deleting the old one.
    endpoint.addAuthorizationRule(`Authorize-${group.label}`, {
      cidr: destination,
      groupId: group.groupId,
      description: `IAM Identity Center group ${group.label}`.slice(0, 255),
    });
    if (ipv6Destination !== undefined) {
      endpoint.addAuthorizationRule(`AuthorizeIpv6-${group.label}`, {
        cidr: ipv6Destination,
        groupId: group.groupId,
        description: `IAM Identity Center group ${group.label}, IPv6`.slice(0, 255),
      });
    }
    // With a Transit Gateway and a split tunnel, the networks behind it too (the internet's rule covers them otherwise).
    for (const network of options.splitTunnel ? transitGateway?.destinations ?? [] : []) {
      endpoint.addAuthorizationRule(`Authorize-${group.label}-${idOf(scope, network)}`, {
        cidr: network,
        groupId: group.groupId,
        description: `IAM Identity Center group ${group.label}, through the Transit Gateway`.slice(0, 255),
      });
    }
  }
  const routes = transitGateway ? transitGatewayRoutes(endpoint, options, transitGateway)
    : options.splitTunnel ? [] : options.associationSubnets.flatMap((subnet, index) => [
      endpoint.addRoute(`InternetRoute${index}`, {
        cidr: IPV4_INTERNET,
        target: ec2.ClientVpnRouteTarget.subnet(subnet),
        description: 'Internet through the NAT gateway of the associated subnet',
      }),
      ...(options.ipAddressType._dualStack ? [endpoint.addRoute(`InternetRouteIpv6${index}`, {
        cidr: INTERNET_IPV6,
        target: ec2.ClientVpnRouteTarget.subnet(subnet),
        description: 'IPv6 internet through the egress-only internet gateway of the associated subnet\'s VPC',
      })] : []),
    ].map((route) => route.node.defaultChild as CfnResource));
  applyEndpointOptions(endpoint, {
    disconnectOnSessionTimeout: options.disconnectOnSessionTimeout,
    clientRouteEnforcement: options.clientRouteEnforcement,
  });
  // The L2 associates vpcSubnets itself and keeps the associations as its children only.
  const associations = endpoint.node.children.filter((child): child is ec2.CfnClientVpnTargetNetworkAssociation =>
    child instanceof ec2.CfnClientVpnTargetNetworkAssociation);
  return { endpoint, securityGroup, associations, routes };
}

/**
 * With a Transit Gateway, Client VPN routes name no subnet: the traffic goes
 * to the attachment, and the Transit Gateway's route tables take it on. The
 * bastion's VPC is routed like any other network (no association adds its
 * route); a full tunnel routes the internet, whose Transit Gateway route leads
 * to the bastion VPC's NAT gateways.
 */
function transitGatewayRoutes(
  endpoint: ec2.ClientVpnEndpoint, options: BastionEndpointOptions, transitGateway: TransitGatewayOptions,
): CfnResource[] {
  const networks = options.splitTunnel
    ? [{ id: 'VpcRoute', cidr: options.vpcCidr, description: 'The bastion\'s VPC, through the Transit Gateway' },
      ...(transitGateway.destinations ?? []).map((cidr) => ({ id: `Route-${idOf(endpoint, cidr)}`, cidr, description: `${cidr}, through the Transit Gateway` }))]
    : [{ id: 'InternetRoute', cidr: IPV4_INTERNET, description: 'Everything through the Transit Gateway: the internet through the bastion VPC\'s NAT gateway' }];
  return networks.map(({ id, cidr, description }) => new ec2.CfnClientVpnRoute(endpoint, id, {
    clientVpnEndpointId: endpoint.endpointId,
    destinationCidrBlock: cidr,
    description,
  }));
}

/**
 * A CIDR as part of a construct ID (IDs carry the network, not a position, so
 * reordering replaces nothing); a token (an import of another stack's VPC
 * CIDR) by a hash of what it resolves to.
 */
function idOf(scope: Construct, cidr: string): string {
  if (!Token.isUnresolved(cidr)) {
    return cidr.replace(/[./]/g, '-');
  }
  const resolved = JSON.stringify(Stack.of(scope).resolve(cidr));
  return `Network${createHash('sha256').update(resolved).digest('hex').slice(0, 8)}`;
}

/** With a Transit Gateway, the VPC's resolver answers only queries from inside the VPC, and clients' queries keep their own addresses. */
function noDefaultDnsServers(scope: Construct): undefined {
  Annotations.of(scope).addWarningV2('sso-client-vpn-bastion:transitGatewayDnsServers',
    'With a Transit Gateway, Client VPN applies no source NAT, and a VPC\'s resolver (base + 2) answers only queries from inside its VPC: ' +
    'set dnsServers to a Route 53 Resolver inbound endpoint\'s addresses, or VPN clients keep their own DNS servers.');
  return undefined;
}

/**
 * The L2 adds the portal URL output under this child ID; it is not part of
 * its API (test/endpoint.test.ts fails if aws-cdk-lib renames it).
 */
export const SELF_SERVICE_PORTAL_URL_ID = 'SelfServicePortalUrl';

function describeSelfServicePortalUrl(endpoint: ec2.ClientVpnEndpoint): void {
  const portalUrl = endpoint.node.tryFindChild(SELF_SERVICE_PORTAL_URL_ID) as CfnOutput | undefined;
  if (portalUrl) {
    portalUrl.description = 'The Client VPN self-service portal, where people sign in and download the client configuration';
  }
}

/** The VPC resolver (base + 2), when the VPC's CIDR is known at synth time. */
function defaultDnsServers(scope: Construct, vpcCidr: string): string[] | undefined {
  const parsed = literalIpv4Cidr(vpcCidr);
  if (parsed !== undefined) {
    return [vpcResolverAddress(parsed)];
  }
  Annotations.of(scope).addWarningV2('sso-client-vpn-bastion:dnsServers',
    'The CIDR of the VPC is not known at synth time, so the VPC resolver address cannot be derived: ' +
    'set dnsServers (the VPC CIDR base + 2), or VPN clients keep their own DNS servers.');
  return undefined;
}
