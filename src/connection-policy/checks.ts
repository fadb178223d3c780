/**
 * The connection policy, checked at synth time with the Cedar engine, as
 * Client VPN will read it: it parses, it reads only what the context of this
 * endpoint has, it names no entity, it fits, and it can let someone in.
 */
import { Stack, Token } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type { RenderContext } from './conditions';
import { alwaysDecided, statementsOf, syntaxProblems, validationProblems } from './engine';
import type { CedarProblem, CedarStatement } from './engine';
import type { ConnectionPolicy, ConnectionPolicyMode } from './policy';
import { contextNamespaces, contextSchema, TRUST_PROVIDER_TYPES } from './schema';
import type { TrustProviderType } from './schema';
import type { DeviceTrustProvider } from './trust-provider';
import { bastionError, propError } from '../core/errors';

/** Client VPN's limit on a policy document. */
export const MAX_POLICY_BYTES = 10_000;

/** A connection policy written out for one bastion and checked against its context. */
export interface CheckedConnectionPolicy {
  /** The Cedar text the template carries. */
  readonly text: string;
  readonly statements: CedarStatement[];
  /** The schema of this endpoint's context (its trust providers' namespaces only). */
  readonly schema: string;
  readonly providers: TrustProviderType[];
}

/** The access props that stand on their own: the trust providers and the client connect handler. */
export function checkAccess(props: {
  readonly connectionPolicy?: ConnectionPolicy;
  readonly connectionPolicyMode?: ConnectionPolicyMode;
  readonly devicePosture?: DeviceTrustProvider[];
  readonly clientConnectHandler?: lambda.IFunction;
}): void {
  if (props.connectionPolicyMode !== undefined && !props.connectionPolicy) {
    throw propError('connectionPolicyMode', props.connectionPolicyMode.shadowMode === 'enabled' ? 'SHADOW' : 'ENFORCE',
      'is set without connectionPolicy: there is no policy to shadow or enforce; set connectionPolicy, or leave connectionPolicyMode out');
  }
  checkTrustProviders(props.devicePosture ?? []);
  const name = props.clientConnectHandler && handlerName(props.clientConnectHandler);
  if (name !== undefined && !name.startsWith(CLIENT_CONNECT_PREFIX)) {
    throw propError('clientConnectHandler', name, `is not a name Client VPN calls: the function's name must start with "${CLIENT_CONNECT_PREFIX}" (give functionName: '${CLIENT_CONNECT_PREFIX}...')`);
  }
}

/**
 * The handler's name as the template will have it, when known at synth time:
 * a function's `functionName` and an imported one's name are tokens, so the
 * name is read from the function's L1 (CloudFormation generates a name,
 * without the prefix, when it has none) or from the imported ARN.
 */
