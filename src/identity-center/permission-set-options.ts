import type { Duration } from 'aws-cdk-lib';
import type * as iam from 'aws-cdk-lib/aws-iam';

/**
 * An IAM Identity Center permission set for the authorized groups, as the
 * the authorized groups get for console and CLI access (it has nothing to do with the VPN itself).
 */
export interface PermissionSetOptions {
  /**
   * The name of the permission set, as people see it on the AWS access portal.
   * 1 to 32 letters, digits and `+=,.@-_`.
   */
  readonly name: string;

  /**
   * AWS managed policies to attach, for example
   * `iam.ManagedPolicy.fromAwsManagedPolicyName('PowerUserAccess')`.
   */
  readonly managedPolicies: iam.IManagedPolicy[];

  /**
   * How long a console session lasts, from 1 to 12 hours.
   *
   * @default Duration.hours(1)
   */
  readonly sessionDuration?: Duration;

  /**
   * The description of the permission set.
   *
   * @default - none
   */
  readonly description?: string;

  /**
   * The account the groups get the permission set on.
   *
   * @default - the stack's account
   */
  readonly accountId?: string;
}
