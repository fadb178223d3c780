import * as fs from 'fs';

/** The pull request a run belongs to. */
export interface PullRequest {
  readonly owner: string;
  readonly repo: string;
  readonly number: number;
}

/** The comments of one pull request (an issue, to the REST API); tests replace it. */
export interface IssueComments {
  list(): Promise<Array<{ readonly id: number; readonly body?: string | null }>>;
  create(body: string): Promise<void>;
  update(commentId: number, body: string): Promise<void>;
}

/** Where the outcome goes: @actions/core in a workflow. */
export interface CommentLog {
  info(message: string): void;
  notice(message: string): void;
  warning(message: string): void;
}

/**
 * The pull request of a `pull_request` (or `pull_request_target`) run, read
 * from the event payload the runner writes; undefined for any other event.
 */
export function pullRequestOf(env: NodeJS.ProcessEnv): PullRequest | undefined {
  if (env.GITHUB_EVENT_NAME !== 'pull_request' && env.GITHUB_EVENT_NAME !== 'pull_request_target') {
    return undefined;
  }
  const [owner, repo] = (env.GITHUB_REPOSITORY ?? '').split('/');
  if (!owner || !repo || !env.GITHUB_EVENT_PATH || !fs.existsSync(env.GITHUB_EVENT_PATH)) {
    return undefined;
  }
  const payload = JSON.parse(fs.readFileSync(env.GITHUB_EVENT_PATH, 'utf8')) as { pull_request?: { number?: number }; number?: number };
  const number = payload.pull_request?.number ?? payload.number;
  return typeof number === 'number' ? { owner, repo, number } : undefined;
}

/**
 * The REST endpoints through @actions/github's Octokit, at GITHUB_API_URL
 * (GitHub Enterprise Server has its own). Octokit is loaded on first use: it
 * is an ES module, which Node 22 requires but Jest's module loader cannot, so
 * the action's other modules stay testable in Jest.
 */
export function octokitComments(token: string, pullRequest: PullRequest, env: NodeJS.ProcessEnv): IssueComments {
  let loaded: Promise<ReturnType<typeof import('@actions/github').getOctokit>> | undefined;
  const octokit = () => {
    loaded ??= import('@actions/github').then(({ getOctokit }) => getOctokit(token, { baseUrl: env.GITHUB_API_URL || 'https://api.github.com' }));
    return loaded;
  };
  const issue = { owner: pullRequest.owner, repo: pullRequest.repo, issue_number: pullRequest.number };
  return {
    list: async () => {
      const client = await octokit();
      return client.paginate(client.rest.issues.listComments, { ...issue, per_page: 100 });
    },
    create: async (body) => {
      await (await octokit()).rest.issues.createComment({ ...issue, body });
    },
    update: async (commentId, body) => {
      await (await octokit()).rest.issues.updateComment({ owner: pullRequest.owner, repo: pullRequest.repo, comment_id: commentId, body });
    },
  };
}

/** The hidden line that finds a stack's comment again on the next run. */
export function commentMarker(stackName: string): string {
  return `<!-- sso-client-vpn-bastion:diff:${stackName} -->`;
}

/**
 * One comment per stack, created on the first run and updated in place on
 * the next ones. A token that may not write (a pull request from a fork gets
 * a read-only GITHUB_TOKEN) leaves the preview in the job summary only, with
 * a notice: the diff itself did not fail.
 */
export async function commentOnPullRequest(
  comments: IssueComments,
  pullRequest: PullRequest,
  bodies: Array<{ readonly stackName: string; readonly markdown: string }>,
  log: CommentLog,
): Promise<void> {
  try {
    const existing = await comments.list();
    for (const { stackName, markdown } of bodies) {
      const marker = commentMarker(stackName);
      const body = `${marker}\n${markdown}`;
      const found = existing.find((comment) => comment.body?.includes(marker));
      if (found) {
        await comments.update(found.id, body);
        log.info(`Updated the diff comment of ${stackName} on pull request #${pullRequest.number}.`);
      } else {
        await comments.create(body);
        log.info(`Commented the diff of ${stackName} on pull request #${pullRequest.number}.`);
      }
    }
  } catch (error) {
    const status = (error as { status?: number }).status;
    if (status === 403 || status === 404) {
      log.notice(
        `The diff is in the job summary only: the github-token may not comment on pull request #${pullRequest.number} (HTTP ${status}). ` +
        'A pull request from a fork gets a read-only token; for the repository\'s own pull requests, give the job `permissions: { pull-requests: write }`.',
      );
      return;
    }
    log.warning(`Commenting the diff on pull request #${pullRequest.number} failed (${(error as Error).message}); the diff is in the job summary.`);
  }
}
