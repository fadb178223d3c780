import * as http from 'http';
import type { AddressInfo } from 'net';
import { downloadSamlMetadata, withoutQuery } from '../../action/src/saml-metadata-download';
import type { DownloadOptions, Lookup } from '../../action/src/saml-metadata-download';

const METADATA = '<md:EntityDescriptor/>';
const PUBLIC_ADDRESS = '93.184.216.34';
const SIGNED = '?X-Amz-Signature=secret';

/** What each name resolves to; a name not listed is public. */
const ADDRESSES: Record<string, string> = {
  'private.example': '10.0.0.5',
  'loopback.example': '127.0.0.1',
  'instance-metadata.example': '169.254.169.254',
  'unique-local.example': 'fd00::1',
};
const lookup: Lookup = async (hostname) => {
  const address = ADDRESSES[hostname] ?? PUBLIC_ADDRESS;
  return [{ address, family: address.includes(':') ? 6 : 4 }];
};

/**
 * A server on 127.0.0.1 that plays every host: the injected fetch sends
 * https://any.host/path there as plain http, after the download has checked
 * the scheme and the addresses.
 */
let server: http.Server;
let origin: string;
const fetchedUrls: string[] = [];
const viaLocalServer: typeof fetch = async (input, init) => {
  const url = new URL(String(input));
  fetchedUrls.push(url.href);
  return fetch(`${origin}${url.pathname}${url.search}`, init);
};

