import { spawn } from 'child_process';
import type { ChildProcess } from 'child_process';
import * as net from 'net';
import { externalTool } from './external-tool';

/**
 * A moto_server (a local AWS API, preinstalled on the CI machines) on a free
 * loopback port, for tests of code that talks to AWS. Where moto_server is
 * absent the tests that need it are skipped with a notice; in CI its absence fails.
 */
export const motoFound = externalTool('moto_server', ['--help'], 'pip install "moto[server]"');

export interface MotoServer {
  /** http://localhost:PORT (moto resolves S3 URLs by host name, so not 127.0.0.1). */
  readonly endpoint: string;
  stop(): Promise<void>;
}

export async function startMoto(): Promise<MotoServer> {
  const port = await freePort();
  const child: ChildProcess = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], { stdio: 'ignore' });
  const endpoint = `http://localhost:${port}`;
  const deadline = Date.now() + 20_000;
  for (;;) {
    try {
      const response = await fetch(`${endpoint}/moto-api/`);
      if (response.ok) {
        break;
      }
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill();
      throw new Error(`moto_server did not start on port ${port} within 20 seconds`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    endpoint,
    stop: () => new Promise((resolve) => {
      child.once('exit', () => resolve());
      child.kill();
    }),
  };
}

/** Clients for moto: fake credentials, the moto endpoint. */
export function motoClientConfig(endpoint: string, region = 'ap-northeast-1') {
  return { endpoint, region, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
