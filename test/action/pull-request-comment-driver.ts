/**
 * Runs the pull request comment through @actions/github's real Octokit, in a
 * process of its own: Octokit is an ES module, which Node requires but Jest's
 * module loader cannot. pull-request-comment.test.ts starts it with
 * GITHUB_API_URL pointing at a local server; it prints what the action logged.
 */
import * as fs from 'fs';
import { commentOnPullRequest, octokitComments, pullRequestOf } from '../../action/src/pull-request-comment';

async function main(): Promise<void> {
  const log: string[] = [];
  const pullRequest = pullRequestOf(process.env)!;
  const bodies = JSON.parse(fs.readFileSync(process.env.DRIVER_BODIES_FILE!, 'utf8')) as Array<{ stackName: string; region: string; account?: string; markdown: string }>;
  await commentOnPullRequest(octokitComments(process.env.DRIVER_TOKEN!, pullRequest, process.env), pullRequest, bodies, {
    info: (message) => log.push(`info: ${message}`),
    notice: (message) => log.push(`notice: ${message}`),
    warning: (message) => log.push(`warning: ${message}`),
  });
  process.stdout.write(JSON.stringify(log));
}

void main();
