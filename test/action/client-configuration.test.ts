import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { externalTool } from '../external-tool';
import { federatedExport } from './fixtures';
import { prefixRemoteHost, secretBlocks } from '../../action/src/client-configuration';
import { issueCertificates } from '../../src/certificate/issue-self-signed';

const ENDPOINT = 'cvpn-endpoint-0123456789abcdef0';
let exported: string;

beforeAll(async () => {
  const issued = await issueCertificates({ commonName: 'server.vpn.internal', caCommonName: 'Test CA', caValidityDays: 30, serverValidityDays: 30, keySize: 2048 });
  exported = federatedExport(ENDPOINT, 'ap-northeast-1', issued.caCertificatePem);
});

describe('the remote rewrite', () => {
  test('prefixes a random label to the endpoint host name, drops remote-random-hostname and keeps everything else as exported', () => {
    expect(exported).toMatch(/^remote-random-hostname$/m);
    const rewritten = prefixRemoteHost(exported, 'a1b2c3d4e5f6');
    expect(rewritten).toContain(`remote a1b2c3d4e5f6.${ENDPOINT}.prod.clientvpn.ap-northeast-1.amazonaws.com 443\n`);
    // The label is written in: a client that honours the directive would prepend a second one.
    expect(rewritten).not.toMatch(/remote-random-hostname/);
    const unchanged = (text: string) => text.split('\n').filter((line) => !line.startsWith('remote ') && line !== 'remote-random-hostname');
    expect(unchanged(rewritten)).toEqual(unchanged(exported));
  });

  test('keeps remote-random-hostname when there is no endpoint host to prefix', () => {
    expect(prefixRemoteHost('remote vpn.example.com 1194\nremote-random-hostname\n', 'abc')).toBe('remote vpn.example.com 1194\nremote-random-hostname\n');
  });

  test('the default label is random: twelve hex digits, different each time', () => {
    const first = /^remote ([0-9a-f]{12})\.cvpn-endpoint/m.exec(prefixRemoteHost(exported))?.[1];
    const second = /^remote ([0-9a-f]{12})\.cvpn-endpoint/m.exec(prefixRemoteHost(exported))?.[1];
    expect(first).toBeDefined();
    expect(first).not.toBe(second);
  });

  test('leaves remote lines that are not a Client VPN endpoint alone', () => {
    expect(prefixRemoteHost('remote vpn.example.com 1194\n', 'abc')).toBe('remote vpn.example.com 1194\n');
  });

  test('refuses a label that is not a DNS label', () => {
    expect(() => prefixRemoteHost(exported, 'not a label')).toThrow('The remote prefix "not a label" is not a DNS label.');
  });
});

describe('secrets', () => {
  test('a federated configuration holds no client key: nothing to mask', () => {
    expect(exported).not.toMatch(/<key>|PRIVATE KEY/);
    expect(secretBlocks(exported)).toEqual([]);
  });

  test('a configuration with a client key (mutual authentication) has that block found for masking', () => {
    const withKey = `${exported}<key>\n-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n</key>\n`;
    expect(secretBlocks(withKey)).toEqual(['<key>\n-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n</key>']);
  });
});

// A real OpenVPN parses the rewritten file. auth-federate is AWS's own
// directive, which only AWS VPN Client knows.
const openvpnFound = externalTool('openvpn', ['--version'], 'apt-get install openvpn');
(openvpnFound ? describe : describe.skip)('OpenVPN', () => {
  const parse = (configuration: string, extraArgs: string[] = []) => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ovpn-')), 'client.ovpn');
    fs.writeFileSync(file, configuration);
    return spawnSync('openvpn', [...extraArgs, '--config', file, '--show-ciphers'], { encoding: 'utf8' });
  };

  test('parses the rewritten configuration', () => {
    const result = parse(prefixRemoteHost(exported), ['--ignore-unknown-option', 'auth-federate']);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  test('can fail: a broken configuration is refused', () => {
    const result = parse(prefixRemoteHost(exported).replace('</ca>', ''), ['--ignore-unknown-option', 'auth-federate']);
    expect(result.status).not.toBe(0);
  });
});