function handlerName(handler: lambda.IFunction): string | undefined {
  if (!Token.isUnresolved(handler.functionName)) {
    return handler.functionName;
  }
  const cfn = handler.node.defaultChild;
  if (cfn instanceof lambda.CfnFunction) {
    return cfn.functionName === undefined ? '(a name CloudFormation generates)' : Token.isUnresolved(cfn.functionName) ? undefined : cfn.functionName;
  }
  const arn = JSON.stringify(Stack.of(handler).resolve(handler.functionArn));
  return /:function:([A-Za-z0-9_-]+)(:[^"]*)?"/.exec(arn)?.[1];
}

/** Client VPN calls only functions with this name prefix. */
const CLIENT_CONNECT_PREFIX = 'AWSClientVPN-';

/** Throws unless the trust providers are usable together: one of each type at most. */
export function checkTrustProviders(providers: readonly DeviceTrustProvider[]): TrustProviderType[] {
  const types = providers.map((provider) => provider._type);
  const repeated = types.find((type, index) => types.indexOf(type) !== index);
  if (repeated !== undefined) {
    throw propError('devicePosture', types, `has ${repeated} twice; give each trust provider type (${TRUST_PROVIDER_TYPES.join(', ')}) once`);
  }
  return types;
}

/** Writes the policy out for this bastion and checks it; every problem names the policy's source, line and column. */
export function checkConnectionPolicy(
  policy: ConnectionPolicy, context: RenderContext, providers: TrustProviderType[],
): CheckedConnectionPolicy {
  const { text, source } = policy._render(context);
  const problems = (found: CedarProblem[], what: string) => bastionError(`${source} ${what}:\n${found.map((problem) =>
    `  ${problem.line !== undefined ? `line ${problem.line}, column ${problem.column}: ` : ''}${problem.message}${problem.help ? ` (${problem.help})` : ''}`).join('\n')}`);

  const syntax = syntaxProblems(text);
  if (syntax.length > 0) {
    throw problems(syntax, 'is not valid Cedar');
  }
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_POLICY_BYTES) {
    throw bastionError(`${source} is ${bytes} bytes; Client VPN takes a policy of at most ${MAX_POLICY_BYTES} bytes.`);
  }
  const statements = statementsOf(text);
  const scoped = statements.filter((statement) => !statement.unconstrainedScope);
  if (scoped.length > 0) {
    throw bastionError(`${source} constrains the principal, action or resource in ${scoped.map((s) => `${s.id} (line ${s.line})`).join(', ')}: ` +
      'Client VPN has no entities to match, so write every statement as permit (principal, action, resource) or forbid (principal, action, resource), with conditions on the context.');
  }
  const ids = statements.map((statement) => statement.id);
  const repeated = ids.find((id, index) => ids.indexOf(id) !== index);
  if (repeated !== undefined) {
    throw bastionError(`${source} names two statements @id("${repeated}"); decisions name statements by @id, so give each its own.`);
  }
  const unconfigured = statements.flatMap((statement) => TRUST_PROVIDER_TYPES
    .filter((type) => !providers.includes(type) && statement.contextAttributes.includes(type))
    .map((type) => `${statement.id} (line ${statement.line}) reads context.${type}`));
  if (unconfigured.length > 0) {
    // The engine alone types `context has jumpcloud` as false and lets it through: a statement that never applies.
    throw bastionError(`${source} reads the posture of a trust provider that devicePosture lacks (${providers.length > 0 ? providers.join(', ') : 'none'}): ` +
      `${unconfigured.join('; ')}. Client VPN passes a provider's signals only when the endpoint has that trust provider: add it to devicePosture, or remove the condition.`);
  }
  const schema = contextSchema(providers);
  const invalid = validationProblems(text, statements, schema);
  if (invalid.length > 0) {
    throw problems(invalid.map((problem) => ({ ...problem, help: helpFor(problem, providers) })),
      `reads what Client VPN's context does not have (${providers.length > 0 ? `trust providers: ${providers.join(', ')}` : 'no devicePosture trust provider'})`);
  }
  const permits = statements.filter((statement) => statement.effect === 'permit');
  const { neverApply, alwaysApply } = alwaysDecided(statements, contextNamespaces(providers));
  if (alwaysApply.length > 0) {
    throw bastionError(`${source} forbids every connection: ${alwaysApply.join(', ')} applies whatever the connection; give it a condition, or remove it.`);
  }
  if (permits.length === 0 || permits.every((statement) => neverApply.includes(statement.id))) {
    throw bastionError(`${source} permits no connection: ${permits.length === 0 ? 'it has no permit statement' : `no permit can apply (${neverApply.join(', ')})`}; ` +
      'a connection is allowed only when a permit applies, so add one (for example members of the authorized groups).');
  }
  return { text, statements, schema, providers };
}

/** Better help than the engine's for the mistakes people make with Client VPN's context. */
function helpFor(problem: CedarProblem, providers: TrustProviderType[]): string | undefined {
  const provider = TRUST_PROVIDER_TYPES.find((type) => !providers.includes(type) && new RegExp(`attribute \`${type}\` in context`).test(problem.message));
  if (provider !== undefined) {
    return `context.${provider} exists only with a ${provider} trust provider in devicePosture`;
  }
  if (/optional attribute `(crowdstrike|jamf|jumpcloud)`/.test(problem.message)) {
    return 'a device without that provider\'s valid token has no such namespace, and Client VPN denies a connection whose policy reads an absent one: ' +
      'test it first, as in `context has jamf && context.jamf.risk == "LOW"`';
  }
  if (/attribute `(active-directory|mutual-authentication)`/.test(problem.message)) {
    return 'the bastion authenticates with SAML: read the user from context.saml';
  }
  return problem.help;
}
