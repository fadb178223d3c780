/**
 * Templates compared as `cdk diff` compares them (@aws-cdk/cloudformation-diff),
 * reduced to what a user loses: the live resources (LIVE_TYPES) that a change
 * replaces, destroys or orphans, named by type and construct path.
 */
import { CfnResource, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { isLiveType, resourceChanges } from '../../action/src/destructive-changes';
import type { ResourceChange } from '../../action/src/destructive-changes';
import { SsoClientVpnBastion } from '../../src';
import { newStack, requiredProps } from '../fixtures';
import { overridesIn } from './what-a-change-replaces';
import type { Effect, Impact, LiveType, PropsOverrides } from './what-a-change-replaces';

/**
 * A change that replaces, destroys, leaves behind or interrupts a live
 * resource: stricter than the guard, which lets restarts and orphans pass.
 */
export function isLiveLoss(change: ResourceChange): boolean {
  return change.action !== 'add' && change.action !== 'update' && isLiveType(change.type);
}

/** A resource of a CloudFormation template, as JSON. */
export interface CfnResourceJson {
  Type: string;
  Properties?: any;
  Condition?: string;
  [key: string]: any;
}

/** A CloudFormation template as JSON. */
export type CfnTemplate = { Resources: Record<string, CfnResourceJson>; [key: string]: any };

export interface Synthesized {
  readonly template: CfnTemplate;
  /** Logical ID to the construct path under the bastion (without a trailing `/Resource` or `/Default`). */
  readonly paths: Map<string, string>;
}

const BASTION_ID = 'Bastion';

/** The construct path of a resource under the bastion (or under the stack, for stack-wide singletons). */
function stablePath(stack: Stack, resource: CfnResource): string {
  const path = resource.node.path.slice(stack.node.path.length + 1);
  return path
    .replace(new RegExp(`^${BASTION_ID}/`), '')
    .replace(/\/Default$/, '')
    .replace(/\/Resource$/, '');
}

/** Synthesizes the bastion with the fixtures' required props and these overrides, in the fixtures' stack (same name, same construct IDs every time). */
export function synthesize(overrides: PropsOverrides): Synthesized {
  const stack = newStack();
  new SsoClientVpnBastion(stack, BASTION_ID, requiredProps(overridesIn(stack, overrides)));
  const template = Template.fromStack(stack).toJSON() as CfnTemplate;
  const paths = new Map<string, string>();
  for (const construct of stack.node.findAll()) {
    if (CfnResource.isCfnResource(construct)) {
      paths.set(stack.resolve(construct.logicalId), stablePath(stack, construct));
    }
  }
  return { template, paths };
}

/**
 * What deploying `to` over `from` replaces, destroys or orphans among the live
 * resources, as the action's diff reports it (`cdk diff`'s library plus
 * custom resource replacements), sorted.
 */
export function liveEffects(from: Synthesized, to: Synthesized): Effect[] {
  const effects = resourceChanges(from.template, to.template)
    .filter(isLiveLoss)
    .map((change): Effect => ({
      impact: change.action as Impact,
      type: change.type as LiveType,
      what: from.paths.get(change.logicalId) ?? to.paths.get(change.logicalId) ?? change.logicalId,
    }));
  return sortEffects(effects);
}

export function effectKey(effect: Effect): string {
  return `${effect.impact} ${effect.type} ${effect.what}`;
}

export function sortEffects(effects: Effect[]): Effect[] {
  return [...effects].sort((a, b) => effectKey(a).localeCompare(effectKey(b)));
}

/** What differs between the effects a row declares and those measured: empty when they are the same set. */
export function effectProblems(declared: Effect[], measured: Effect[]): string[] {
  const declaredKeys = new Set(declared.map(effectKey));
  const measuredKeys = new Set(measured.map(effectKey));
  return [
    ...[...measuredKeys].filter((key) => !declaredKeys.has(key)).map((key) => `not declared, but the change ${key}`),
    ...[...declaredKeys].filter((key) => !measuredKeys.has(key)).map((key) => `declared, but the change does not: ${key}`),
  ].sort();
}

/** What is wrong with a row's "stays": each kind must exist before and after, and lose nothing. */
export function staysProblems(stays: LiveType[], from: Synthesized, to: Synthesized, measured: Effect[]): string[] {
  const has = (template: CfnTemplate, type: string) => Object.values(template.Resources).some((resource) => resource.Type === type);
  return stays.flatMap((type) => [
    ...(has(from.template, type) ? [] : [`stays lists ${type}, but there is none before the change`]),
    ...(has(to.template, type) ? [] : [`stays lists ${type}, but there is none after the change`]),
    ...measured.filter((effect) => effect.type === type).map((effect) => `stays lists ${type}, but the change ${effectKey(effect)}`),
  ]);
}
