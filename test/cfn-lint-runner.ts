import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/** The properties cfn-lint's schema of AWS::EC2::ClientVpnEndpoint lacks, as AWS's reference types them. */
export const SCHEMA_ADDITIONS = path.join(__dirname, 'cfn-lint-schemas', 'client-vpn-endpoint-2026.json');

/**
 * cfn-lint's own schema of AWS::EC2::ClientVpnEndpoint plus SCHEMA_ADDITIONS,
 * and of AWS::EC2::ClientVpnRoute with ROUTE_SCHEMA_PATCH, as a registry
 * schema directory (`--registry-schemas`), which replaces the types' schemas
 * for the run: the new properties are linted with their types, everything
 * else as cfn-lint has it. Throws when cfn-lint already knows one of them, or
 * its route destination changed (then the patch goes).
 */
let patchedSchemas: string | undefined;

/** IPv6 destinations for Client VPN routes, which cfn-lint's own extension refuses. */
export const ROUTE_SCHEMA_PATCH = path.join(__dirname, 'cfn-lint-schemas', 'client-vpn-route-ipv6.json');

/** cfn-lint's own schema of a resource type, as it lints it. */
function cfnLintSchema(type: string): any {
  return JSON.parse(execFileSync('python3', ['-c', [
    'import json, sys',
    'from cfnlint.schema import PROVIDER_SCHEMA_MANAGER',
    "print(json.dumps(PROVIDER_SCHEMA_MANAGER.get_resource_schema('us-east-1', sys.argv[1]).schema))",
  ].join('\n'), type], { encoding: 'utf8' }));
}
export function patchedSchemaDirectory(): string {
  if (patchedSchemas !== undefined) {
    return patchedSchemas;
  }
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'cfn-lint-schemas-'));
  const own = cfnLintSchema('AWS::EC2::ClientVpnEndpoint');
  const additions = JSON.parse(fs.readFileSync(SCHEMA_ADDITIONS, 'utf8'));
  const known = [
    ...Object.keys(additions.properties).filter((key) => key in own.properties),
    ...Object.keys(additions.connectionLogOptionsProperties).filter((key) => key in own.definitions.ConnectionLogOptions.properties),
  ];
  if (known.length > 0) {
    throw new Error(`cfn-lint's schema now has ${known.join(', ')}: remove ${known.length === 1 ? 'it' : 'them'} from ${SCHEMA_ADDITIONS}`);
  }
  Object.assign(own.properties, additions.properties);
  Object.assign(own.definitions, additions.definitions);
  Object.assign(own.definitions.ConnectionLogOptions.properties, additions.connectionLogOptionsProperties);
  fs.writeFileSync(path.join(directory, 'aws-ec2-clientvpnendpoint.json'), JSON.stringify(own));

  // ClientVpnRoute: cfn-lint's IPv4-only format of the destination, replaced by either family.
  const route = cfnLintSchema('AWS::EC2::ClientVpnRoute');
  const routePatch = JSON.parse(fs.readFileSync(ROUTE_SCHEMA_PATCH, 'utf8'));
  for (const [key, replaced] of Object.entries(routePatch.replaces)) {
    if (JSON.stringify(route.properties[key]) !== JSON.stringify(replaced)) {
      throw new Error(`cfn-lint's schema of AWS::EC2::ClientVpnRoute ${key} is now ${JSON.stringify(route.properties[key])}: review or remove ${ROUTE_SCHEMA_PATCH}`);
    }
  }
  Object.assign(route.properties, routePatch.properties);
  fs.writeFileSync(path.join(directory, 'aws-ec2-clientvpnroute.json'), JSON.stringify(route));
  patchedSchemas = directory;
  return directory;
}

/**
 * cfn-lint warnings we accept, each with the reason and the templates it may
 * appear in. Anything else fails the tests that lint.
 */
export const ACCEPTED_WARNINGS: Record<string, { readonly reason: string; readonly templates: RegExp }> = {
  W3005: {
    reason: 'aws-cdk-lib\'s own custom resource provider (the one that locks down the VPC default security group) declares a DependsOn that a GetAtt already implies',
    templates: /./,
  },
  W3010: {
    reason: 'an imported VPC\'s subnets carry the literal AZ names the user gave, which the Instance L2 copies; only the existing-VPC variant has them',
    templates: /^Variants\./,
  },
};

export interface Finding {
  readonly Rule: { readonly Id: string };
  readonly Level: string;
  readonly Message: string;
  readonly Filename: string;
}

/** Runs cfn-lint once over all the templates, with the patched schema unless told not to. */
export function lint(templateFiles: string[], options: { readonly patched?: boolean } = {}): Finding[] {
  const schemas = options.patched === false ? [] : ['--registry-schemas', patchedSchemaDirectory()];
  const result = spawnSync('cfn-lint', ['--format', 'json', ...schemas, '--', ...templateFiles], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.stdout.trim() === '') {
    throw new Error(`cfn-lint printed nothing: ${result.stderr}`);
  }
  return JSON.parse(result.stdout) as Finding[];
}

/**
 * Lints the templates in one batch and returns the findings that are not
 * accepted warnings, each with its file.
 *
 * @param accepted the accepted warnings, by rule ID
 */
export function lintTemplates(
  templateFiles: string[],
  accepted: Record<string, { readonly templates: RegExp }> = ACCEPTED_WARNINGS,
): Array<{ file: string; text: string }> {
  if (templateFiles.length === 0) {
    return [];
  }
  return lint(templateFiles)
    .filter((f) => !(f.Level === 'Warning' && accepted[f.Rule.Id]?.templates.test(path.basename(f.Filename))))
    .map((f) => ({ file: path.resolve(f.Filename), text: `${f.Level} ${f.Rule.Id} ${path.basename(f.Filename)}: ${f.Message}` }));
}
