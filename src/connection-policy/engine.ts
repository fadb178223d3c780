/**
 * The official Cedar engine (@cedar-policy/cedar-wasm, Apache-2.0), which
 * AWS's own Cedar services build on: it parses, validates against a schema,
 * formats, evaluates and partially evaluates the connection policy. Nothing
 * about Cedar is written by hand here; this file only turns the engine's
 * answers (offsets, policy IDs) into what a person reads (line and column,
 * the statement's `@id`).
 *
 * The Node.js build is loaded (CommonJS, the WebAssembly read from its own
 * directory): it is bundled in the npm package, and so in every language's.
 */
type CedarEngine = typeof import('@cedar-policy/cedar-wasm/nodejs');

let loaded: CedarEngine | undefined;

/**
 * The engine, loaded on first use: compiling its WebAssembly takes a moment
 * that a synth without a connection policy does not pay.
 */
function engine(): CedarEngine {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  loaded ??= require('@cedar-policy/cedar-wasm/nodejs') as CedarEngine;
  return loaded;
}

/** One `permit` or `forbid` of a policy, as written. */
export interface CedarStatement {
  /** Its `@id` annotation, else `statement N` (its position, from 1). */
  readonly id: string;
  readonly effect: 'permit' | 'forbid';
  /** Its text, as written. */
  readonly text: string;
  /** Where it starts in the policy: the character offset, and the line from 1. */
  readonly offset: number;
  readonly line: number;
  /** Whether its scope is `(principal, action, resource)` with no constraint. */
  readonly unconstrainedScope: boolean;
  /** The attributes of `context` it reads or tests (`context.jamf`, `context has jamf`), from the engine's parse. */
  readonly contextAttributes: string[];
}

/** A problem the engine found, placed in the policy's text. */
export interface CedarProblem {
  readonly message: string;
  /** From 1; undefined when the engine gave no position. */
  readonly line?: number;
  readonly column?: number;
  /** The engine's suggestion, such as "did you mean `memberOf`?". */
  readonly help?: string;
}

/** The answer to one request. */
export interface CedarDecision {
  readonly allowed: boolean;
  /** The IDs of the statements that decided it: the satisfied permits for an allow, the satisfied forbids for a deny by forbid. */
  readonly determining: string[];
  /** Statements that could not be evaluated (an attribute absent from the context...): they count as not satisfied. */
  readonly errors: string[];
}

/** An entity of the request: Client VPN's policies do not constrain the scope, so these names are only the schema's. */
export const REQUEST = {
  principal: { type: 'ClientVpn::User', id: 'connecting-user' },
  action: { type: 'ClientVpn::Action', id: 'Connect' },
  resource: { type: 'ClientVpn::Endpoint', id: 'endpoint' },
} as const;

/** The version of the engine and of the Cedar language it implements. */
export function cedarVersion(): string {
  return `Cedar ${engine().getCedarVersion()} (language ${engine().getCedarLangVersion()})`;
}

/** The problems of a policy's syntax, with line and column; empty when it parses. */
export function syntaxProblems(text: string): CedarProblem[] {
  const answer = engine().checkParsePolicySet({ staticPolicies: text });
  return answer.type === 'failure' ? answer.errors.map((error) => placed(text, error)) : [];
}

/** The policy's statements, in the order written; call after syntaxProblems is empty. */
export function statementsOf(text: string): CedarStatement[] {
  const parts = engine().policySetTextToParts(text);
  if (parts.type === 'failure') {
    throw new Error(parts.errors.map((error) => error.message).join('; '));
  }
  // The engine sorts the parts by its own IDs (policy0, policy1, policy10...): put them back in the order written.
  // Each part is found where it was written; two parts of the same text take its first two places.
  const taken = new Set<number>();
  const located = parts.policies.map((part) => {
    let offset = text.indexOf(part);
    while (taken.has(offset)) {
      offset = text.indexOf(part, offset + 1);
    }
    taken.add(offset);
    return { part, offset };
  }).sort((a, b) => a.offset - b.offset);
  return located.map(({ part, offset }, index) => {
    const json = engine().policyToJson(part);
    if (json.type === 'failure') {
      throw new Error(json.errors.map((error) => error.message).join('; '));
    }
    const { effect, principal, action, resource, annotations, conditions } = json.json;
    return {
      id: annotations?.id ?? `statement ${index + 1}`,
      effect,
      text: part,
      offset,
      line: lineAndColumn(text, offset).line,
      unconstrainedScope: principal.op === 'All' && action.op === 'All' && resource.op === 'All',
      contextAttributes: [...contextAttributesOf(conditions)],
    };
  });
}

