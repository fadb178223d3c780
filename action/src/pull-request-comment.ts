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
  /**
   * Deletes a comment (a duplicate that two racing runs left). Optional so
   * that a stand-in without it still comments; then a duplicate is only logged.
   */
  delete?(commentId: number): Promise<void>;
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
    delete: async (commentId) => {
      await (await octokit()).rest.issues.deleteComment({ owner: pullRequest.owner, repo: pullRequest.repo, comment_id: commentId });
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
 * The comments of a stack that this action wrote, oldest (lowest id) first:
 * the marker alone is not enough, as anyone can paste it into a comment of
 * their own. More than one only when two runs raced.
 */
function ownComments(existing: IssueComment[], marker: string, author: string): IssueComment[] {
  return existing
    .filter((comment) => comment.body?.startsWith(`${marker}\n`) && comment.user?.login === author)
    .sort((a, b) => a.id - b.id);
}

/**
 * GitHub refuses a comment body longer than this (HTTP 422, "Body is too long
 * (maximum is 65536 characters)"). It counts characters, not UTF-16 code
 * units: an emoji is one. 65,536 of them are also within the 262,144 UTF-8
 * bytes that some measure as the limit, as no character takes more than 4.
 */
export const COMMENT_LIMIT = 65_536;

/** Characters as GitHub counts them: Unicode code points. */
function characters(text: string): number {
  let count = 0;
  for (const _ of text) {
    count++;
  }
  return count;
}

/** The run of a workflow, GITHUB_SERVER_URL/GITHUB_REPOSITORY/actions/runs/GITHUB_RUN_ID; undefined outside one. */
export function runUrlOf(env: NodeJS.ProcessEnv): string | undefined {
  const { GITHUB_SERVER_URL: server = 'https://github.com', GITHUB_REPOSITORY: repository, GITHUB_RUN_ID: runId } = env;
  return repository && runId ? `${server}/${repository}/actions/runs/${runId}` : undefined;
}

/** The last line of a comment that was cut: where the whole preview is. */
function cutNote(runUrl: string | undefined): string {
  return '> **Cut.** This preview is longer than a comment on GitHub may be (65,536 characters) and stops here; ' +
    `the full diff is in the job summary of ${runUrl ? `[the run](${runUrl})` : 'the run'}.`;
}

/** A cut note at the end of a comment's body, with the blank line before it. */
const CUT_NOTE = /\n(> \*\*Cut\.\*\* [^\n]*)\n$/;

/**
 * `head` (the marker, a stale note) and as many whole lines of `markdown` as
 * fit within COMMENT_LIMIT, then `note`. A comment is read from the top and
 * previewMarkdown puts the heading and the live resources replaced or
 * destroyed first, so the end goes. Cut on a line boundary, so never inside a
 * table row; a table is not left with its header row alone; a `<details>`
 * block cut open is closed. The limit is measured on the final body.
 */
function cutToFit(head: string, markdown: string, note: string): string {
  const lines = markdown.split('\n');
  const body = (kept: string[]) => {
    const open = kept.reduce((depth, line) => Math.max(0, depth + (line.match(/<details[\s>]/g)?.length ?? 0) - (line.match(/<\/details>/g)?.length ?? 0)), 0);
    return `${head}${kept.map((line) => `${line}\n`).join('')}${'\n</details>\n'.repeat(open)}\n${note}\n`;
  };
  // Greedy on a running count (each line and its newline, the closing tags
  // it leaves owed), then checked on the body itself.
  const fixed = characters(body([]));
  const closing = characters('\n</details>\n');
  let used = fixed;
  let depth = 0;
  let count = 0;
  for (const line of lines) {
    const next = Math.max(0, depth + (line.match(/<details[\s>]/g)?.length ?? 0) - (line.match(/<\/details>/g)?.length ?? 0));
    if (used + characters(line) + 1 + next * closing > COMMENT_LIMIT) {
      break;
    }
    used += characters(line) + 1;
    depth = next;
    count++;
  }
  let kept = lines.slice(0, count);
  while (kept.length > 0 && characters(body(kept)) > COMMENT_LIMIT) {
    kept = kept.slice(0, -1);
  }
  // A table's header row without the delimiter row under it is no table.
  if (kept.length > 0 && kept[kept.length - 1].startsWith('|') && /^\|[-:| ]+\|$/.test(lines[kept.length] ?? '')) {
    kept = kept.slice(0, -1);
  }
  return body(kept);
}

/** Deletes a comment; one that another run deleted first (404) is gone all the same. */
async function deleteComment(comments: IssueComments, commentId: number): Promise<boolean> {
  if (!comments.delete) {
    return false;
  }
  try {
    await comments.delete(commentId);
  } catch (error) {
    if ((error as { status?: number }).status !== 404) {
      throw error;
    }
  }
  return true;
}

/**
 * Two runs for the same pull request (two pushes in quick succession) can
 * both list before either creates, and then both create: GitHub's REST API
 * has no conditional create. So after creating, each run lists again, and
 * when it finds more than one comment of its own for a stack, keeps the
 * oldest (lowest id, its place in the conversation) with the body of the
 * newest (the run that created last) and deletes the others. Whichever run
 * created last sees every comment created before its own, so at least that
 * one settles; both settling write the same body, and a second delete finds
 * 404. The newest body wins only in creation order: a workflow should not run
 * twice at once for one pull request (`concurrency`).
 */
async function settleRace(comments: IssueComments, markers: Map<string, string>, author: string, log: CommentLog): Promise<void> {
  const existing = await comments.list();
  for (const [marker, stackName] of markers) {
    const [kept, ...others] = ownComments(existing, marker, author);
    if (others.length === 0) {
      continue;
    }
    const newest = others[others.length - 1];
    if (newest.body !== kept.body) {
      await comments.update(kept.id, newest.body!);
    }
    const removed: number[] = [];
    for (const other of others) {
      if (await deleteComment(comments, other.id)) {
        removed.push(other.id);
      }
    }
    log.info(removed.length === others.length
      ? `Another run commented the diff of ${stackName} at the same time: kept comment ${kept.id}, deleted ${removed.join(', ')}.`
      : `Another run commented the diff of ${stackName} at the same time: kept comment ${kept.id}; could not delete ${others.map((c) => c.id).join(', ')}.`);
  }
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
  env: NodeJS.ProcessEnv = process.env,
): Promise<void> {
  try {
    const existing = await comments.list();
    const author = (await comments.viewer?.()) ?? GITHUB_ACTIONS_BOT;
    const created = new Map<string, string>();
    for (const { markdown, ...stack } of bodies) {
      const { stackName } = stack;
      const marker = commentMarker(stack);
      let body = `${marker}\n${markdown}`;
      if (characters(body) > COMMENT_LIMIT) {
        body = cutToFit(`${marker}\n`, markdown, cutNote(runUrlOf(env)));
        log.info(`The diff of ${stackName} is too long for a comment: the comment is cut, the job summary has it whole.`);
      }
      const [found, ...duplicates] = ownComments(existing, marker, author);
      if (found) {
        await comments.update(found.id, body);
        log.info(`Updated the diff comment of ${stackName} on pull request #${pullRequest.number}.`);
        // Left by an earlier race that did not settle: this body is the newest.
        for (const duplicate of duplicates) {
          await deleteComment(comments, duplicate.id);
        }
      } else {
        await comments.create(body);
        created.set(marker, stackName);
        log.info(`Commented the diff of ${stackName} on pull request #${pullRequest.number}.`);
      }
    }
    if (created.size > 0) {
      await settleRace(comments, created, author, log);
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
      await comments.update(comment.id, staleBody(`${marker}\n${note}\n\n`, withoutHeader(comment.body!, marker)));
      log.info(`Marked the diff comment ${comment.id} stale: the diff of this commit failed.`);
    }
  } catch (error) {
    log.warning(`Marking the earlier diff comments stale failed (${(error as Error).message}).`);
  }
}

/**
 * A stale note on top of a preview that was at the limit would push it over:
 * cut again, keeping the note that says where the whole preview is.
 */
function staleBody(head: string, preview: string): string {
  const whole = `${head}${preview}`;
  if (characters(whole) <= COMMENT_LIMIT) {
    return whole;
  }
  const cut = CUT_NOTE.exec(preview);
  return cut ? cutToFit(head, preview.slice(0, cut.index), cut[1]) : cutToFit(head, preview, cutNote(undefined));
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
