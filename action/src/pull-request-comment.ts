import * as fs from 'fs';

/** The pull request a run belongs to. */
export interface PullRequest {
  readonly owner: string;
  readonly repo: string;
  readonly number: number;
}

/** One comment, as the REST API lists it. */
export interface IssueComment {
  readonly id: number;
  readonly body?: string | null;
  readonly user?: { readonly login?: string; readonly type?: string } | null;
}

/** The comments of one pull request (an issue, to the REST API); tests replace it. */
export interface IssueComments {
  list(): Promise<IssueComment[]>;
  create(body: string): Promise<void>;
  update(commentId: number, body: string): Promise<void>;
  /** The login the token writes as; the GITHUB_TOKEN's (github-actions[bot]) when absent or unknown. */
  viewer?(): Promise<string | undefined>;
}

/** The stack a comment is about: one comment per account, region and stack. */
export interface CommentedStack {
  readonly stackName: string;
  readonly region: string;
  /** Unknown for an environment-agnostic stack that does not exist yet. */
  readonly account?: string;
}

/** Who writes with a workflow's GITHUB_TOKEN. */
const GITHUB_ACTIONS_BOT = 'github-actions[bot]';

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
    viewer: async () => {
      try {
        return (await (await octokit()).rest.users.getAuthenticated()).data.login;
      } catch {
        // The GITHUB_TOKEN (an installation token) may not read /user.
        return undefined;
      }
    },
  };
}

/** The hidden line that finds a stack's comment again on the next run: one per account, region and stack. */
export function commentMarker(stack: CommentedStack): string {
  return `<!-- sso-client-vpn-bastion:diff:${stack.account ?? 'unknown-account'}/${stack.region}/${stack.stackName} -->`;
}

/**
 * The comment of a stack that this action wrote: the marker alone is not
 * enough, as anyone can paste it into a comment of their own.
 */
function ownComment(existing: IssueComment[], marker: string, author: string): IssueComment | undefined {
  return existing.find((comment) => comment.body?.startsWith(`${marker}\n`) && comment.user?.login === author);
}

/** A comment's body without its marker and an earlier stale note. */
function withoutHeader(body: string, marker: string): string {
  return body.slice(marker.length + 1).replace(/^> \*\*Stale\.\*\*[^\n]*\n\n/, '');
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
  bodies: Array<CommentedStack & { readonly markdown: string }>,
  log: CommentLog,
): Promise<void> {
  try {
    const existing = await comments.list();
    const author = (await comments.viewer?.()) ?? GITHUB_ACTIONS_BOT;
    for (const { markdown, ...stack } of bodies) {
      const { stackName } = stack;
      const marker = commentMarker(stack);
      const body = `${marker}\n${markdown}`;
      const found = ownComment(existing, marker, author);
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

/**
 * After a failed diff: this action's earlier comments on the named stacks in
 * the region (of any account) say, at their top, that they show an earlier
 * commit and that the diff of this one failed, so that nobody approves a
 * preview that no longer holds. Best effort: the run fails with its own error.
 */
export async function markCommentsStale(
  comments: IssueComments,
  stackNames: string[],
  region: string,
  failure: { readonly commit?: string; readonly runUrl?: string; readonly message: string },
  log: CommentLog,
): Promise<void> {
  try {
    const existing = await comments.list();
    const author = (await comments.viewer?.()) ?? GITHUB_ACTIONS_BOT;
    const pattern = new RegExp(`^<!-- sso-client-vpn-bastion:diff:[^/]+/${escape(region)}/(${stackNames.map(escape).join('|')}) -->\n`);
    const reason = failure.message.split('\n')[0].slice(0, 300);
    for (const comment of existing) {
      const marker = pattern.exec(comment.body ?? '')?.[0].slice(0, -1);
      if (marker === undefined || comment.user?.login !== author) {
        continue;
      }
      const note = `> **Stale.** The diff of commit ${failure.commit?.slice(0, 7) ?? 'of a later push'} failed` +
        `${failure.runUrl ? ` ([run](${failure.runUrl}))` : ''}: ${reason} What follows is the preview of an earlier commit.`;
      await comments.update(comment.id, `${marker}\n${note}\n\n${withoutHeader(comment.body!, marker)}`);
      log.info(`Marked the diff comment ${comment.id} stale: the diff of this commit failed.`);
    }
  } catch (error) {
    log.warning(`Marking the earlier diff comments stale failed (${(error as Error).message}).`);
  }
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
