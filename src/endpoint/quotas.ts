import { Annotations, Stack, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import type { Construct } from 'constructs';
import { bastionError } from '../core/errors';

/**
 * Client VPN quotas that the construct's own resources can reach.
 * @see https://docs.aws.amazon.com/vpn/latest/clientvpn-admin/limits.html
 */
export const CLIENT_VPN_QUOTAS = {
  /** Authorization rules per Client VPN endpoint (adjustable, L-9A1BC94B). */
  authorizationRulesPerEndpoint: 200,
  /** Routes per Client VPN target network association (adjustable). */
  routesPerAssociation: 100,
  /** Client VPN endpoints per Region (adjustable, L-8EA77D34). */
  endpointsPerRegion: 5,
};

/**
 * Context keys that raise the checked quotas for an account whose quota was
 * raised in Service Quotas; the defaults are AWS's.
 */
export const QUOTA_CONTEXT = {
  authorizationRulesPerEndpoint: 'sso-client-vpn-bastion:authorizationRulesPerEndpoint',
  routesPerAssociation: 'sso-client-vpn-bastion:routesPerAssociation',
};

function quota(scope: Construct, key: keyof typeof QUOTA_CONTEXT): number {
  const raised = Number(scope.node.tryGetContext(QUOTA_CONTEXT[key]));
  return Number.isInteger(raised) && raised > CLIENT_VPN_QUOTAS[key] ? raised : CLIENT_VPN_QUOTAS[key];
}

/**
 * Each group gets one rule per destination (the VPC with a split tunnel, the
 * internet otherwise), and one per IP family (dual-stack: IPv4 and IPv6).
 */
export function checkRuleQuota(authorizedGroupIds: string[], authorizedGroupNames: string[], dualStack: boolean, scope?: Construct): void {
  const groups = authorizedGroupIds.length + authorizedGroupNames.length;
  const destinations = dualStack ? 2 : 1;
  const rules = groups * destinations;
  const limit = scope ? quota(scope, 'authorizationRulesPerEndpoint') : CLIENT_VPN_QUOTAS.authorizationRulesPerEndpoint;
  if (rules > limit) {
    const prop = authorizedGroupIds.length > 0 ? 'authorizedGroupIds' : 'authorizedGroupNames';
    throw bastionError(`${prop} gives too many groups (${authorizedGroupIds.length} by ID, ${authorizedGroupNames.length} by name): ` +
      `${groups} groups x ${destinations} destination${destinations === 1 ? '' : 's (IPv4 and IPv6)'} = ${rules} authorization rules; Client VPN allows ${limit} per endpoint ` +
      '(Authorization rules per Client VPN endpoint, https://docs.aws.amazon.com/vpn/latest/clientvpn-admin/limits.html). ' +
      'Authorize fewer, larger groups; or, once Service Quotas has raised the quota (L-9A1BC94B), ' +
      `set the context value ${QUOTA_CONTEXT.authorizationRulesPerEndpoint} to the new quota.`);
  }
}

/**
 * Synth-time checks of the Client VPN quotas that depend on the finished
 * endpoint, including rules and routes added to `bastion.endpoint` after the
 * constructor: routes per association (an error) and endpoints per Region (a
 * warning, see below).
 */
export function checkEndpointQuotas(scope: Construct, endpoint: ec2.ClientVpnEndpoint): void {
  endpoint.node.addValidation({
    validate: () => {
      const errors: string[] = [];
      const routes = endpoint.node.findAll().filter((c): c is ec2.CfnClientVpnRoute => c instanceof ec2.CfnClientVpnRoute);
      const perSubnet = new Map<string, number>();
      // With a Transit Gateway, routes name no subnet: they all go through the attachment, and no association adds a route of its own.
      let throughTransitGateway = 0;
      for (const route of routes) {
        const subnet = Stack.of(route).resolve(route.targetVpcSubnetId);
        if (subnet === undefined) {
          throughTransitGateway++;
          continue;
        }
        const key = typeof subnet === 'string' ? subnet : subnet?.Ref ?? JSON.stringify(subnet);
        perSubnet.set(key, (perSubnet.get(key) ?? 0) + 1);
      }
      const routeLimit = quota(scope, 'routesPerAssociation');
      if (throughTransitGateway > routeLimit) {
        errors.push(`SsoClientVpnBastion: the endpoint has ${throughTransitGateway} routes through the Transit Gateway attachment; Client VPN allows ${routeLimit} per ` +
          'target network association (Routes per Client VPN target network association, https://docs.aws.amazon.com/vpn/latest/clientvpn-admin/limits.html): ' +
          `give transitGateway.destinations fewer, larger networks, or once Service Quotas has raised the quota, set the context value ${QUOTA_CONTEXT.routesPerAssociation}.`);
      }
      // The association adds one more route of its own: the VPC's CIDR.
      for (const [subnet, count] of perSubnet) {
        if (count + 1 > routeLimit) {
          errors.push(`SsoClientVpnBastion: the endpoint has ${count + 1} routes through the association with subnet ${subnet} ` +
            `(${count} added, 1 for the VPC); Client VPN allows ${routeLimit} per association ` +
            '(Routes per Client VPN target network association, https://docs.aws.amazon.com/vpn/latest/clientvpn-admin/limits.html). ' +
            `Once Service Quotas has raised the quota, set the context value ${QUOTA_CONTEXT.routesPerAssociation}.`);
        }
      }
      const rules = endpoint.node.findAll().filter((c) => c instanceof ec2.CfnClientVpnAuthorizationRule).length;
      const ruleLimit = quota(scope, 'authorizationRulesPerEndpoint');
      if (rules > ruleLimit) {
        errors.push(`SsoClientVpnBastion: the endpoint has ${rules} authorization rules; Client VPN allows ${ruleLimit} per endpoint ` +
          `(adjustable; once raised, set the context value ${QUOTA_CONTEXT.authorizationRulesPerEndpoint}).`);
      }
      return errors;
    },
  });
  warnEndpointsPerRegion(scope);
}

/**
 * Client VPN endpoints per Region: 5, adjustable. A warning, not an error:
 * many accounts have it raised, and the app sees only its own endpoints (not
 * those of other apps, or the account's actual quota), so an error would
 * block raised accounts while still missing real breaches.
 */
function warnEndpointsPerRegion(scope: Construct): void {
  const regionOf = (c: Construct) => {
    const region = Stack.of(c).region;
    return Token.isUnresolved(region) ? 'an environment-agnostic region' : region;
  };
  const region = regionOf(scope);
  const endpoints = scope.node.root.node.findAll()
    .filter((c) => c instanceof ec2.CfnClientVpnEndpoint && regionOf(c) === region).length;
  if (endpoints > CLIENT_VPN_QUOTAS.endpointsPerRegion) {
    Annotations.of(scope).addWarningV2('sso-client-vpn-bastion:endpointsPerRegion',
      `This app has ${endpoints} Client VPN endpoints in ${region}; Client VPN allows ${CLIENT_VPN_QUOTAS.endpointsPerRegion} per Region by default ` +
      '(adjustable, L-8EA77D34; endpoints of other apps count too). A warning, not an error: check the account\'s quota in Service Quotas, ' +
      'and request an increase before deploying if it is still 5.');
  }
}
