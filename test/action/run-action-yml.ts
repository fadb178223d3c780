import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';

interface Step {
  readonly 'id'?: string;
  readonly 'name'?: string;
  readonly 'uses'?: string;
  readonly 'run'?: string;
  readonly 'if'?: string;
  readonly 'env'?: Record<string, string>;
  readonly 'working-directory'?: string;
}

export interface ActionRun {
  /** The step outputs the run step wrote to GITHUB_OUTPUT. */
  readonly outputs: Record<string, string>;
  readonly summary: string;
  readonly log: string;
  /** The `uses:` steps that were not run (the cache). */
  readonly skipped: string[];
  /** What the steps wrote to GITHUB_PATH and GITHUB_ENV, which would change the job's later steps. */
  readonly jobPath: string;
  readonly jobEnv: string;
}

/**
 * Runs an action checkout the way a runner runs its composite action.yml:
 * each `run:` step through bash, with `${{ github.action_path }}`,
 * `${{ inputs.* }}` (or their defaults) and step outputs substituted, and
 * GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, GITHUB_PATH, GITHUB_ENV and RUNNER_TEMP
 * set. `uses:` steps (actions/cache) are not run: there is no cache, so the
 * install step runs. The Node step looks in the RUNNER_TOOL_CACHE of `env`.
 */
export function runActionYml(actionPath: string, inputs: Record<string, string>, env: NodeJS.ProcessEnv, workspace: string): ActionRun {
  const action = parse(fs.readFileSync(path.join(actionPath, 'action.yml'), 'utf8')) as {
    inputs: Record<string, { default?: string }>;
    runs: { steps: Step[] };
  };
  const temp = fs.mkdtempSync(path.join(workspace, '..', 'runner-temp-'));
  const summaryFile = path.join(temp, 'summary.md');
  fs.writeFileSync(summaryFile, '');
  const pathFile = path.join(temp, 'path');
  const envFile = path.join(temp, 'env');
  fs.writeFileSync(pathFile, '');
  fs.writeFileSync(envFile, '');
  const stepOutputs: Record<string, Record<string, string>> = {};
  const skipped: string[] = [];
  let log = '';

  const substitute = (text: string) => text.replace(/\$\{\{\s*([^}]+?)\s*\}\}/g, (_, expression: string) => {
    if (expression === 'github.action_path') {
      return actionPath;
    }
    const input = /^inputs\.([\w-]+)$/.exec(expression);
    if (input) {
      return inputs[input[1]] ?? action.inputs[input[1]]?.default ?? '';
    }
    const output = /^steps\.([\w-]+)\.outputs\.([\w-]+)$/.exec(expression);
    if (output) {
      return stepOutputs[output[1]]?.[output[2]] ?? '';
    }
    throw new Error(`runActionYml: no value for \${{ ${expression} }}`);
  });

  for (const step of action.runs.steps) {
    if (step.uses) {
      skipped.push(step.uses);
      continue;
    }
    if (step.if && step.if !== "steps.cache.outputs.cache-hit != 'true'") {
      throw new Error(`runActionYml: cannot evaluate if: ${step.if}`);
    }
    const outputFile = path.join(temp, `output-${step.id ?? 'step'}`);
    fs.writeFileSync(outputFile, '');
    const stepEnv: NodeJS.ProcessEnv = {
      ...env,
      GITHUB_ACTION_PATH: actionPath,
      GITHUB_WORKSPACE: workspace,
      GITHUB_OUTPUT: outputFile,
      GITHUB_STEP_SUMMARY: summaryFile,
      GITHUB_PATH: pathFile,
      GITHUB_ENV: envFile,
      RUNNER_TEMP: temp,
    };
    for (const [key, value] of Object.entries(step.env ?? {})) {
      stepEnv[key] = substitute(value);
    }
    // A runner substitutes expressions in `run:` too.
    const result = spawnSync('bash', ['-e', '-c', substitute(step.run!)], {
      cwd: step['working-directory'] ? substitute(step['working-directory']) : workspace,
      env: stepEnv,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    log += `--- ${step.name}\n${result.stdout}${result.stderr}`;
    if (result.status !== 0) {
      throw new Error(`Step "${step.name}" failed (${result.status}):\n${log}`);
    }
    if (step.id) {
      stepOutputs[step.id] = parseOutputs(fs.readFileSync(outputFile, 'utf8'));
    }
  }
  return {
    outputs: stepOutputs.run ?? {},
    summary: fs.readFileSync(summaryFile, 'utf8'),
    log,
    skipped,
    jobPath: fs.readFileSync(pathFile, 'utf8'),
    jobEnv: fs.readFileSync(envFile, 'utf8'),
  };
}

/** GITHUB_OUTPUT holds `name=value` lines and `name<<DELIMITER` blocks. */
export function parseOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const block = /^([\w-]+)<<(.+)$/.exec(lines[i]);
    if (block) {
      const end = lines.indexOf(block[2], i + 1);
      outputs[block[1]] = lines.slice(i + 1, end).join('\n');
      i = end;
      continue;
    }
    const single = /^([\w-]+)=(.*)$/.exec(lines[i]);
    if (single) {
      outputs[single[1]] = single[2];
    }
  }
  return outputs;
}
