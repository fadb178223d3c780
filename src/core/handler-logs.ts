import { CfnResource, CustomResourceProviderBase, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct, IConstruct } from 'constructs';
import { acknowledgeAwsOwnedLogEncryption } from './rule-acknowledgements';
import { stackSingleton } from './stack-singleton';

/**
 * How the log groups of the construct's Lambda handlers are kept: like the
 * connection logs (`logRetention`, `logRemovalPolicy`, `logEncryptionKey`).
 */
export interface HandlerLogging {
  readonly retention: logs.RetentionDays;
  readonly removalPolicy: RemovalPolicy;
  readonly encryptionKey?: kms.IKey;
}

/**
 * The construct's defaults (`logRetention`, `logRemovalPolicy`), for a
 * handler created outside any bastion (a `ServerCertificate` bound by hand).
 */
export const DEFAULT_HANDLER_LOGGING: HandlerLogging = {
  retention: logs.RetentionDays.ONE_YEAR,
  removalPolicy: RemovalPolicy.RETAIN,
};

/**
 * A log group kept as the construct keeps its logs: the connection and flow
 * logs, and one for each Lambda handler (or provider framework).
 *
 * A handler needs one of the stack's:
 * without one, Lambda creates `/aws/lambda/<function>` at the first
 * invocation: it never expires and outlives the stack. Passed as the
 * function's `logGroup`, it is created before the function and kept as the
 * construct keeps its other logs.
 */
export function createLogGroup(scope: Construct, id: string, logging: HandlerLogging): logs.LogGroup {
  const group = new logs.LogGroup(scope, id, {
    retention: logging.retention,
    removalPolicy: logging.removalPolicy,
    encryptionKey: logging.encryptionKey,
  });
  if (!logging.encryptionKey) {
    acknowledgeAwsOwnedLogEncryption(group);
  }
  return group;
}

/*
 * The handler logging of a bastion, found from any construct inside it.
 * `ServerCertificate.bind(scope)` is public API with one parameter; the
 * bastion registers its logging here so that a certificate bound inside it
 * finds it without a second parameter.
 */
const registered = new WeakMap<IConstruct, HandlerLogging>();

/** Makes `logging` the handler logging of every construct inside `scope`. */
export function registerHandlerLogging(scope: IConstruct, logging: HandlerLogging): void {
  registered.set(scope, logging);
}

/** The handler logging registered on `scope` or its nearest ancestor; the construct's defaults otherwise. */
export function handlerLoggingOf(scope: IConstruct): HandlerLogging {
  for (const ancestor of [...scope.node.scopes].reverse()) {
    const logging = registered.get(ancestor);
    if (logging) {
      return logging;
    }
  }
  return DEFAULT_HANDLER_LOGGING;
}

/** The type of the custom resource behind `ec2.Vpc`'s `restrictDefaultSecurityGroup`. */
const RESTRICT_DEFAULT_SG_TYPE = 'Custom::VpcRestrictDefaultSG';
const RESTRICT_DEFAULT_SG_LOGS_ID = 'SsoClientVpnBastionVpcRestrictDefaultSgLogs';

/**
 * Gives aws-cdk-lib's own handler behind `ec2.Vpc`'s
 * `restrictDefaultSecurityGroup` (a `CustomResourceProvider`, one per stack)
 * a log group of the stack, when a VPC inside `scope` uses it.
 *
 * aws-cdk-lib offers no option for that function's logs, so its
 * `AWS::Lambda::Function` gets a `LoggingConfig.LogGroup` override: a `Ref`
 * to the log group, so the function is created after it. Its role already
 * has AWSLambdaBasicExecutionRole, which may write to any log group. The
 * provider is found by its construct ID (aws-cdk-lib names it after the
 * resource type) and its `Handler` child, never by a hashed logical ID.
 *
 * Like the provider, the log group is one per stack: the first bastion
 * whose VPC uses it decides how it is kept.
 */
export function logVpcDefaultSecurityGroupHandler(scope: Construct, logging: HandlerLogging): void {
  const usesIt = scope.node.findAll().some((c) => CfnResource.isCfnResource(c) && c.cfnResourceType === RESTRICT_DEFAULT_SG_TYPE);
  if (!usesIt) {
    return;
  }
  const stack = Stack.of(scope);
  const handlers = stack.node.children
    .filter((c) => c instanceof CustomResourceProviderBase && c.node.id.startsWith(RESTRICT_DEFAULT_SG_TYPE))
    .map((provider) => provider.node.tryFindChild('Handler'))
    .filter((c): c is CfnResource => c !== undefined && CfnResource.isCfnResource(c) && c.cfnResourceType === 'AWS::Lambda::Function');
  if (handlers.length !== 1) {
    throw new Error(
      `SsoClientVpnBastion: found ${handlers.length} handler functions of aws-cdk-lib's ${RESTRICT_DEFAULT_SG_TYPE} provider in stack ${stack.stackName}, expected 1; ` +
      'aws-cdk-lib may have changed how it builds that provider. Please report this with your aws-cdk-lib version.',
    );
  }
  stackSingleton(scope, RESTRICT_DEFAULT_SG_LOGS_ID, (s, id) => {
    const group = createLogGroup(s, id, logging);
    handlers[0].addPropertyOverride('LoggingConfig.LogGroup', group.logGroupName);
    return group;
  });
}