/** The attributes read (`.`) or tested (`has`) directly on `context`, anywhere in the conditions' JSON. */
function contextAttributesOf(node: unknown, found = new Set<string>()): Set<string> {
  if (Array.isArray(node)) {
    node.forEach((child) => contextAttributesOf(child, found));
  } else if (node !== null && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      const access = value as { left?: { Var?: string }; attr?: string };
      if ((key === '.' || key === 'has') && access?.left?.Var === 'context' && typeof access.attr === 'string') {
        found.add(access.attr);
      }
      contextAttributesOf(value, found);
    }
  }
  return found;
}

/** The statements as a policy set keyed by their IDs, as the engine evaluates them. */
function policySet(statements: CedarStatement[]): Record<string, string> {
  return Object.fromEntries(statements.map((statement) => [statement.id, statement.text]));
}

/** The problems of a policy against a schema (strict validation, as Cedar's own tools validate), with line and column. */
export function validationProblems(text: string, statements: CedarStatement[], schema: string): CedarProblem[] {
  const answer = engine().validate({
    schema,
    policies: { staticPolicies: policySet(statements) },
    validationSettings: { mode: 'strict' },
  });
  if (answer.type === 'failure') {
    throw new Error(`the connection policy schema is not valid Cedar: ${answer.errors.map((error) => error.message).join('; ')}`);
  }
  return answer.validationErrors.map(({ policyId, error }) => {
    // Offsets are within the statement: place them in the whole text.
    const statement = statements.find((candidate) => candidate.id === policyId);
    return placed(text, error, statement?.offset ?? 0);
  });
}

/** The formatted text of a policy (the engine's formatter), for a policy the construct generates. */
export function formatted(text: string): string {
  const answer = engine().formatPolicies({ policyText: text, lineWidth: 100, indentWidth: 2 });
  if (answer.type === 'failure') {
    throw new Error(answer.errors.map((error) => error.message).join('; '));
  }
  return answer.formatted_policy;
}

/** The decision for one connection, described by its context. */
export function decide(statements: CedarStatement[], context: Record<string, unknown>, schema: string): CedarDecision {
  const answer = engine().isAuthorized({
    ...REQUEST,
    context: context as any,
    schema,
    validateRequest: true,
    policies: { staticPolicies: policySet(statements) },
    entities: [],
  });
  if (answer.type === 'failure') {
    throw new Error(answer.errors.map((error) => error.message).join('; '));
  }
  const { decision, diagnostics } = answer.response;
  return {
    allowed: decision === 'allow',
    determining: [...diagnostics.reason],
    errors: diagnostics.errors.map((error) => `${error.policyId}: ${error.error.message}`),
  };
}

/**
 * What the engine decides before any connection: each context namespace is
 * unknown and the statements are partially evaluated. A permit whose residual
 * is `false` can never apply; a forbid whose residual is `true` applies to
 * every connection. Partial evaluation simplifies what it can and keeps the
 * rest: a condition it cannot reduce (`x && false`) stays undecided, so this
 * finds the policies that certainly permit nothing, not all of them.
 */
export function alwaysDecided(statements: CedarStatement[], namespaces: string[]): { neverApply: string[]; alwaysApply: string[] } {
  const context = Object.fromEntries(namespaces.map((name) => [name, { __extn: { fn: 'unknown', arg: name } }]));
  const answer = engine().isAuthorizedPartial({
    ...REQUEST,
    context: context as any,
    policies: { staticPolicies: policySet(statements) },
    entities: [],
  });
  if (answer.type === 'failure') {
    throw new Error(answer.errors.map((error) => error.message).join('; '));
  }
  const residuals = answer.response.residuals;
  const constant = (id: string, value: boolean) => {
    const conditions = residuals[id]?.conditions ?? [];
    return conditions.length > 0 && conditions.every((condition) => JSON.stringify(condition.body) === JSON.stringify({ Value: value }));
  };
  return {
    neverApply: statements.filter((statement) => statement.effect === 'permit' && constant(statement.id, false)).map((statement) => statement.id),
    alwaysApply: statements.filter((statement) => statement.effect === 'forbid'
      && (answer.response.satisfied.includes(statement.id) || constant(statement.id, true))).map((statement) => statement.id),
  };
}

function placed(text: string, error: { message: string; help: string | null; sourceLocations?: Array<{ start: number }> }, base = 0): CedarProblem {
  const location = error.sourceLocations?.[0];
  return {
    message: error.message,
    help: error.help ?? undefined,
    ...(location ? lineAndColumn(text, base + location.start) : {}),
  };
}

/** Line and column (from 1) of a character offset. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: before[before.length - 1].length + 1 };
}
