/**
 * The action's run() with the real @actions/core and a deploy that never
 * settles: it keeps polling, as toolkit-lib does while CloudFormation works.
 * Run in a process of its own by entry.test.ts. A minute lasts 20 ms here.
 */
import * as core from '@actions/core';
import { withTimeout } from '../../action/src/cdk-runner';
import { run } from '../../action/src/main';
import { awsClients } from '../../action/src/production';

const realSetTimeout = setTimeout;
globalThis.setTimeout = ((fn: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) =>
  realSetTimeout(fn, ms !== undefined && ms >= 60_000 ? (ms / 60_000) * 20 : ms, ...args)) as typeof setTimeout;

void run({
  core,
  env: process.env,
  provenance: {},
  ...awsClients(process.env),
  fetchText: async () => '',
  createRunner: (inputs) => ({
    synth: async () => [],
    destroy: async () => [],
    deploy: () => withTimeout(inputs.timeoutMinutes, 'deploy', ['SsoClientVpnBastion'], new Promise<never>(() => {
      let polls = 0;
      setInterval(() => {
        if (polls++ === 0) {
          core.info('still polling');
        }
      }, 5);
    })),
  }),
});
