/**
 * CloudFormation's conditions, evaluated as CloudFormation does for given
 * parameter values: a resource whose Condition is false is not in the stack,
 * and `Fn::If` picks one branch (`AWS::NoValue` removes the property). Enough
 * for the intrinsics a switch parameter needs: `Fn::Equals`, `Fn::Not`,
 * `Fn::And`, `Fn::Or` and `Condition` over `Ref` of parameters.
 */
import type { CfnTemplate } from './transition-diff';

export type ParameterValues = Record<string, string>;

function valueOf(template: CfnTemplate, parameters: ParameterValues, operand: unknown): unknown {
  if (operand !== null && typeof operand === 'object' && 'Ref' in operand) {
    const name = (operand as { Ref: string }).Ref;
    const parameter = template.Parameters?.[name];
    if (parameter === undefined) {
      throw new Error(`a condition refers to ${name}, which is not a parameter: CloudFormation allows only parameters there`);
    }
    const value = parameters[name] ?? parameter.Default;
    if (value === undefined) {
      throw new Error(`parameter ${name} has no value and no Default`);
    }
    return value;
  }
  return operand;
}

/** The value of a condition expression (or of the named condition) for these parameter values. */
export function evaluateCondition(template: CfnTemplate, parameters: ParameterValues, expression: unknown): boolean {
  const evaluate = (inner: unknown) => evaluateCondition(template, parameters, inner);
  if (typeof expression === 'string') {
    const named = template.Conditions?.[expression];
    if (named === undefined) throw new Error(`no condition named ${expression}`);
    return evaluate(named);
  }
  if (expression === null || typeof expression !== 'object' || Object.keys(expression).length !== 1) {
    throw new Error(`not a condition: ${JSON.stringify(expression)}`);
  }
  const [fn, args] = Object.entries(expression)[0] as [string, unknown[]];
  switch (fn) {
    case 'Condition':
      return evaluate(args);
    case 'Fn::Equals':
      return JSON.stringify(valueOf(template, parameters, args[0])) === JSON.stringify(valueOf(template, parameters, args[1]));
    case 'Fn::Not':
      return !evaluate(args[0]);
    case 'Fn::And':
      return args.every(evaluate);
    case 'Fn::Or':
      return args.some(evaluate);
    default:
      throw new Error(`${fn} is not a condition function this evaluator knows`);
  }
}

const NO_VALUE = Symbol('AWS::NoValue');

/** A value with every `Fn::If` resolved and `AWS::NoValue` removed. */
function resolveIfs(template: CfnTemplate, parameters: ParameterValues, value: unknown): unknown {
  const resolve = (inner: unknown) => resolveIfs(template, parameters, inner);
  if (Array.isArray(value)) {
    return value.map(resolve).filter((item) => item !== NO_VALUE);
  }
  if (value === null || typeof value !== 'object') {
    return value;
  }
  const entries = Object.entries(value);
  if (entries.length === 1 && entries[0][0] === 'Fn::If') {
    const [condition, whenTrue, whenFalse] = entries[0][1] as [string, unknown, unknown];
    return resolve(evaluateCondition(template, parameters, condition) ? whenTrue : whenFalse);
  }
  if (entries.length === 1 && entries[0][0] === 'Ref' && entries[0][1] === 'AWS::NoValue') {
    return NO_VALUE;
  }
  return Object.fromEntries(entries.map(([key, inner]) => [key, resolve(inner)]).filter(([, inner]) => inner !== NO_VALUE));
}

/**
 * The template as the stack holds it for these parameter values: the
 * resources (and outputs) whose condition is false are gone, `Fn::If` is
 * resolved, and the parameters' defaults are these values.
 */
export function withConditionsEvaluated(template: CfnTemplate, parameters: ParameterValues): CfnTemplate {
  const kept = <T extends { Condition?: string }>(section: Record<string, T> | undefined) => Object.fromEntries(
    Object.entries(section ?? {})
      .filter(([, item]) => item.Condition === undefined || evaluateCondition(template, parameters, item.Condition))
      .map(([id, item]) => {
        const { Condition: _condition, ...rest } = item;
        return [id, resolveIfs(template, parameters, rest)];
      }),
  );
  const result: CfnTemplate = { ...template, Resources: kept(template.Resources) as CfnTemplate['Resources'] };
  if (template.Outputs) result.Outputs = kept(template.Outputs);
  if (template.Parameters) {
    result.Parameters = Object.fromEntries(Object.entries(template.Parameters).map(([name, parameter]: [string, any]) =>
      [name, name in parameters ? { ...parameter, Default: parameters[name] } : parameter]));
  }
  delete result.Conditions;
  return result;
}

/** The values a switch parameter takes: the one for "on" first. */
export const SWITCH_VALUES = ['on', 'off'] as const;

/** The names of the parameters whose allowed values are exactly the switch's. */
export function switchParameters(template: CfnTemplate): string[] {
  const wanted = JSON.stringify([...SWITCH_VALUES].sort());
  return Object.entries(template.Parameters ?? {})
    .filter(([, parameter]: [string, any]) =>
      Array.isArray(parameter.AllowedValues) && JSON.stringify([...parameter.AllowedValues].sort()) === wanted)
    .map(([name]) => name);
}
