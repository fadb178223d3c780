import { execFile } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import type { AddressInfo } from 'net';
import * as os from 'os';
import * as path from 'path';
import { promisify } from 'util';
import { previewMarkdown } from '../../action/src/diff';
import type { StackPreview } from '../../action/src/diff';
import { COMMENT_LIMIT, commentMarker, commentOnPullRequest, markCommentsStale, pullRequestOf } from '../../action/src/pull-request-comment';
import type { IssueComments } from '../../action/src/pull-request-comment';

const ROOT = path.join(__dirname, '..', '..');
/** A stack in the account and region these tests comment on. */
const at = (stackName: string) => ({ stackName, region: 'ap-northeast-1', account: '123456789012' });
/** Characters as GitHub counts them in a comment body: code points. */
const characters = (text: string) => [...text].length;
/** The run these tests' comments link to. */
const RUN = { GITHUB_SERVER_URL: 'https://github.com', GITHUB_REPOSITORY: 'octo/infra', GITHUB_RUN_ID: '42' };

/**
 * The preview of a stack whose endpoint is replaced and which adds `count`
 * resources under `path(i)`: previewMarkdown's heading, live resources
 * section, then every change in a `<details>` table.
 */
function bigPreview(count: number, pathOf: (i: number) => string): string {
  const preview: StackPreview = {
    ...at('Bastion'),
    exists: true,
    lockouts: [],
    changes: [
      { logicalId: 'Endpoint', path: 'Bastion/Endpoint', type: 'AWS::EC2::ClientVpnEndpoint', action: 'replaced', properties: ['ClientCidrBlock'] },
      ...Array.from({ length: count }, (_, i) => ({ logicalId: `Group${i}`, path: pathOf(i), type: 'AWS::Logs::LogGroup', action: 'add' as const, properties: [] })),
    ],
    otherSections: [],
    cost: { before: 100, after: 100 },
    deployed: 'none',
    method: 'the templates',
  };
  return previewMarkdown(preview);
}

