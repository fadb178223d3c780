import { CustomResource, Duration, Stack, Token } from 'aws-cdk-lib';
import * as sso from 'aws-cdk-lib/aws-sso';
import type { Construct } from 'constructs';
import type { IdentityCenterLookupProperties } from './lookup-contract';
import { IdentityCenterLookupProvider } from './lookup-provider';
import type { PermissionSetOptions } from './permission-set-options';
import type { HandlerLogging } from '../core/handler-logs';

/** A group to authorize, by ID (given or resolved at deploy time) and a stable label for construct IDs. */
export interface AuthorizedGroup {
  readonly groupId: string;
  readonly label: string;
}

export interface AuthorizedGroupsRequest {
  readonly groupIds: string[];
  readonly groupNames: string[];
  readonly instanceArn?: string;
  /** Whether the instance ARN is needed even without group names (for a permission set). */
  readonly needInstanceArn: boolean;
  /** How the lookup's log groups are kept, when the stack has no lookup yet. */
  readonly handlerLogging: HandlerLogging;
}

export interface AuthorizedGroups {
  readonly groups: AuthorizedGroup[];
  /** The IAM Identity Center instance, when it was given or looked up. */
  readonly instanceArn?: string;
}

/**
 * The groups to authorize: the given IDs, plus the names resolved by a
 * deploy-time lookup (which fails the deployment, with the reason, when a
 * group or the instance does not exist).
 */
export function authorizedGroups(scope: Construct, request: AuthorizedGroupsRequest): AuthorizedGroups {
  const byId = request.groupIds.map((groupId, index) => ({
    groupId,
    label: Token.isUnresolved(groupId) ? `Group${index}` : groupId,
  }));
  if (request.groupNames.length === 0 && !(request.needInstanceArn && request.instanceArn === undefined)) {
    return { groups: byId, instanceArn: request.instanceArn };
  }

  const properties: IdentityCenterLookupProperties = { GroupNames: request.groupNames, InstanceArn: request.instanceArn };
  const lookup = new CustomResource(scope, 'IdentityCenterLookup', {
    serviceToken: IdentityCenterLookupProvider.of(scope, request.handlerLogging).serviceToken,
    resourceType: 'Custom::IdentityCenterLookup',
    properties: { ...properties },
  });
  const byName = request.groupNames.map((name, index) => ({
    groupId: lookup.getAttString(`GroupId${index}`),
    label: Token.isUnresolved(name) ? `GroupName${index}` : `name-${constructIdPart(name)}`,
  }));
  return { groups: [...byId, ...byName], instanceArn: request.instanceArn ?? lookup.getAttString('InstanceArn') };
}

/**
 * A group name made fit for a construct ID, which cannot hold '/': '%' and
 * '/' are percent-encoded, so distinct names give distinct IDs ('a/b' and
 * 'a_b' no longer meet), and names without either keep the ID they had
 * (it is part of the deployed logical IDs).
 */
export function constructIdPart(name: string): string {
  return name.replace(/%/g, '%25').replace(/\//g, '%2F');
}

/** Assigns each group to the Client VPN SAML application, the article's last console step. */
export function assignGroupsToApplication(scope: Construct, applicationArn: string, groups: AuthorizedGroup[]): void {
  for (const group of groups) {
    new sso.CfnApplicationAssignment(scope, `ApplicationAssignment-${group.label}`, {
      applicationArn,
      principalType: 'GROUP',
      principalId: group.groupId,
    });
  }
}

/** Creates the permission set and assigns it to each group on the account. */
export function addPermissionSet(
  scope: Construct,
  options: PermissionSetOptions,
  instanceArn: string,
  groups: AuthorizedGroup[],
): sso.CfnPermissionSet {
  const permissionSet = new sso.CfnPermissionSet(scope, 'PermissionSet', {
    instanceArn,
    name: options.name,
    description: options.description,
    managedPolicies: options.managedPolicies.map((policy) => policy.managedPolicyArn),
    sessionDuration: (options.sessionDuration ?? Duration.hours(1)).toIsoString(),
  });
  for (const group of groups) {
    new sso.CfnAssignment(scope, `PermissionSetAssignment-${group.label}`, {
      instanceArn,
      permissionSetArn: permissionSet.attrPermissionSetArn,
      principalType: 'GROUP',
      principalId: group.groupId,
      targetType: 'AWS_ACCOUNT',
      targetId: options.accountId ?? Stack.of(scope).account,
    });
  }
  return permissionSet;
}
