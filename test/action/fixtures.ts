import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { ActionCore } from '../../action/src/dependencies';
import type { ActionInputs, GetInput, Mode } from '../../action/src/inputs';

export const GROUP_ID = '9a67f5b4-30c1-70d5-9b2e-5f0a1c8e7d21';
export const METADATA_SOURCE = path.join(__dirname, '..', '..', 'examples', 'identity-center-metadata.xml');

/** A workspace with the sample metadata file in it, as a checkout would have. */
export function createWorkspace(): string {
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'action-workspace-'));
  fs.copyFileSync(METADATA_SOURCE, path.join(workspace, 'identity-center-metadata.xml'));
  return workspace;
}

/** Inputs as a workflow would pass them (all strings, empty when unset), with overrides. */
export function createInputs(overrides: Record<string, string> = {}): GetInput {
  const inputs: Record<string, string> = {
    'mode': 'deploy',
    'stack-name': 'SsoClientVpnBastion',
    'aws-region': 'ap-northeast-1',
    'saml-metadata-file': 'identity-center-metadata.xml',
    'group-ids': GROUP_ID,
    'split-tunnel': 'false',
    'working-directory': '.',
    'deployment-method': 'change-set',
    'diff-method': 'template',
    'timeout-minutes': '60',
    ...overrides,
  };
  return (name: string) => (inputs[name] ?? '').trim();
}

/** The inputs of one mode, typed as that mode reads them; a test that read another mode fails here. */
export function asMode<M extends Mode>(mode: M, inputs: ActionInputs): Extract<ActionInputs, { mode: M }> {
  if (inputs.mode !== mode) {
    throw new Error(`The inputs are for mode ${inputs.mode}, not ${mode}.`);
  }
  return inputs as Extract<ActionInputs, { mode: M }>;
}

/** A stand-in for @actions/core that records what the action did. */
export class RecordingCore implements ActionCore {
  public readonly outputs: Record<string, string> = {};
  public readonly secrets: string[] = [];
  public readonly failures: string[] = [];
  public readonly log: string[] = [];
  public readonly groups: string[] = [];
  public summaryText = '';
  public readonly summary = {
    addRaw: (text: string) => {
      this.summaryText += text;
      return { write: async () => undefined };
    },
    write: async () => undefined,
  };

  constructor(private readonly getInputFn: GetInput) {}

  getInput(name: string): string {
    return this.getInputFn(name);
  }
  setOutput(name: string, value: string): void {
    this.outputs[name] = value;
  }
  setSecret(secret: string): void {
    this.secrets.push(secret);
  }
  setFailed(message: string): void {
    this.failures.push(message);
  }
  async group<T>(name: string, fn: () => Promise<T>): Promise<T> {
    this.groups.push(name);
    return fn();
  }
  info(message: string): void {
    this.log.push(`info: ${message}`);
  }
  warning(message: string): void {
    this.log.push(`warning: ${message}`);
  }
  notice(message: string): void {
    this.log.push(`notice: ${message}`);
  }
  error(message: string): void {
    this.log.push(`error: ${message}`);
  }
  debug(message: string): void {
    this.log.push(`debug: ${message}`);
  }
}

/** A client configuration shaped like AWS's export for a federated (SAML) endpoint. */
export function federatedExport(endpointId: string, region: string, caPem: string): string {
  return [
    'client',
    'dev tun',
    'proto udp',
    `remote ${endpointId}.prod.clientvpn.${region}.amazonaws.com 443`,
    'remote-random-hostname',
    'resolv-retry infinite',
    'nobind',
    'remote-cert-tls server',
    'cipher AES-256-GCM',
    'verb 3',
    '<ca>',
    caPem.trim(),
    '</ca>',
    '',
    'auth-user-pass',
    'auth-federate',
    'auth-retry interact',
    'auth-nocache',
    'reneg-sec 0',
    '',
  ].join('\n');
}
