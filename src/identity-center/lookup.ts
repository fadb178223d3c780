import { GetGroupIdCommand } from '@aws-sdk/client-identitystore';
import type { IdentitystoreClient } from '@aws-sdk/client-identitystore';
import { paginateListInstances } from '@aws-sdk/client-sso-admin';
import type { InstanceMetadata, SSOAdminClient } from '@aws-sdk/client-sso-admin';

export interface IdentityCenterLookupRequest {
  /** Group display names to resolve to group IDs, in order. */
  readonly groupNames: string[];
  /** The instance to use; found with ListInstances when absent. */
  readonly instanceArn?: string;
  /** For messages: the region the clients talk to. */
  readonly region: string;
}

export interface IdentityCenterLookupResult {
  readonly instanceArn: string;
  readonly identityStoreId: string;
  /** The IDs of `groupNames`, in the same order. */
  readonly groupIds: string[];
}

export interface IdentityCenterClients {
  readonly ssoAdmin: SSOAdminClient;
  readonly identityStore: IdentitystoreClient;
}

/**
 * Finds the IAM Identity Center instance (and its identity store) and the ID
 * of each group name. Every failure says what was looked for, where, and what
 * to do about it.
 */
export async function lookUpIdentityCenter(
  clients: IdentityCenterClients,
  request: IdentityCenterLookupRequest,
): Promise<IdentityCenterLookupResult> {
  const instance = await findInstance(clients.ssoAdmin, request);
  const identityStoreId = instance.IdentityStoreId!;
  const groupIds: string[] = [];
  for (const groupName of request.groupNames) {
    groupIds.push(await findGroupId(clients.identityStore, identityStoreId, groupName));
  }
  return { instanceArn: instance.InstanceArn!, identityStoreId, groupIds };
}

async function findInstance(ssoAdmin: SSOAdminClient, request: IdentityCenterLookupRequest): Promise<InstanceMetadata> {
  const instances: InstanceMetadata[] = [];
  try {
    for await (const page of paginateListInstances({ client: ssoAdmin }, {})) {
      instances.push(...(page.Instances ?? []));
    }
  } catch (error) {
    throw describeFailure(error, 'sso:ListInstances', `listing the IAM Identity Center instances in ${request.region}`);
  }

  if (request.instanceArn !== undefined) {
    const wanted = instances.find((instance) => instance.InstanceArn === request.instanceArn);
    if (!wanted) {
      throw new Error(
        `IAM Identity Center instance ${request.instanceArn} (identityCenterInstanceArn) is not visible from this account in ${request.region}; ` +
        `the instances found are: ${instances.map((i) => i.InstanceArn).join(', ') || 'none'}.`,
      );
    }
    return wanted;
  }
  if (instances.length === 0) {
    throw new Error(
      `No IAM Identity Center instance is visible from this account in ${request.region}. ` +
      'IAM Identity Center lives in one region and is managed from the organization\'s management account or a delegated administrator: ' +
      'deploy this stack there, or give group IDs (authorizedGroupIds) instead of names.',
    );
  }
  if (instances.length > 1) {
    throw new Error(
      `${instances.length} IAM Identity Center instances are visible in ${request.region} (${instances.map((i) => i.InstanceArn).join(', ')}); ` +
      'choose one with identityCenterInstanceArn.',
    );
  }
  return instances[0];
}

async function findGroupId(identityStore: IdentitystoreClient, identityStoreId: string, groupName: string): Promise<string> {
  try {
    const result = await identityStore.send(new GetGroupIdCommand({
      IdentityStoreId: identityStoreId,
      AlternateIdentifier: { UniqueAttribute: { AttributePath: 'displayName', AttributeValue: groupName } },
    }));
    return result.GroupId!;
  } catch (error) {
    if ((error as Error).name === 'ResourceNotFoundException') {
      throw new Error(
        `IAM Identity Center group "${groupName}" (authorizedGroupNames) does not exist in identity store ${identityStoreId}. ` +
        'Group names are case-sensitive: check IAM Identity Center > Groups, or give the group\'s ID in authorizedGroupIds.',
      );
    }
    throw describeFailure(error, 'identitystore:GetGroupId', `looking up the IAM Identity Center group "${groupName}"`);
  }
}

function describeFailure(error: unknown, action: string, doing: string): Error {
  const { name, message } = error as Error;
  if (name === 'AccessDeniedException' || name === 'AccessDenied' || name === 'UnauthorizedException') {
    return new Error(
      `Access denied (${action}) while ${doing}: ${message}. IAM Identity Center can only be read from the organization's management account ` +
      `or a delegated administrator account, and the lookup's role needs ${action}.`,
    );
  }
  return new Error(`${doing} failed: ${name}: ${message}`);
}
