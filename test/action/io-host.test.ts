import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { IoMessage } from '@aws-cdk/toolkit-lib';
import { RecordingCore, createInputs } from './fixtures';
import { ToolkitRunner } from '../../action/src/cdk-runner';
import { ActionIoHost } from '../../action/src/io-host';

/** A user's app (the `app` input) with one warning and one info annotation, and a line on stderr. */
function userApp(): string {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'user-app-'));
  fs.writeFileSync(path.join(directory, 'app.js'), [
    `const { App, Stack, Annotations, CfnResource } = require(${JSON.stringify(path.dirname(require.resolve('aws-cdk-lib/package.json')))});`,
    'const app = new App();',
    'const stack = new Stack(app, \'UserStack\');',
    'new CfnResource(stack, \'Topic\', { type: \'AWS::SNS::Topic\' });',
    'Annotations.of(stack).addWarningV2(\'user:deprecated\', \'this prop is deprecated\');',
    'Annotations.of(stack).addInfo(\'an informational note\');',
    'console.error(\'a progress line on stderr\');',
    'app.synth();',
  ].join('\n'));
  return directory;
}

describe('messages of a user\'s app', () => {
  let core: RecordingCore;

  beforeAll(async () => {
    core = new RecordingCore(createInputs());
    const directory = userApp();
    const runner = new ToolkitRunner({
      io: new ActionIoHost(core),
      deploymentMethod: 'change-set',
      timeoutMinutes: 60,
      stackNames: ['UserStack'],
      source: (toolkit) => toolkit.fromCdkApp('node app.js', { workingDirectory: directory, outdir: path.join(directory, 'cdk.out') }),
    });
    await runner.synth();
  }, 60_000);

  test('a CDK warning is a warning, not an error annotation', () => {
    expect(core.log).toContainEqual(expect.stringMatching(/^warning: this prop is deprecated \(user:deprecated\) at UserStack$/));
  });

  test('an info annotation is plain log', () => {
    expect(core.log).toContainEqual(expect.stringMatching(/^info: an informational note .*at UserStack$/));
  });

  test('the app\'s stderr is plain log: a failure reaches the workflow as the toolkit\'s error', () => {
    expect(core.log).toContain('info: a progress line on stderr');
  });

  test('nothing was logged as an error', () => {
    expect(core.log.filter((line) => line.startsWith('error:'))).toEqual([]);
  });
});

describe('levels', () => {
  const notify = async (message: Partial<IoMessage<unknown>>) => {
    const core = new RecordingCore(createInputs());
    await new ActionIoHost(core).notify({ time: new Date(), action: 'deploy', code: 'CDK_TOOLKIT_I0000', message: 'text', ...message } as IoMessage<unknown>);
    return core.log;
  };

  test('error, warn, info and result go to core.error, core.warning and core.info', async () => {
    expect(await notify({ level: 'error' })).toEqual(['error: text']);
    expect(await notify({ level: 'warn' })).toEqual(['warning: text']);
    expect(await notify({ level: 'info' })).toEqual(['info: text']);
    expect(await notify({ level: 'result' })).toEqual(['info: text']);
  });

  test('a validation report with an error annotation logs that one as an error', async () => {
    const log = await notify({
      level: 'error',
      code: 'CDK_TOOLKIT_E9600',
      data: {
        conclusion: 'failure',
        pluginReports: [{
          pluginName: 'Construct Annotations',
          conclusion: 'failure',
          violations: [
            { ruleName: 'r1', description: 'broken', severity: 'error', violatingConstructs: [{ constructPath: 'S/A' }] },
            { ruleName: 'r2', description: 'careful', severity: 'warning', violatingConstructs: [{ constructPath: 'S/B' }, { constructPath: 'S/C' }] },
          ],
        }],
      },
    });
    expect(log).toEqual(['error: broken (r1) at S/A', 'warning: careful (r2) at S/B, S/C']);
  });
});
