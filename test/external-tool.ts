import { spawnSync } from 'child_process';

/**
 * Whether a real tool the tests use (cfn-lint, moto_server, openvpn) is on
 * this machine. Where it is absent its tests are skipped with a visible
 * notice; on CI, where .ci/run and the workflows install it, its absence is a failure.
 *
 * @param command the command
 * @param probeArgs arguments that make it print something and exit
 * @param install how to install it, for the messages
 */
export function externalTool(command: string, probeArgs: string[], install: string): boolean {
  const found = spawnSync(command, probeArgs).error === undefined;
  if (!found && process.env.CI) {
    throw new Error(`${command} is not installed on this CI machine (${install}); the tests that need it cannot run.`);
  }
  if (!found) {
    console.warn(`NOTICE: ${command} is not installed; the tests that need it are skipped on this machine (${install}).`);
  }
  return found;
}
