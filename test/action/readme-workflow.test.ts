import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse } from 'yaml';

/**
 * The action's example workflow (docs/action.md, linked from README) against
 * what the repository really provides: the tag its `uses:` line names must be
 * one the release workflow makes, and its concurrency group must keep two runs
 * on one stack apart.
 */
const ROOT = path.join(__dirname, '..', '..');
const ACTION_PAGE = fs.readFileSync(path.join(ROOT, 'docs', 'action.md'), 'utf8');
/** README and every docs page: wherever an example names the action. */
const PAGES = ['README.md', ...fs.readdirSync(path.join(ROOT, 'docs')).filter((file) => file.endsWith('.md')).map((file) => path.join('docs', file))]
  .map((file) => fs.readFileSync(path.join(ROOT, file), 'utf8'));

interface WorkflowStep {
  readonly name?: string;
  readonly uses?: string;
  readonly run?: string;
  readonly if?: string;
  readonly env?: Record<string, string>;
  readonly with?: Record<string, string>;
}
interface WorkflowJob {
  readonly needs?: string[];
  readonly if?: string;
  readonly permissions?: Record<string, string>;
  readonly steps: WorkflowStep[];
}
interface Workflow {
  readonly on?: { workflow_dispatch?: { inputs?: Record<string, { default?: string }> } };
  readonly concurrency?: { 'group': string; 'cancel-in-progress'?: boolean };
  readonly jobs: Record<string, WorkflowJob>;
}

/** The example workflow: the first YAML block of docs/action.md. */
function readmeWorkflow(): Workflow {
  const section = ACTION_PAGE.slice(ACTION_PAGE.indexOf('# The GitHub Action'));
  const block = /```yaml\n([\s\S]*?)```/.exec(section)![1];
  return parse(block) as Workflow;
}

function actionStep(workflow: Workflow): WorkflowStep {
  const steps = Object.values(workflow.jobs).flatMap((job) => job.steps);
  return steps.find((step) => step.uses?.startsWith('sso-client-vpn-bastion/sso-client-vpn-bastion@'))!;
}

const release = parse(fs.readFileSync(path.join(ROOT, '.github', 'workflows', 'release.yml'), 'utf8')) as Workflow;
const MAJOR_TAG_JOB = 'release_action_major_tag';

/**
 * Runs the release job's tag step as a runner would, with `git` replaced by a
 * recorder, for a release whose tag file holds `releaseTag`.
 * @returns the git commands it ran
 */
function moveMajorTag(releaseTag: string): { status: number | null; git: string[]; output: string } {
  const step = release.jobs[MAJOR_TAG_JOB].steps.find((s) => s.run?.includes('git push'))!;
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'release-'));
  const bin = path.join(work, 'bin');
  fs.mkdirSync(bin);
  fs.writeFileSync(path.join(bin, 'git'), `#!/bin/sh\necho "$*" >> "${work}/git.log"\n`, { mode: 0o755 });
  fs.mkdirSync(path.join(work, 'dist'));
  fs.writeFileSync(path.join(work, 'dist', 'releasetag.txt'), releaseTag);
  fs.writeFileSync(path.join(work, 'git.log'), '');
  const result = spawnSync('bash', ['-e', '-c', step.run!], {
    cwd: work,
    env: { PATH: `${bin}:${process.env.PATH}`, GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567', ...step.env },
    encoding: 'utf8',
  });
  return { status: result.status, git: fs.readFileSync(path.join(work, 'git.log'), 'utf8').trim().split('\n').filter(Boolean), output: result.stdout + result.stderr };
}

describe('the release workflow', () => {
  test('moves the floating major tag after the GitHub release exists', () => {
    const job = release.jobs[MAJOR_TAG_JOB];
    expect(job).toBeDefined();
    expect(job.needs).toEqual(expect.arrayContaining(['release', 'release_github']));
    expect(job.permissions).toMatchObject({ contents: 'write' });
    expect(job.if).toBe(release.jobs.release_github.if);
  });

  test.each([
    ['v1.4.2', 'v1'],
    ['v0.3.0', 'v0'],
    ['v12.0.1', 'v12'],
  ])('a %s release moves %s to the released commit', (releaseTag, major) => {
    const { status, git } = moveMajorTag(releaseTag);
    expect(status).toBe(0);
    expect(git).toEqual([
      `tag --force ${major} 0123456789abcdef0123456789abcdef01234567`,
      `push --force origin refs/tags/${major}`,
    ]);
  });

  test('a prerelease moves nothing', () => {
    const { status, git } = moveMajorTag('v1.5.0-beta.1');
    expect(status).toBe(0);
    expect(git).toEqual([]);
  });

  test('refuses a tag file that is not vX.Y.Z, and moves nothing', () => {
    const { status, git, output } = moveMajorTag('release-7');
    expect(status).not.toBe(0);
    expect(git).toEqual([]);
    expect(output).toContain('release-7');
  });
});

