import { spawnSync } from 'child_process';
import * as path from 'path';

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

/** Runs cfn-lint once over all the templates. */
export function lint(templateFiles: string[]): Finding[] {
  const result = spawnSync('cfn-lint', ['--format', 'json', ...templateFiles], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
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