/**
 * The GitHub REST endpoints the comment uses, on 127.0.0.1, with the
 * comments of one pull request in memory. `readOnly` answers writes as
 * GitHub answers a fork's read-only GITHUB_TOKEN; a body over the limit is
 * refused as GitHub refuses it.
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
    const tooLong = (text: string) => characters(JSON.parse(text).body) > COMMENT_LIMIT;
    const refuseTooLong = () => send(422, {
      message: 'Validation Failed',
      errors: [{ resource: 'IssueComment', code: 'unprocessable', field: 'data', message: 'Body is too long (maximum is 65536 characters)' }],
    });
    if (request.method === 'GET' && url.pathname === '/user') {
      // As GitHub answers an installation token such as GITHUB_TOKEN.
      return forbidden();
    }
    if (request.method === 'GET' && url.pathname === '/repos/octo/infra/issues/7/comments') {
      return send(200, this.comments);
    }
    if (request.method === 'POST' && url.pathname === '/repos/octo/infra/issues/7/comments') {
      if (this.readOnly) return forbidden();
      if (tooLong(body)) return refuseTooLong();
      const comment = { id: this.nextId++, body: JSON.parse(body).body as string, user: { login: 'github-actions[bot]', type: 'Bot' } };
      this.comments.push(comment);
      return send(201, comment);
    }
    const update = /^\/repos\/octo\/infra\/issues\/comments\/(\d+)$/.exec(url.pathname);
    if (request.method === 'PATCH' && update) {
      if (this.readOnly) return forbidden();
      const comment = this.comments.find((c) => c.id === Number(update[1]));
      if (!comment) return send(404, { message: 'Not Found' });
      if (tooLong(body)) return refuseTooLong();
      comment.body = JSON.parse(body).body;
      return send(200, comment);
    }
    if (request.method === 'DELETE' && update) {
      if (this.readOnly) return forbidden();
      const index = this.comments.findIndex((c) => c.id === Number(update[1]));
      if (index < 0) return send(404, { message: 'Not Found' });
      this.comments.splice(index, 1);
      response.writeHead(204);
      response.end();
      return;
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
  async function comment(stacks: Array<{ stackName: string; markdown: string }>, env: NodeJS.ProcessEnv = {}): Promise<string[]> {
    const bodies = stacks.map((stack) => ({ ...at(stack.stackName), markdown: stack.markdown }));
    const bodiesFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'bodies-')), 'bodies.json');
    fs.writeFileSync(bodiesFile, JSON.stringify(bodies));
    const { stdout } = await promisify(execFile)(process.execPath, ['-r', 'ts-node/register/transpile-only', 'test/action/pull-request-comment-driver.ts'], {
      cwd: ROOT,
      env: {
        ...process.env,
        GITHUB_API_URL: baseUrl,
        GITHUB_EVENT_NAME: 'pull_request',
        GITHUB_EVENT_PATH: eventPath,
        GITHUB_REPOSITORY: 'octo/infra',
        DRIVER_TOKEN: 'ghs_token',
        // A file, not the environment: a variable holds 128 KiB at most.
        DRIVER_BODIES_FILE: bodiesFile,
        NODE_NO_WARNINGS: '1',
        // Not the run of a workflow that runs these tests.
        GITHUB_RUN_ID: '',
        ...env,
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
    // After creating, one more list: did another run create the same comments at the same time?
    expect(api.requests).toEqual([
      'GET /repos/octo/infra/issues/7/comments', 'GET /user', 'POST /repos/octo/infra/issues/7/comments', 'POST /repos/octo/infra/issues/7/comments',
      'GET /repos/octo/infra/issues/7/comments',
    ]);
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
    api.readOnly = false;
  }, 60_000);

  test('a preview longer than GitHub takes in a comment is cut to fit, and the API accepts it', async () => {
    api.requests.length = 0;
    const markdown = bigPreview(3000, (i) => `Logs/Group${i}`);
    expect(characters(markdown)).toBeGreaterThan(150_000);
    const log = await comment([{ stackName: 'Bastion', markdown }], RUN);
    expect(log).toEqual([
      'info: The diff of Bastion is too long for a comment: the comment is cut, the job summary has it whole.',
      'info: Updated the diff comment of Bastion on pull request #7.',
    ]);
    const body = api.comments.find((c) => c.id === 100)!.body;
    expect(characters(body)).toBeLessThanOrEqual(COMMENT_LIMIT);
    expect(body.startsWith(`${commentMarker(at('Bastion'))}\n### Changes to \`Bastion\``)).toBe(true);
    expect(body.endsWith('the full diff is in the job summary of [the run](https://github.com/octo/infra/actions/runs/42).\n')).toBe(true);
  }, 60_000);

  test('two comments left by an earlier race: the next run updates the oldest and deletes the other', async () => {
    api.comments.push({ id: 150, body: `${commentMarker(at('BastionDev'))}\nfrom a racing run`, user: { login: 'github-actions[bot]', type: 'Bot' } });
    api.requests.length = 0;
    const log = await comment([{ stackName: 'BastionDev', markdown: 'dev third' }]);
    expect(log).toEqual(['info: Updated the diff comment of BastionDev on pull request #7.']);
    expect(api.requests).toEqual(['GET /repos/octo/infra/issues/7/comments', 'GET /user', 'PATCH /repos/octo/infra/issues/comments/101', 'DELETE /repos/octo/infra/issues/comments/150']);
    expect(api.comments.filter((c) => c.body.startsWith(commentMarker(at('BastionDev'))))).toEqual([
      { id: 101, body: `${commentMarker(at('BastionDev'))}\ndev third`, user: { login: 'github-actions[bot]', type: 'Bot' } },
    ]);
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

  /** The parts of a cut comment that must hold whatever was cut. */
  function expectCutWell(body: string, markdown: string): void {
    expect(characters(body)).toBeLessThanOrEqual(COMMENT_LIMIT);
    // Not cut more than it must be: the note, a closing tag and a line at most are the difference.
    expect(characters(body)).toBeGreaterThan(COMMENT_LIMIT - 600);
    const marker = commentMarker(at('Bastion'));
    const [kept, note] = body.slice(marker.length + 1).split(/\n(?=> \*\*Cut\.\*\* )/);
    expect(note).toBe('> **Cut.** This preview is longer than a comment on GitHub may be (65,536 characters) and stops here; ' +
      'the full diff is in the job summary of [the run](https://github.com/octo/infra/actions/runs/42).\n');
    // The start is kept, heading and live resources first, and cut on a line boundary.
    const lines = kept.replace(/\n\n<\/details>\n$/, '\n').split('\n').slice(0, -1);
    expect(markdown.startsWith(`${lines.join('\n')}\n`)).toBe(true);
    expect(lines[0]).toBe('### Changes to `Bastion` (ap-northeast-1)');
    expect(lines).toContain('#### Live resources replaced or destroyed');
    expect(lines.find((line) => line.startsWith('| the endpoint `Bastion/Endpoint` | replaced'))).toBeDefined();
    // The <details> block that the cut left open is closed, after a blank line that ends its table.
    expect(kept.match(/<details>/g)).toHaveLength(1);
    expect(kept.endsWith('|\n\n</details>\n')).toBe(true);
    // No row cut in the middle.
    expect(lines.filter((line) => line.startsWith('|')).every((line) => line.endsWith('|'))).toBe(true);
  }

  test('a preview longer than a comment may be (~200k characters) is cut on a line boundary to 65,536 characters, with a note linking the job summary', async () => {
    const comments = memory();
    const markdown = bigPreview(2700, (i) => `Network/Subnet${i}/RouteTable${i}/Association`);
    expect(characters(markdown)).toBeGreaterThan(190_000);
    const output = log();
    await commentOnPullRequest(comments, { owner: 'o', repo: 'r', number: 1 }, [{ ...at('Bastion'), markdown }], output, RUN);
    expect(comments.bodies).toHaveLength(1);
    expectCutWell(comments.bodies[0], markdown);
    expect(output.lines).toEqual([
      'info: The diff of Bastion is too long for a comment: the comment is cut, the job summary has it whole.',
      'info: Commented the diff of Bastion on pull request #1.',
    ]);
  });

  test('the limit counts characters as GitHub does: a preview of multibyte characters is cut by characters, not by bytes or UTF-16 units', async () => {
    const comments = memory();
    // Each 🌈 is one character, two UTF-16 code units and four bytes; each CJK character three bytes.
    const markdown = bigPreview(1500, (i) => `ネットワーク🌈/サブネット${i}/経路表🌈🌈`);
    const output = log();
    await commentOnPullRequest(comments, { owner: 'o', repo: 'r', number: 1 }, [{ ...at('Bastion'), markdown }], output, RUN);
    const [body] = comments.bodies;
    expectCutWell(body, markdown);
    expect(body.length).toBeGreaterThan(COMMENT_LIMIT);
    expect(Buffer.byteLength(body)).toBeGreaterThan(COMMENT_LIMIT);
    // No emoji split in two: the body is well-formed Unicode.
    expect(body).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
  });

  test('a preview that fits is left whole, and a cut note without a run says the run', async () => {
    const comments = memory();
    const pr = { owner: 'o', repo: 'r', number: 1 };
    const exactly = 'x'.repeat(COMMENT_LIMIT - commentMarker(at('Bastion')).length - 1);
    await commentOnPullRequest(comments, pr, [{ ...at('Bastion'), markdown: exactly }], log(), RUN);
    expect(comments.bodies).toEqual([`${commentMarker(at('Bastion'))}\n${exactly}`]);
    await commentOnPullRequest(comments, pr, [{ ...at('Bastion'), markdown: `${exactly}y` }], log(), {});
    expect(comments.bodies[0]).toBe(`${commentMarker(at('Bastion'))}\n\n> **Cut.** This preview is longer than a comment on GitHub may be (65,536 characters) and stops here; ` +
      'the full diff is in the job summary of the run.\n');
  });

  test('marking a cut comment stale cuts it again within the limit, and keeps its note', async () => {
    const comments = memory();
    const markdown = bigPreview(2700, (i) => `Network/Subnet${i}/RouteTable${i}/Association`);
    await commentOnPullRequest(comments, { owner: 'o', repo: 'r', number: 1 }, [{ ...at('Bastion'), markdown }], log(), RUN);
    const output = log();
    await markCommentsStale(comments, ['Bastion'], 'ap-northeast-1', { commit: 'abcdef0123', runUrl: 'https://github.com/octo/infra/actions/runs/43', message: 'x'.repeat(1000) }, output);
    expect(output.lines).toEqual(['info: Marked the diff comment 0 stale: the diff of this commit failed.']);
    const [body] = comments.bodies;
    expect(characters(body)).toBeLessThanOrEqual(COMMENT_LIMIT);
    expect(body).toMatch(new RegExp(`^${escapeRegExp(commentMarker(at('Bastion')))}\n> \\*\\*Stale\\.\\*\\* The diff of commit abcdef0 failed`));
    expect(body).toContain('\n### Changes to `Bastion` (ap-northeast-1)\n');
    expect(body.endsWith('|\n\n</details>\n\n> **Cut.** This preview is longer than a comment on GitHub may be (65,536 characters) and stops here; ' +
      'the full diff is in the job summary of [the run](https://github.com/octo/infra/actions/runs/42).\n')).toBe(true);
    expect(body.match(/> \*\*Cut\.\*\*/g)).toHaveLength(1);
  });

  /**
   * The comments of one pull request with GitHub's ids, for several runs at
   * once: `run()` is what one run sees. Each run's first list waits until
   * `runs` runs have listed, so all list before any creates; `ops` is the
   * order in which the writes land.
   */
  function racing(runs: number) {
    const store: Array<{ id: number; body: string }> = [];
    const ops: string[] = [];
    let nextId = 100;
    let listed = 0;
    let allListed!: () => void;
    const barrier = new Promise<void>((resolve) => { allListed = resolve; });
    const notFound = () => Object.assign(new Error('Not Found'), { status: 404 });
    const run = (): IssueComments => {
      let first = true;
      return {
        list: async () => {
          if (first) {
            first = false;
            if (++listed === runs) allListed();
            await barrier;
          }
          return store.map((comment) => ({ ...comment, user: { login: 'github-actions[bot]', type: 'Bot' } }));
        },
        create: async (body) => {
          store.push({ id: nextId, body });
          ops.push(`create ${nextId++}`);
        },
        update: async (id, body) => {
          const comment = store.find((c) => c.id === id);
          if (!comment) throw notFound();
          comment.body = body;
          ops.push(`update ${id}`);
        },
        delete: async (id) => {
          const index = store.findIndex((c) => c.id === id);
          ops.push(`delete ${id}${index < 0 ? ' (404)' : ''}`);
          if (index < 0) throw notFound();
          store.splice(index, 1);
        },
      };
    };
    return { store, ops, run };
  }

  test('created once even when two pushes race: both runs list before either creates, and one comment remains with the later body', async () => {
    const race = racing(2);
    const pr = { owner: 'o', repo: 'r', number: 1 };
    const [first, second] = [log(), log()];
    await Promise.all([
      commentOnPullRequest(race.run(), pr, [{ ...here, markdown: 'the first push' }], first, {}),
      commentOnPullRequest(race.run(), pr, [{ ...here, markdown: 'the second push' }], second, {}),
    ]);
    expect(race.ops.slice(0, 2)).toEqual(['create 100', 'create 101']);
    expect(race.store).toEqual([{ id: 100, body: `${commentMarker(here)}\nthe second push` }]);
    // Both runs found the two comments and settled on the same one; the second delete found it gone.
    expect([...first.lines, ...second.lines].filter((line) => line.includes('at the same time'))).toEqual([
      'info: Another run commented the diff of Bastion at the same time: kept comment 100, deleted 101.',
      'info: Another run commented the diff of Bastion at the same time: kept comment 100, deleted 101.',
    ]);
    expect([...first.lines, ...second.lines].filter((line) => line.startsWith('warning'))).toEqual([]);
  });

  test('in a race the run that creates last settles it alone when the other has already finished', async () => {
    const race = racing(2);
    const pr = { owner: 'o', repo: 'r', number: 1 };
    const late = race.run();
    const lateCreate = late.create.bind(late);
    let firstDone!: Promise<void>;
    // The second run creates only once the first has created, listed again (seeing one comment) and finished.
    late.create = async (body) => { await firstDone; await lateCreate(body); };
    const first = log();
    firstDone = commentOnPullRequest(race.run(), pr, [{ ...here, markdown: 'the first push' }, { ...at('Other'), markdown: 'other' }], first, {});
    await Promise.all([firstDone, commentOnPullRequest(late, pr, [{ ...here, markdown: 'the second push' }], log(), {})]);
    expect(first.lines.filter((line) => line.includes('at the same time'))).toEqual([]);
    expect(race.ops).toEqual(['create 100', 'create 101', 'create 102', 'update 100', 'delete 102']);
    expect(race.store).toEqual([
      { id: 100, body: `${commentMarker(here)}\nthe second push` },
      { id: 101, body: `${commentMarker(at('Other'))}\nother` },
    ]);
  });

  test('the pull request comes from the event payload of pull_request and pull_request_target runs only', () => {
    const eventPath = pullRequestEvent();
    expect(pullRequestOf({ GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: eventPath, GITHUB_REPOSITORY: 'octo/infra' })).toEqual({ owner: 'octo', repo: 'infra', number: 7 });
    expect(pullRequestOf({ GITHUB_EVENT_NAME: 'pull_request_target', GITHUB_EVENT_PATH: eventPath, GITHUB_REPOSITORY: 'octo/infra' })?.number).toBe(7);
    expect(pullRequestOf({ GITHUB_EVENT_NAME: 'push', GITHUB_EVENT_PATH: eventPath, GITHUB_REPOSITORY: 'octo/infra' })).toBeUndefined();
    expect(pullRequestOf({ GITHUB_EVENT_NAME: 'pull_request', GITHUB_REPOSITORY: 'octo/infra' })).toBeUndefined();
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