beforeAll(async () => {
  server = http.createServer((request, response) => {
    const url = new URL(request.url!, 'http://localhost');
    const redirect = (location: string) => response.writeHead(302, { location }).end();
    switch (url.pathname) {
      case '/metadata.xml':
        return response.writeHead(200, { 'content-type': 'application/xml' }).end(METADATA);
      case '/moved':
        return redirect('/metadata.xml');
      case '/to-http':
        return redirect('http://idp.example/metadata.xml');
      case '/to-ip-literal':
        return redirect('https://169.254.169.254/latest/meta-data/');
      case '/to-signed-http':
        return redirect(`http://idp.example/metadata.xml${SIGNED}`);
      case '/loop':
        return redirect(`/loop?n=${Number(url.searchParams.get('n') ?? 0) + 1}`);
      case '/forbidden':
        return response.writeHead(403, 'Forbidden').end('Request has expired');
      case '/endless': {
        // Writes until the client goes away: the download must stop reading by itself.
        response.writeHead(200, { 'content-type': 'application/xml' });
        const chunk = Buffer.alloc(16 * 1024, 'x');
        const write = () => {
          while (!response.destroyed && response.write(chunk));
          if (!response.destroyed) response.once('drain', write);
        };
        return write();
      }
      case '/declared-large':
        return response.writeHead(200, { 'content-length': String(64 * 1024 * 1024) }).end();
      case '/silent':
        return undefined; // never answers
      case '/slow-body':
        response.writeHead(200, { 'content-type': 'application/xml' });
        return response.write('<md:EntityDescriptor>'); // and nothing more
      default:
        if (url.pathname.startsWith('/to-')) {
          return redirect(`https://${url.pathname.slice('/to-'.length)}/metadata.xml${SIGNED}`);
        }
        return response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  fetchedUrls.length = 0;
});

const download = (url: string, options: Partial<DownloadOptions> = {}) =>
  downloadSamlMetadata(url, { fetch: viaLocalServer, lookup, ...options });

/** The download's error message, which must never carry a query string. */
async function failure(url: string, options: Partial<DownloadOptions> = {}): Promise<string> {
  const error = await download(url, options).then(() => undefined, (e: Error) => e);
  expect(error).toBeInstanceOf(Error);
  expect(error!.message).not.toContain('secret');
  return error!.message;
}

describe('downloading SAML metadata', () => {
  test('the document is returned, also after an https redirect on a public address', async () => {
    expect(await download('https://idp.example/metadata.xml')).toBe(METADATA);
    expect(await download('https://idp.example/moved')).toBe(METADATA);
    expect(fetchedUrls).toEqual(['https://idp.example/metadata.xml', 'https://idp.example/moved', 'https://idp.example/metadata.xml']);
  });

  test('a redirect from https to http is refused, before it is followed', async () => {
    expect(await failure('https://idp.example/to-http')).toBe(
      'redirected to http://idp.example/metadata.xml, which is not https: only https redirects are followed',
    );
    expect(fetchedUrls).toEqual(['https://idp.example/to-http']);
  });

  test.each([
    ['private.example', '10.0.0.5', 'private'],
    ['loopback.example', '127.0.0.1', 'loopback'],
    ['instance-metadata.example', '169.254.169.254', 'linkLocal'],
    ['unique-local.example', 'fd00::1', 'uniqueLocal'],
  ])('a redirect to a name that resolves to an internal address (%s, %s) is refused', async (host, address, range) => {
    expect(await failure(`https://idp.example/to-${host}`)).toBe(
      `after a redirect to https://${host}/metadata.xml?…: ${host} resolves to ${address}, a ${range} address: ` +
      'the metadata is downloaded only from public addresses',
    );
    expect(fetchedUrls).toEqual([`https://idp.example/to-${host}`]);
  });

  test('a redirect to an internal IP literal is refused, as is a first URL on an internal address', async () => {
    expect(await failure('https://idp.example/to-ip-literal')).toBe(
      'after a redirect to https://169.254.169.254/latest/meta-data/: 169.254.169.254 is a linkLocal address: the metadata is downloaded only from public addresses',
    );
    expect(await failure(`https://private.example/metadata.xml${SIGNED}`)).toBe(
      'private.example resolves to 10.0.0.5, a private address: the metadata is downloaded only from public addresses',
    );
    expect(fetchedUrls).toEqual(['https://idp.example/to-ip-literal']);
  });

  test('a name with any internal address among its addresses is refused', async () => {
    const mixed: Lookup = async () => [{ address: PUBLIC_ADDRESS, family: 4 }, { address: '::1', family: 6 }];
    expect(await failure('https://idp.example/metadata.xml', { lookup: mixed })).toContain('resolves to ::1, a loopback address');
  });

  test('more than 5 redirects are refused', async () => {
    expect(await failure('https://idp.example/loop')).toBe('redirected more than 5 times: give the final URL of the metadata');
    expect(fetchedUrls).toHaveLength(6);
  });

  test('a body larger than the cap is cut off with a clear message', async () => {
    expect(await failure('https://idp.example/endless', { maxBytes: 64 * 1024 })).toBe(
      'sent more than 64 KiB; IAM Identity Center metadata is a few kilobytes: is this the metadata URL?',
    );
    expect(await failure('https://idp.example/declared-large')).toBe(
      'sent more than 1 MiB; IAM Identity Center metadata is a few kilobytes: is this the metadata URL?',
    );
  });

  test.each(['/silent', '/slow-body'])('a server that is too slow (%s) is given up on at the time limit', async (pathname) => {
    const started = Date.now();
    expect(await failure(`https://idp.example${pathname}${SIGNED}`, { timeoutMs: 300 })).toBe(
      'sent no complete answer within 0.3 s',
    );
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  test('an HTTP error names the status, without the signed query string', async () => {
    expect(await failure(`https://idp.example/forbidden${SIGNED}`)).toBe('answered HTTP 403 Forbidden');
  });

  test('a redirect to an http URL with a signed query string is named without it', async () => {
    expect(await failure('https://idp.example/to-signed-http')).toBe(
      'redirected to http://idp.example/metadata.xml?…, which is not https: only https redirects are followed',
    );
  });

  test('an error from the transport does not leak the query string either', async () => {
    const leaky: typeof fetch = async (input) => {
      throw new Error(`connect ECONNREFUSED for ${String(input)}`);
    };
    expect(await failure(`https://idp.example/metadata.xml${SIGNED}`, { fetch: leaky })).toBe(
      'connect ECONNREFUSED for https://idp.example/metadata.xml?…',
    );
  });

  test('the production transport checks the address it connects to (DNS rebinding)', async () => {
    // The first answer is public (the check before the request), the second internal (the connection).
    let calls = 0;
    const rebinding: Lookup = async () => [{ address: calls++ === 0 ? PUBLIC_ADDRESS : '127.0.0.1', family: 4 }];
    const error = await downloadSamlMetadata('https://rebinding.example/metadata.xml', { lookup: rebinding }).then(() => undefined, (e: Error) => e);
    expect(error?.message).toBe(
      'rebinding.example resolves to 127.0.0.1, a loopback address: the metadata is downloaded only from public addresses',
    );
    expect(calls).toBe(2);
  });
});

describe('URLs in messages', () => {
  test.each([
    ['https://idp.example/m.xml', 'https://idp.example/m.xml'],
    ['https://idp.example/m.xml?X-Amz-Signature=secret&X-Amz-Credential=AKIA', 'https://idp.example/m.xml?…'],
    ['https://idp.example/m.xml#token=secret', 'https://idp.example/m.xml?…'],
    ['https://user:secret@idp.example:8443/m.xml', 'https://idp.example:8443/m.xml'],
    ['not a url ?secret', 'not a url ?…'],
  ])('%s is printed as %s', (url, printed) => {
    expect(withoutQuery(url)).toBe(printed);
  });
});
