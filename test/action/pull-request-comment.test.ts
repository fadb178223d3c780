import { execFile } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import type { AddressInfo } from 'net';
import * as os from 'os';
import * as path from 'path';
import { promisify } from 'util';
import { commentMarker, commentOnPullRequest, pullRequestOf } from '../../action/src/pull-request-comment';
import type { IssueComments } from '../../action/src/pull-request-comment';

const ROOT = path.join(__dirname, '..', '..');
/** A stack in the account and region these tests comment on. */
const at = (stackName: string) => ({ stackName, region: 'ap-northeast-1', account: '123456789012' });

/**
 * The three GitHub REST endpoints the comment uses, on 127.0.0.1, with the
 * comments of one pull request in memory. `readOnly` answers writes as
 * GitHub answers a fork's read-only GITHUB_TOKEN.
 */
class GitHubApi {
  public readonly comments: Array<{ id: number; body: string; user?: { login: string; type: string } }> = [{ id: 1, body: 'LGTM', user: { login: 'octocat', type: 'User' } }];
  public readonly requests: string[] = [];
  public readonly authorizations = new Set<string>();
  public readOnly = false;
  private nextId = 100;
  private readonly server = http.createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => { body += chunk; });
    request.on('end', () => this.answer(request, body, response));
  });

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    await new Promise((resolve) => this.server.close(resolve));
  }

  private answer(request: http.IncomingMessage, body: string, response: http.ServerResponse): void {
    const url = new URL(request.url!, 'http://localhost');
    this.requests.push(`${request.method} ${url.pathname}`);
    this.authorizations.add(request.headers.authorization ?? '');
    const send = (status: number, json: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(json));
    };
    const forbidden = () => send(403, { message: 'Resource not accessible by integration', documentation_url: 'https://docs.github.com/rest' });
    if (request.method === 'GET' && url.pathname === '/user') {
      // As GitHub answers an installation token such as GITHUB_TOKEN.
      return forbidden();
    }
    if (request.method === 'GET' && url.pathname === '/repos/octo/infra/issues/7/comments') {
      return send(200, this.comments);
    }
    if (request.method === 'POST' && url.pathname === '/repos/octo/infra/issues/7/comments') {
      if (this.readOnly) return forbidden();
      const comment = { id: this.nextId++, body: JSON.parse(body).body as string, user: { login: 'github-actions[bot]', type: 'Bot' } };
      this.comments.push(comment);
      return send(201, comment);
    }
    const update = /^\/repos\/octo\/infra\/issues\/comments\/(\d+)$/.exec(url.pathname);
    if (request.method === 'PATCH' && update) {
      if (this.readOnly) return forbidden();
      const comment = this.comments.find((c) => c.id === Number(update[1]));
      if (!comment) return send(404, { message: 'Not Found' });
      comment.body = JSON.parse(body).body;
      return send(200, comment);
    }
    send(404, { message: `no route ${request.method} ${url.pathname}` });
  }
}

function pullRequestEvent(): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'event-')), 'event.json');
  fs.writeFileSync(file, JSON.stringify({ action: 'synchronize', number: 7, pull_request: { number: 7 } }));
  return file;
}

