import { Token } from 'aws-cdk-lib';
import type { PermissionSetOptions } from './permission-set-options';
import { bastionError, propError } from '../core/errors';

/**
 * The IAM Identity Center (Identity Store) group ID format.
 * @see https://docs.aws.amazon.com/singlesignon/latest/IdentityStoreAPIReference/API_Group.html
 */
const GROUP_ID = /^([0-9a-f]{10}-|)[A-Fa-f0-9]{8}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{12}$/;
/** IAM Identity Center's limit on a group's display name. */
const MAX_GROUP_NAME_LENGTH = 1024;
const APPLICATION_ARN = /^arn:aws[a-z-]*:sso::\d{12}:application\/[A-Za-z0-9.-]+\/apl-[A-Za-z0-9]+$/;
const INSTANCE_ARN = /^arn:aws[a-z-]*:sso:::instance\/[A-Za-z0-9.-]+$/;
const PERMISSION_SET_NAME = /^[\w+=,.@-]{1,32}$/;
const PERMISSION_SET_HOURS = { min: 1, max: 12 };

/** The props the Identity Center checks read, as given. */
export interface IdentityCenterInputs {
  readonly identityCenterInstanceArn?: string;
  readonly samlApplicationArn?: string;
  readonly permissionSet?: PermissionSetOptions;
}

/** The authorized groups: literal lists, at least one group, each a valid ID or name, none twice. */
export function checkGroups(groupIds: string[], groupNames: string[]): void {
  for (const [prop, list] of [['authorizedGroupIds', groupIds], ['authorizedGroupNames', groupNames]] as const) {
    if (Token.isUnresolved(list)) {
      throw bastionError(`${prop} is a list token (a parameter or an import of a list), whose length is unknown at synth time; ` +
        'each group needs its own authorization rule, so give an array (each entry may be a token).');
    }
  }
  if (groupIds.length === 0 && groupNames.length === 0) {
    throw bastionError(
      'authorizedGroupIds and authorizedGroupNames are both empty: give at least one IAM Identity Center group ' +
      '(its ID from IAM Identity Center > Groups > your group > Group ID, or its name); the endpoint never authorizes all users.',
    );
  }
  const seen = new Set<string>();
  for (const groupId of groupIds) {
    if (Token.isUnresolved(groupId)) {
      continue;
    }
    if (!GROUP_ID.test(groupId)) {
      throw propError('authorizedGroupIds', groupIds,
        `contains ${JSON.stringify(groupId)}, which is not an IAM Identity Center group ID; ` +
        'expected the ID (such as 9a67f5b4-30c1-70d5-9b2e-5f0a1c8e7d21, shown under IAM Identity Center > Groups); put group names in authorizedGroupNames');
    }
    if (seen.has(groupId)) {
      throw propError('authorizedGroupIds', groupIds, `lists ${groupId} twice; list each group once`);
    }
    seen.add(groupId);
  }
  const seenNames = new Set<string>();
  for (const name of groupNames) {
    if (Token.isUnresolved(name)) {
      continue;
    }
    if (name.length === 0 || name.length > MAX_GROUP_NAME_LENGTH || name.trim() !== name) {
      throw propError('authorizedGroupNames', groupNames,
        `contains ${JSON.stringify(name)}; a group name is 1 to ${MAX_GROUP_NAME_LENGTH} characters without leading or trailing spaces`);
    }
    if (seenNames.has(name)) {
      throw propError('authorizedGroupNames', groupNames, `lists ${JSON.stringify(name)} twice; list each group once`);
    }
    seenNames.add(name);
  }
}

/** The application ARN, the instance ARN and the permission set. */
export function checkIdentityCenter(inputs: IdentityCenterInputs): void {
  const applicationArn = inputs.samlApplicationArn;
  if (applicationArn !== undefined && !Token.isUnresolved(applicationArn) && !APPLICATION_ARN.test(applicationArn)) {
    throw propError('samlApplicationArn', applicationArn,
      'is not an IAM Identity Center application ARN; expected arn:aws:sso::<account-id>:application/ssoins-<id>/apl-<id> ' +
      '(IAM Identity Center > Applications > your Client VPN application > Application ARN)');
  }
  const instanceArn = inputs.identityCenterInstanceArn;
  if (instanceArn !== undefined && !Token.isUnresolved(instanceArn) && !INSTANCE_ARN.test(instanceArn)) {
    throw propError('identityCenterInstanceArn', instanceArn,
      'is not an IAM Identity Center instance ARN; expected arn:aws:sso:::instance/ssoins-<id> (IAM Identity Center > Settings > Instance ARN)');
  }
  const permissionSet = inputs.permissionSet;
  if (permissionSet === undefined) {
    return;
  }
  if (!Token.isUnresolved(permissionSet.name) && !PERMISSION_SET_NAME.test(permissionSet.name)) {
    throw propError('permissionSet.name', permissionSet.name, 'is invalid: use 1 to 32 letters, digits and +=,.@-_');
  }
  if (permissionSet.sessionDuration !== undefined) {
    const hours = permissionSet.sessionDuration.toMinutes() / 60;
    if (hours < PERMISSION_SET_HOURS.min || hours > PERMISSION_SET_HOURS.max) {
      throw propError('permissionSet.sessionDuration', permissionSet.sessionDuration.toHumanString(),
        `is invalid: a permission set session lasts ${PERMISSION_SET_HOURS.min} to ${PERMISSION_SET_HOURS.max} hours`);
    }
  }
  if (permissionSet.accountId !== undefined && !Token.isUnresolved(permissionSet.accountId) && !/^\d{12}$/.test(permissionSet.accountId)) {
    throw propError('permissionSet.accountId', permissionSet.accountId, 'is not an AWS account ID (12 digits)');
  }
  if (permissionSet.managedPolicies.length === 0) {
    throw propError('permissionSet.managedPolicies', [], 'is empty: attach at least one AWS managed policy, such as PowerUserAccess');
  }
  for (const policy of permissionSet.managedPolicies) {
    // The ARN's partition is a token, but the rest is literal for AWS managed policies.
    if (!policy.managedPolicyArn.includes(':iam::aws:policy/')) {
      throw propError('permissionSet.managedPolicies', policy.managedPolicyArn,
        'is not an AWS managed policy; permission sets take AWS managed policies here (iam.ManagedPolicy.fromAwsManagedPolicyName)');
    }
  }
}