describe('the example workflow of docs/action.md', () => {
  test('uses the floating tag the release workflow makes for this major version', () => {
    const tasks = JSON.parse(fs.readFileSync(path.join(ROOT, '.projen', 'tasks.json'), 'utf8'));
    // The release task bumps within this major version; tags are v<version>, with no prefix.
    const major = tasks.tasks.release.env.MAJOR as string;
    expect(major).toMatch(/^\d+$/);
    expect(tasks.tasks.bump.env.RELEASE_TAG_PREFIX).toBe('');
    const { git } = moveMajorTag(`v${major}.0.0`);
    const floating = /^tag --force (\S+) /.exec(git[0])![1];

    const repository = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).repository.url as string;
    const expected = `${/github\.com\/(.+?)(\.git)?$/.exec(repository)![1]}@${floating}`;
    expect(actionStep(readmeWorkflow()).uses).toBe(expected);
    // Every other example, in README and docs/, too.
    const all = PAGES.flatMap((page) => [...page.matchAll(/uses: (sso-client-vpn-bastion\/\S+)/g)].map((match) => match[1]));
    expect(all.length).toBeGreaterThan(0);
    expect(new Set(all)).toEqual(new Set([expected]));
  });

  test('queues runs per stack, not per branch', () => {
    const workflow = readmeWorkflow();
    const group = workflow.concurrency!.group;
    expect(group).not.toContain('github.ref');
    expect(workflow.concurrency!['cancel-in-progress']).toBe(false);
    // The group holds the very expression the step passes as stack-name.
    const stackName = actionStep(workflow).with!['stack-name'];
    expect(stackName).toMatch(/^\$\{\{.+\}\}$/);
    expect(group).toBe(`sso-client-vpn-bastion-${stackName}`);
    // Two branches deploying one stack get one group; two stacks get two.
    const evaluate = (stack: string) => group.replace(stackName, stack);
    expect(evaluate('SsoClientVpnBastion')).toBe('sso-client-vpn-bastion-SsoClientVpnBastion');
    expect(evaluate('A')).not.toBe(evaluate('B'));
    expect(workflow.on!.workflow_dispatch!.inputs!['stack-name'].default).toBe('SsoClientVpnBastion');
  });
});

describe('the review-then-deploy workflows of docs/action.md', () => {
  const section = ACTION_PAGE.slice(ACTION_PAGE.indexOf('## Review, then deploy what was reviewed'));
  const [review, deploy] = [...section.matchAll(/```yaml\n([\s\S]*?)```/g)].slice(0, 2).map((match) => ({ text: match[1], workflow: parse(match[1]) as Workflow }));
  const steps = (workflow: Workflow) => Object.values(workflow.jobs).flatMap((job) => job.steps);
  const ours = (workflow: Workflow) => steps(workflow).find((step) => step.uses?.startsWith('sso-client-vpn-bastion/sso-client-vpn-bastion@'))!;

  test('the review uploads the diff step\'s cloud-assembly output', () => {
    const diff = ours(review.workflow);
    expect(diff.with).toMatchObject({ mode: 'diff' });
    const upload = steps(review.workflow).find((step) => step.uses?.startsWith('actions/upload-artifact@'))!;
    expect(upload.with!.path).toBe(`\${{ steps.${(diff as { id?: string }).id}.outputs.cloud-assembly }}`);
  });

  test('the deploy downloads that artifact, by the same name, from the review\'s run, and deploys that directory', () => {
    const upload = steps(review.workflow).find((step) => step.uses?.startsWith('actions/upload-artifact@'))!;
    const download = steps(deploy.workflow).find((step) => step.uses?.startsWith('actions/download-artifact@'))!;
    expect(download.with!.name).toBe(upload.with!.name);
    expect(download.with!['run-id']).toBe('${{ steps.review.outputs.run-id }}');
    expect(ours(deploy.workflow).with).toEqual({ 'mode': 'deploy', 'cloud-assembly': download.with!.path });
    // The run it downloads from is the review workflow's, named by its file.
    expect(deploy.text).toContain(`--workflow ${/# \.github\/workflows\/(\S+)/.exec(review.text)![1]}`);
  });

  test('the action\'s inputs and outputs used there exist in action.yml', () => {
    const action = parse(fs.readFileSync(path.join(ROOT, 'action.yml'), 'utf8')) as { inputs: Record<string, unknown>; outputs: Record<string, unknown> };
    expect(Object.keys(action.inputs)).toContain('cloud-assembly');
    expect(Object.keys(action.outputs)).toContain('cloud-assembly');
    for (const name of Object.keys(ours(deploy.workflow).with!)) {
      expect(Object.keys(action.inputs)).toContain(name);
    }
  });
});
