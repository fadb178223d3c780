import { DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import type { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import type { Mode } from './inputs';
import type { Log } from './io-host';

/**
 * Looks at the stack before changing it, so that a run never starts on a
 * stack it cannot finish and always says what the next step is.
 *
 * @returns the stack's status, or undefined when it does not exist
 */
export async function checkStackBeforeChange(
  cloudFormation: CloudFormationClient,
  stackName: string,
  mode: Mode,
  log: Log,
): Promise<string | undefined> {
  let status: string | undefined;
  try {
    const result = await cloudFormation.send(new DescribeStacksCommand({ StackName: stackName }));
    status = result.Stacks?.[0]?.StackStatus;
  } catch (error) {
    if ((error as Error).name === 'ValidationError' && /does not exist/.test((error as Error).message)) {
      return undefined;
    }
    throw error;
  }
  if (status === undefined) {
    return undefined;
  }

  // A CREATE change set that never ran leaves an empty stack in REVIEW_IN_PROGRESS until
  // someone deletes it; nobody is changing it. toolkit-lib deletes and re-creates it on
  // deploy, and deleting it is what destroy does anyway.
  if (status === 'REVIEW_IN_PROGRESS') {
    if (mode === 'deploy') {
      log.warning(`Stack ${stackName} is REVIEW_IN_PROGRESS (a change set that created it was never executed, and nothing of it exists): it is deleted and created again.`);
    }
    return status;
  }
  if (status.endsWith('_IN_PROGRESS')) {
    throw new Error(
      `Stack ${stackName} is ${status}: another run (or a person) is changing it. Wait for it to finish and run again; ` +
      'to keep two runs from overlapping, give the job `concurrency: { group: sso-client-vpn-bastion-<stack>, cancel-in-progress: false }`.',
    );
  }
  if (status === 'UPDATE_ROLLBACK_FAILED') {
    throw new Error(
      `Stack ${stackName} is UPDATE_ROLLBACK_FAILED: CloudFormation could not roll back a failed update. Fix the resource named in the stack's events, then run ` +
      `\`aws cloudformation continue-update-rollback --stack-name ${stackName}\` (add --resources-to-skip for a resource that cannot be restored) and run this workflow again.`,
    );
  }
  if (status === 'DELETE_FAILED') {
    throw new Error(
      `Stack ${stackName} is DELETE_FAILED: a previous destroy could not delete every resource (see the stack's events). ` +
      'Remove what blocks it (for example a network interface still in use), then run mode: destroy again.',
    );
  }
  if (status === 'ROLLBACK_COMPLETE' && mode === 'deploy') {
    log.warning(`Stack ${stackName} is ROLLBACK_COMPLETE (its first deployment failed and nothing of it is left): it is deleted and created again.`);
  }
  return status;
}
