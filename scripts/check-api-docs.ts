/**
 * Construct Hub and API.md show what the jsii assembly (.jsii) documents. This
 * check fails the build when something public has no description, or when an
 * optional property of a props struct has no `@default`:
 *
 *   ts-node scripts/check-api-docs.ts [path/to/.jsii]
 *
 * (run after docgen: it also looks for `*No description.*` in API.md)
 */
import * as fs from 'fs';

interface Docs {
  readonly summary?: string;
  readonly default?: string;
}
interface Parameter {
  readonly name: string;
  readonly docs?: Docs;
}
interface Callable {
  readonly name?: string;
  readonly docs?: Docs;
  readonly parameters?: Parameter[];
}
interface Property {
  readonly name: string;
  readonly docs?: Docs;
  readonly optional?: boolean;
}
interface JsiiType {
  readonly kind: string;
  readonly datatype?: boolean;
  readonly docs?: Docs;
  readonly properties?: Property[];
  readonly initializer?: Callable;
  readonly methods?: Callable[];
  readonly members?: Array<{ readonly name: string; readonly docs?: Docs }>;
}
/** The part of a jsii assembly this check reads. */
export interface Assembly {
  readonly types?: Record<string, JsiiType>;
}

const described = (docs?: Docs): boolean => (docs?.summary ?? '').trim().length > 0;

/** Every public type, property, method, parameter and enum member needs a description; optional struct properties need `@default`. */
export function apiDocProblems(assembly: Assembly): string[] {
  const problems: string[] = [];
  for (const [fqn, type] of Object.entries(assembly.types ?? {})) {
    if (!described(type.docs)) problems.push(`${fqn}: no description`);
    for (const property of type.properties ?? []) {
      const where = `${fqn}.${property.name}`;
      if (!described(property.docs)) problems.push(`${where}: no description`);
      if (type.datatype && property.optional && !(property.docs?.default ?? '').trim()) {
        problems.push(`${where}: optional property without @default`);
      }
    }
    const callables = [
      ...(type.initializer ? [{ ...type.initializer, name: 'constructor' }] : []),
      ...(type.methods ?? []),
    ];
    for (const callable of callables) {
      const where = `${fqn}.${callable.name}`;
      if (callable.name !== 'constructor' && !described(callable.docs)) problems.push(`${where}(): no description`);
      for (const parameter of callable.parameters ?? []) {
        if (!described(parameter.docs)) problems.push(`${where}(${parameter.name}): parameter without @param description`);
      }
    }
    for (const member of type.members ?? []) {
      if (!described(member.docs)) problems.push(`${fqn}.${member.name}: no description`);
    }
  }
  return problems;
}

if (require.main === module) {
  const assemblyPath = process.argv[2] ?? '.jsii';
  if (!fs.existsSync(assemblyPath)) {
    console.error(`check-api-docs: ${assemblyPath} not found; run \`npx projen compile\` first.`);
    process.exit(1);
  }
  const assembly = JSON.parse(fs.readFileSync(assemblyPath, 'utf8')) as Assembly;
  const problems = apiDocProblems(assembly);
  // What jsii-docgen writes for an undocumented item, as a second line of defence.
  if (fs.existsSync('API.md')) {
    const undocumented = fs.readFileSync('API.md', 'utf8').split('\n').filter(line => line.includes('*No description.*')).length;
    if (undocumented > 0) problems.push(`API.md has ${undocumented} line(s) with *No description.*`);
  }
  if (problems.length > 0) {
    console.error(`check-api-docs: ${problems.length} gap(s) in the API documentation (fix the TSDoc in src/):`);
    problems.forEach(problem => console.error(`  - ${problem}`));
    process.exit(1);
  }
  console.log(`check-api-docs: ${Object.keys(assembly.types ?? {}).length} types, every property, method and parameter described, every optional prop with @default.`);
}
