import * as dns from 'dns';
import * as https from 'https';
import type { LookupFunction } from 'net';
import * as net from 'net';
import { Readable } from 'stream';
// esbuild bundles ipaddr.js into dist/index.js (the construct library uses it too), so action/package.json does not list it.
// eslint-disable-next-line import/no-extraneous-dependencies
import * as ipaddr from 'ipaddr.js';

/** Resolves a host name to every address it has, as `dns.promises.lookup` with `all: true`. */
export type Lookup = (hostname: string) => Promise<readonly { readonly address: string; readonly family: number }[]>;

/** How one request is made; the global `fetch` fits. */
export type Fetch = (url: string, init: { redirect: 'manual'; signal: AbortSignal }) => Promise<Response>;

export interface DownloadOptions {
  /** @default - an https request that checks, as it connects, the address it connects to */
  readonly fetch?: Fetch;
  /** @default - the system resolver (`dns.lookup`) */
  readonly lookup?: Lookup;
  /** @default 1 MiB: IAM Identity Center metadata is a few kilobytes */
  readonly maxBytes?: number;
  /** For the whole download, redirects included. @default 30 seconds */
  readonly timeoutMs?: number;
  /** @default 5 */
  readonly maxRedirects?: number;
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

const systemLookup: Lookup = (hostname) => dns.promises.lookup(hostname, { all: true, verbatim: true });

/**
 * Downloads the SAML metadata at an https URL, as the action's input
 * `saml-metadata-url` asks. The URL may come from a pull request or point at a
 * pre-signed object, so the download follows redirects only to https on
 * public addresses (never the runner's own network or the instance metadata
 * service), stops at a size cap and a time limit, and names URLs in its errors
 * without their query string.
 *
 * @returns the document as text
 * @throws Error whose message says what went wrong, without the URL given (the caller names it)
 */
export async function downloadSamlMetadata(url: string, options: DownloadOptions = {}): Promise<string> {
  const lookup = options.lookup ?? systemLookup;
  const fetchOnce = options.fetch ?? pinnedHttpsFetch(lookup);
  const maxBytes = options.maxBytes ?? 1024 * 1024;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const maxRedirects = options.maxRedirects ?? 5;
  const signal = AbortSignal.timeout(timeoutMs);
  const secrets = new Set<string>();

  let current = new URL(url);
  try {
    for (let redirects = 0; ; redirects++) {
      secrets.add(current.search).add(current.hash).add(current.username).add(current.password);
      // Names the hop when it is not the URL the caller gave.
      const where = redirects === 0 ? '' : `after a redirect to ${withoutQuery(current.href)}: `;
      await checkPublicHost(current.hostname, lookup).catch((error: Error) => {
        throw new Error(`${where}${error.message}`);
      });
      const response = await fetchOnce(current.href, { redirect: 'manual', signal });
      if (REDIRECT_STATUSES.has(response.status)) {
        await response.body?.cancel();
        const location = response.headers.get('location');
        if (!location) {
          throw new Error(`${where}answered HTTP ${response.status} without a Location to redirect to`);
        }
        const next = new URL(location, current);
        secrets.add(next.search).add(next.hash);
        if (next.protocol !== 'https:') {
          throw new Error(`${where}redirected to ${withoutQuery(next.href)}, which is not https: only https redirects are followed`);
        }
        if (redirects === maxRedirects) {
          throw new Error(`redirected more than ${maxRedirects} times: give the final URL of the metadata`);
        }
        current = next;
        continue;
      }
      if (!response.ok) {
        await response.body?.cancel();
        throw new Error(`${where}answered HTTP ${response.status} ${response.statusText}`.trimEnd());
      }
      return await readCapped(response, maxBytes, where);
    }
  } catch (error) {
    if (signal.aborted) {
      throw new Error(`sent no complete answer within ${timeoutMs / 1000} s`);
    }
    // A transport error may quote the URL it failed on.
    throw new Error(scrub((error as Error).message, secrets));
  }
}

/**
 * A URL as it may be printed: scheme, host and path, without credentials,
 * query string or fragment (a pre-signed URL carries its signature there).
 */
export function withoutQuery(url: string): string {
  const hidden = '?…';
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname}${parsed.search || parsed.hash ? hidden : ''}`;
  } catch {
    const unparsed = url.replace(/\/\/[^/?#@]*@/, '//');
    const cut = unparsed.search(/[?#]/);
    return cut === -1 ? unparsed : `${unparsed.slice(0, cut)}${hidden}`;
  }
}

function scrub(message: string, secrets: Set<string>): string {
  let scrubbed = message;
  for (const secret of [...secrets].filter((s) => s.length > 1).sort((a, b) => b.length - a.length)) {
    scrubbed = scrubbed.split(secret).join(secret.startsWith('?') || secret.startsWith('#') ? '?…' : '…');
  }
  return scrubbed;
}

/** Refuses a host with any address that is not public unicast. */
async function checkPublicHost(hostname: string, lookup: Lookup): Promise<void> {
  // URL keeps the brackets of an IPv6 literal.
  const host = hostname.replace(/^\[(.*)\]$/, '$1');
  if (net.isIP(host)) {
    checkPublicAddress(host, `${host} is`);
    return;
  }
  checkPublicAddresses(host, await lookup(host));
}

function checkPublicAddresses(host: string, addresses: readonly { readonly address: string }[]): void {
  if (addresses.length === 0) {
    throw new Error(`${host} has no address`);
  }
  for (const { address } of addresses) {
    checkPublicAddress(address, `${host} resolves to ${address},`);
  }
}

function checkPublicAddress(address: string, subject: string): void {
  // process() turns an IPv4-mapped IPv6 address (::ffff:10.0.0.1) into the IPv4 address it carries.
  const range = ipaddr.process(address).range();
  if (range !== 'unicast') {
    throw new Error(`${subject} a ${range} address: the metadata is downloaded only from public addresses`);
  }
}

async function readCapped(response: Response, maxBytes: number, where: string): Promise<string> {
  const tooLarge = () => new Error(`${where}sent more than ${formatBytes(maxBytes)}; IAM Identity Center metadata is a few kilobytes: is this the metadata URL?`);
  if (Number(response.headers.get('content-length') ?? 0) > maxBytes) {
    await response.body?.cancel();
    throw tooLarge();
  }
  if (!response.body) {
    return '';
  }
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let received = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) {
      break;
    }
    received += value.byteLength;
    if (received > maxBytes) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  return new TextDecoder('utf-8').decode(Buffer.concat(chunks));
}

function formatBytes(bytes: number): string {
  return bytes % (1024 * 1024) === 0 ? `${bytes / (1024 * 1024)} MiB` : `${Math.ceil(bytes / 1024)} KiB`;
}

/**
 * An https GET that checks the addresses again as it connects, and connects
 * to the addresses it checked: a name that resolved to a public address for
 * the check and to an internal one a moment later (DNS rebinding) is refused.
 */
function pinnedHttpsFetch(lookup: Lookup): Fetch {
  const checkedLookup: LookupFunction = (hostname, options, callback) => {
    lookup(hostname).then((addresses) => {
      checkPublicAddresses(hostname, addresses);
      const wanted = addresses.filter((a) => !options.family || a.family === options.family);
      if (options.all) {
        (callback as unknown as (error: null, addresses: dns.LookupAddress[]) => void)(null, wanted.map((a) => ({ ...a })));
      } else if (wanted.length === 0) {
        callback(Object.assign(new Error(`${hostname} has no IPv${options.family} address`), { code: 'ENOTFOUND' }), '', 0);
      } else {
        callback(null, wanted[0].address, wanted[0].family);
      }
    }).catch((error: NodeJS.ErrnoException) => callback(error, '', 0));
  };
  return (url, init) => new Promise<Response>((resolve, reject) => {
    const request = https.get(url, {
      // A new connection each time: a pooled one would skip the check.
      agent: false,
      lookup: checkedLookup,
      signal: init.signal,
      headers: { accept: 'application/samlmetadata+xml, application/xml, text/xml;q=0.9, */*;q=0.1' },
    }, (message) => {
      const headers = new Headers();
      for (const [name, value] of Object.entries(message.headers)) {
        for (const item of Array.isArray(value) ? value : [value ?? '']) {
          headers.append(name, item);
        }
      }
      const status = message.statusCode ?? 0;
      const body = NULL_BODY_STATUSES.has(status) ? null : Readable.toWeb(message) as unknown as ReadableStream<Uint8Array>;
      resolve(new Response(body, { status, statusText: message.statusMessage, headers }));
    });
    request.on('error', reject);
  });
}
