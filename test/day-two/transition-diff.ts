/**
 * Templates compared as `cdk diff` compares them (@aws-cdk/cloudformation-diff),
 * reduced to what a user loses: the live resources (LIVE_TYPES) that a change
 * replaces, destroys or orphans, named by type and construct path.
 */
import { fullDiff, ResourceImpact } from '@aws-cdk/cloudformation-diff';
import { CfnResource, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { SsoClientVpnBastion } from '../../src';
import { CERTIFICATE_DEFINING_PROPERTIES } from '../../src/self-signed-certificate/properties';
import { newStack, requiredProps } from '../fixtures';
import { LIVE_TYPES, overridesIn } from './what-a-change-replaces';
import type { Effect, Impact, LiveType, PropsOverrides } from './what-a-change-replaces';

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

const IMPACTS: Partial<Record<ResourceImpact, Impact>> = {
  [ResourceImpact.WILL_REPLACE]: 'replaced',
  [ResourceImpact.MAY_REPLACE]: 'may be replaced',
  [ResourceImpact.WILL_DESTROY]: 'destroyed',
  [ResourceImpact.WILL_ORPHAN]: 'orphaned',
};

const isLive = (type: string | undefined): type is LiveType => type !== undefined && type in LIVE_TYPES;

/**
 * Custom resources whose handler returns a new physical ID for this update:
 * CloudFormation treats that as a replacement (it sends Delete for the old ID
 * later), which the diff cannot know from a schema. The self-signed
 * certificate's handler does so when a defining property changes.
 */
function customReplacements(from: CfnTemplate, to: CfnTemplate): string[] {
  return Object.entries(from.Resources)
    .filter(([id, resource]) => resource.Type === 'Custom::SelfSignedServerCertificate' && to.Resources[id]?.Type === resource.Type)
    .filter(([id, resource]) => CERTIFICATE_DEFINING_PROPERTIES.some((key) =>
      JSON.stringify(resource.Properties?.[key]) !== JSON.stringify(to.Resources[id].Properties?.[key])))
    .map(([id]) => id);
}

/** A copy of the template whose Ref and GetAtt to these logical IDs point at new ones, as a replacement's new physical ID would. */
function withReplacedReferences(template: CfnTemplate, logicalIds: string[]): CfnTemplate {
  const rename = (id: unknown) => (typeof id === 'string' && logicalIds.includes(id) ? `${id}Replaced` : id);
  const recurse = (value: any): any => {
    if (Array.isArray(value)) return value.map(recurse);
    if (value === null || typeof value !== 'object') return value;
    if ('Ref' in value && Object.keys(value).length === 1) return { Ref: rename(value.Ref) };
    if ('Fn::GetAtt' in value && Object.keys(value).length === 1) {
      const target = value['Fn::GetAtt'];
      return { 'Fn::GetAtt': Array.isArray(target) ? [rename(target[0]), ...target.slice(1)] : target };
    }
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, recurse(inner)]));
  };
  const resources = Object.fromEntries(Object.entries(template.Resources).map(([id, resource]) => [id, recurse(resource)]));
  return { ...template, Resources: resources };
}

/**
 * What deploying `to` over `from` replaces, destroys or orphans among the live
 * resources, as `cdk diff` reports it (plus custom resource replacements, see
 * customReplacements), sorted.
 */
export function liveEffects(from: Synthesized, to: Synthesized): Effect[] {
  const replacedCustom = customReplacements(from.template, to.template);
  const diff = fullDiff(from.template, withReplacedReferences(to.template, replacedCustom));
  const effects: Effect[] = replacedCustom.map((id) => ({ impact: 'replaced', type: from.template.Resources[id].Type as LiveType, what: from.paths.get(id)! }));
  diff.resources.forEachDifference((logicalId, change) => {
    const impact = IMPACTS[change.changeImpact];
    const type = change.oldResourceType ?? change.newResourceType;
    if (impact === undefined || !isLive(type) || replacedCustom.includes(logicalId)) {
      return;
    }
    effects.push({ impact, type, what: from.paths.get(logicalId) ?? to.paths.get(logicalId) ?? logicalId });
  });
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
