/**
 * The Identity Center lookup's contract: the properties the construct
 * (groups.ts) gives the custom resource and the answer its handler
 * (lookup.lambda.ts) returns, whose Data the construct reads with GetAtt.
 */

/** The custom resource's properties (CloudFormation passes them as given). */
export interface IdentityCenterLookupProperties {
  readonly GroupNames?: string[];
  readonly InstanceArn?: string;
}

/** The handler's answer to CloudFormation. */
export interface LookupResponse {
  readonly PhysicalResourceId: string;
  /** InstanceArn, IdentityStoreId, and GroupId0..GroupIdN in the order of GroupNames. */
  readonly Data?: Record<string, string>;
}
