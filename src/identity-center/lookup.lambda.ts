import { IdentitystoreClient } from '@aws-sdk/client-identitystore';
import { SSOAdminClient } from '@aws-sdk/client-sso-admin';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { lookUpIdentityCenter } from './lookup';
import type { IdentityCenterLookupProperties, LookupResponse } from './lookup-contract';

const region = process.env.AWS_REGION ?? 'this region';
const clients = { ssoAdmin: new SSOAdminClient({}), identityStore: new IdentitystoreClient({}) };

/**
 * Resolves IAM Identity Center group names to IDs (and finds the instance) at
 * deploy time. A read-only lookup: Delete has nothing to undo.
 */
export async function handler(event: CloudFormationCustomResourceEvent): Promise<LookupResponse> {
  if (event.RequestType === 'Delete') {
    return { PhysicalResourceId: event.PhysicalResourceId };
  }
  const properties = event.ResourceProperties as unknown as IdentityCenterLookupProperties;
  const result = await lookUpIdentityCenter(clients, {
    groupNames: properties.GroupNames ?? [],
    instanceArn: properties.InstanceArn,
    region,
  });
  const data: Record<string, string> = { InstanceArn: result.instanceArn, IdentityStoreId: result.identityStoreId };
  result.groupIds.forEach((groupId, index) => {
    data[`GroupId${index}`] = groupId;
  });
  return { PhysicalResourceId: `${result.instanceArn}/lookup`, Data: data };
}
