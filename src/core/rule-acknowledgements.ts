import { Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/*
 * Acknowledgements of security rule pack findings (cdk-nag's AwsSolutions and
 * NIST 800-53 rev 5 packs) that belong to the construct. They are recorded
 * with aws-cdk-lib's own `Validations.of(scope).acknowledge`, so cdk-nag stays
 * a test-only dependency, and on the narrowest scope they concern. Findings
 * about a single resource are acknowledged next to the code that makes it;
 * this file holds the ones that every deploy-time custom resource provider
 * (the handler functions, their roles and aws-cdk-lib's provider framework) shares.
 * Findings whose IDs cannot be acknowledged through aws-cdk-lib (granular
 * ones with more than one `::`) are listed in docs/security.md.
 */

function acknowledge(scope: IConstruct, id: string, reason: string): void {
  Validations.of(scope).acknowledge({ id, reason });
}

/**
 * The findings shared by a custom resource provider: `scope` holds its handler
 * functions and `framework` is its `cr.Provider`.
 */
export function acknowledgeProviderFindings(scope: IConstruct, framework: IConstruct): void {
  acknowledgeHandlerFindings(scope);

  // aws-cdk-lib's provider framework: its functions, roles and waiter state machine are not configurable here.
  acknowledge(framework, 'AwsSolutions-L1',
    'aws-cdk-lib picks the runtime of its provider framework functions (determineLatestNodeRuntime); the construct\'s own handlers use the newest Node.js runtime.');
  acknowledge(framework, 'AwsSolutions-SF1',
    'aws-cdk-lib\'s waiter state machine only polls the isComplete handler during a deployment; the handlers log every call to CloudWatch Logs themselves.');
  acknowledge(framework, 'AwsSolutions-SF2',
    'aws-cdk-lib\'s waiter state machine only polls the isComplete handler during a deployment; X-Ray tracing of that loop would show nothing the handlers\' logs do not.');
}

/** The findings shared by the construct's own handler functions (in `scope`) and their roles. */
export function acknowledgeHandlerFindings(scope: IConstruct): void {
  acknowledge(scope, 'NIST.800.53.R5-IAMNoInlinePolicy',
    'Each handler role\'s permissions are written for that one role and deleted with it; a managed policy would be a second resource shared by nothing.');
  acknowledge(scope, 'NIST.800.53.R5-LambdaConcurrency',
    'The handlers run only during deployments and on the schedule, one at a time; reserving concurrency would take it from the account\'s unreserved pool and fails on new accounts whose limit is 10.');
  acknowledge(scope, 'NIST.800.53.R5-LambdaDLQ',
    'A failed deployment-time invocation is reported to CloudFormation, which rolls back. The off-hours switch keeps each asynchronous invocation that ' +
    'failed after Lambda\'s retries in an on-failure destination (an SQS queue), which holds the error with the event, more than a dead-letter queue would.');
  acknowledge(scope, 'NIST.800.53.R5-LambdaInsideVPC',
    'The handlers call only AWS APIs (ACM, EC2, IAM Identity Center) and never the VPC\'s hosts; inside the VPC they would need NAT or VPC endpoints just to reach those APIs.');
}

/**
 * A log group without `logEncryptionKey`: CloudWatch Logs encrypts it with
 * keys AWS owns (the connection, flow and handler logs alike).
 */
export function acknowledgeAwsOwnedLogEncryption(group: IConstruct): void {
  acknowledge(group, 'NIST.800.53.R5-CloudWatchLogGroupEncrypted',
    'CloudWatch Logs encrypts log data at rest with keys AWS owns. A customer managed key costs 1 USD a month and would have to outlive ' +
    'the retained log group, so it is opt-in: logEncryptionKey.');
}

/**
 * The `*` resource of actions that accept no other (EC2 Describe calls,
 * sso:ListInstances), in a handler's own policy.
 *
 * Only this finding of AwsSolutions-IAM5 can be acknowledged from here: the
 * rule reports each wildcard as its own finding ID (such as
 * `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:...]`), which must be
 * acknowledged exactly, and aws-cdk-lib refuses IDs with more than one `::`.
 * The other wildcards are listed, with their reasons, in docs/security.md.
 */
export function acknowledgeStarResource(role: IConstruct, reason: string): void {
  acknowledge(role, 'AwsSolutions-IAM5[Resource::*]', reason);
}