describe('the pull request comment, through Octokit against a local GitHub API', () => {
  const api = new GitHubApi();
  let baseUrl: string;
  const eventPath = pullRequestEvent();

  /** The driver in a Node process of its own, as the bundle runs: Octokit is an ES module. */
  async function comment(stacks: Array<{ stackName: string; markdown: string }>): Promise<string[]> {
    const bodies = stacks.map((stack) => ({ ...at(stack.stackName), markdown: stack.markdown }));
    const { stdout } = await promisify(execFile)(process.execPath, ['-r', 'ts-node/register/transpile-only', 'test/action/pull-request-comment-driver.ts'], {
      cwd: ROOT,
      env: {
        ...process.env,
        GITHUB_API_URL: baseUrl,
        GITHUB_EVENT_NAME: 'pull_request',
        GITHUB_EVENT_PATH: eventPath,
        GITHUB_REPOSITORY: 'octo/infra',
        DRIVER_TOKEN: 'ghs_token',
        DRIVER_BODIES: JSON.stringify(bodies),
        NODE_NO_WARNINGS: '1',
      },
    });
    return JSON.parse(stdout);
  }

  beforeAll(async () => {
    baseUrl = await api.start();
  });
  afterAll(() => api.stop());

  test('the first run creates one comment per stack, each with its hidden marker', async () => {
    const log = await comment([{ stackName: 'Bastion', markdown: 'first' }, { stackName: 'BastionDev', markdown: 'dev first' }]);
    expect(log).toEqual(['info: Commented the diff of Bastion on pull request #7.', 'info: Commented the diff of BastionDev on pull request #7.']);
    // GET /user tells who the token writes as; the GITHUB_TOKEN may not read it (403): github-actions[bot].
    expect(api.requests).toEqual(['GET /repos/octo/infra/issues/7/comments', 'GET /user', 'POST /repos/octo/infra/issues/7/comments', 'POST /repos/octo/infra/issues/7/comments']);
    expect(api.comments.map((c) => c.body)).toEqual(['LGTM', `${commentMarker(at('Bastion'))}\nfirst`, `${commentMarker(at('BastionDev'))}\ndev first`]);
    expect([...api.authorizations]).toEqual(['token ghs_token']);
  }, 60_000);

  test('the second run updates the same comments in place', async () => {
    api.requests.length = 0;
    const log = await comment([{ stackName: 'Bastion', markdown: 'second' }, { stackName: 'BastionDev', markdown: 'dev second' }]);
    expect(log).toEqual(['info: Updated the diff comment of Bastion on pull request #7.', 'info: Updated the diff comment of BastionDev on pull request #7.']);
    expect(api.requests).toEqual(['GET /repos/octo/infra/issues/7/comments', 'GET /user', 'PATCH /repos/octo/infra/issues/comments/100', 'PATCH /repos/octo/infra/issues/comments/101']);
    expect(api.comments.map((c) => c.body)).toEqual(['LGTM', `${commentMarker(at('Bastion'))}\nsecond`, `${commentMarker(at('BastionDev'))}\ndev second`]);
  }, 60_000);

  test('a token that may not write (a fork\'s pull request) gets a notice, not a failure', async () => {
    api.readOnly = true;
    const log = await comment([{ stackName: 'Other', markdown: 'third' }]);
    expect(log).toEqual([
      'notice: The diff is in the job summary only: the github-token may not comment on pull request #7 (HTTP 403). ' +
      'A pull request from a fork gets a read-only token; for the repository\'s own pull requests, give the job `permissions: { pull-requests: write }`.',
    ]);
    expect(api.comments).toHaveLength(3);
  }, 60_000);
});

describe('the pull request comment', () => {
  const memory = (): IssueComments & { bodies: string[] } => {
    const bodies: string[] = [];
    return {
      bodies,
      list: async () => bodies.map((body, id) => ({ id, body, user: { login: 'github-actions[bot]', type: 'Bot' } })),
      create: async (body) => { bodies.push(body); },
      update: async (id, body) => { bodies[id] = body; },
    };
  };
  const log = () => {
    const lines: string[] = [];
    return { lines, info: (m: string) => lines.push(`info: ${m}`), notice: (m: string) => lines.push(`notice: ${m}`), warning: (m: string) => lines.push(`warning: ${m}`) };
  };

  test('a stack whose name starts like another\'s finds its own comment', async () => {
    const comments = memory();
    await commentOnPullRequest(comments, { owner: 'o', repo: 'r', number: 1 }, [{ ...at('BastionDev'), markdown: 'a' }], log());
    await commentOnPullRequest(comments, { owner: 'o', repo: 'r', number: 1 }, [{ ...at('Bastion'), markdown: 'b' }], log());
    expect(comments.bodies).toEqual([`${commentMarker(at('BastionDev'))}\na`, `${commentMarker(at('Bastion'))}\nb`]);
  });

  const here = { stackName: 'Bastion', region: 'ap-northeast-1', account: '111111111111' };

  test('one comment per account, region and stack: the same stack name in another region or account gets its own', async () => {
    const comments = memory();
    const pr = { owner: 'o', repo: 'r', number: 1 };
    await commentOnPullRequest(comments, pr, [{ ...here, markdown: 'tokyo' }], log());
    await commentOnPullRequest(comments, pr, [{ ...here, region: 'eu-west-1', markdown: 'ireland' }], log());
    await commentOnPullRequest(comments, pr, [{ ...here, account: '222222222222', markdown: 'other account' }], log());
    await commentOnPullRequest(comments, pr, [{ ...here, markdown: 'tokyo again' }], log());
    expect(comments.bodies).toEqual([
      '<!-- sso-client-vpn-bastion:diff:111111111111/ap-northeast-1/Bastion -->\ntokyo again',
      '<!-- sso-client-vpn-bastion:diff:111111111111/eu-west-1/Bastion -->\nireland',
      '<!-- sso-client-vpn-bastion:diff:222222222222/ap-northeast-1/Bastion -->\nother account',
    ]);
  });

  test('a comment that carries the marker but was written by someone else is left alone: the action writes its own', async () => {
    const bodies = [`${commentMarker(here)}\nplease deploy my change`];
    const authors = ['mallory'];
    const comments: IssueComments = {
      list: async () => bodies.map((body, id) => ({ id, body, user: { login: authors[id], type: authors[id].endsWith('[bot]') ? 'Bot' : 'User' } })),
      create: async (body) => {
        bodies.push(body);
        authors.push('github-actions[bot]');
      },
      update: async (id, body) => { bodies[id] = body; },
    };
    const pr = { owner: 'o', repo: 'r', number: 1 };
    await commentOnPullRequest(comments, pr, [{ ...here, markdown: 'the real diff' }], log());
    await commentOnPullRequest(comments, pr, [{ ...here, markdown: 'the next diff' }], log());
    expect(bodies).toEqual([`${commentMarker(here)}\nplease deploy my change`, `${commentMarker(here)}\nthe next diff`]);
  });

  test('another failure of the API is a warning: the diff is in the summary all the same', async () => {
    const output = log();
    const failing: IssueComments = { list: async () => { throw Object.assign(new Error('Server Error'), { status: 502 }); }, create: async () => undefined, update: async () => undefined };
    await commentOnPullRequest(failing, { owner: 'o', repo: 'r', number: 3 }, [{ ...at('S'), markdown: 'x' }], output);
    expect(output.lines).toEqual(['warning: Commenting the diff on pull request #3 failed (Server Error); the diff is in the job summary.']);
  });

  test('the pull request comes from the event payload of pull_request and pull_request_target runs only', () => {
    const eventPath = pullRequestEvent();
    expect(pullRequestOf({ GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: eventPath, GITHUB_REPOSITORY: 'octo/infra' })).toEqual({ owner: 'octo', repo: 'infra', number: 7 });
    expect(pullRequestOf({ GITHUB_EVENT_NAME: 'pull_request_target', GITHUB_EVENT_PATH: eventPath, GITHUB_REPOSITORY: 'octo/infra' })?.number).toBe(7);
    expect(pullRequestOf({ GITHUB_EVENT_NAME: 'push', GITHUB_EVENT_PATH: eventPath, GITHUB_REPOSITORY: 'octo/infra' })).toBeUndefined();
    expect(pullRequestOf({ GITHUB_EVENT_NAME: 'pull_request', GITHUB_REPOSITORY: 'octo/infra' })).toBeUndefined();
  });
});
