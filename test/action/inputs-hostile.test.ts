import * as path from 'path';
import * as fc from 'fast-check';
import { asMode, createInputs } from './fixtures';
import { InputError, lines, readInputs } from '../../action/src/inputs';

const WORKSPACE = '/home/runner/work/repo/repo';
const env = { GITHUB_WORKSPACE: WORKSPACE };
const INPUT_NAMES = [
  'mode', 'stack-name', 'aws-region', 'saml-metadata-file', 'saml-metadata-url', 'group-ids', 'group-names', 'certificate-arn',
  'domain-name', 'hosted-zone-id', 'vpc-cidr', 'client-cidr', 'split-tunnel', 'instance-type', 'business-hours-time-zone', 'key-pair-name',
  'shared-key-pair', 'application-arn',
  'app', 'working-directory', 'deployment-method', 'timeout-minutes',
];
const RUNS = { numRuns: 200 };

/** Text a workflow might hand over: printable, unicode, whitespace, newlines. */
const text = fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.constantFrom('', ' ', '\n', '\r\n', '..', '/', 'true', 'deploy'));

describe('hostile action inputs', () => {
  test('any value of any input either reads or fails with an InputError that names an input', () => {
    fc.assert(fc.property(fc.dictionary(fc.constantFrom(...INPUT_NAMES), text), (overrides) => {
      try {
        readInputs(createInputs(overrides), env);
      } catch (error) {
        expect(error).toBeInstanceOf(InputError);
        expect((error as Error).message).toMatch(new RegExp(`^Inputs? (${INPUT_NAMES.join('|')})\\b`));
      }
    }), RUNS);
  });

  test('a multi-line list keeps its items, in order, without blank lines or surrounding spaces', () => {
    const item = fc.string({ minLength: 1 }).filter((s) => s.trim() === s && !/[\r\n]/.test(s) && s.length > 0);
    const padding = fc.constantFrom('', ' ', '  ', '\t', ' \t ');
    fc.assert(fc.property(fc.array(fc.tuple(padding, item, padding, fc.constantFrom('\n', '\r\n', '\n\n', '\n  \n'))), (parts) => {
      const value = parts.map(([before, entry, after, end]) => `${before}${entry}${after}${end}`).join('');
      expect(lines(value)).toEqual(parts.map(([, entry]) => entry));
    }), RUNS);
  });

  test('an unknown mode is refused with the modes allowed', () => {
    fc.assert(fc.property(text.filter((m) => !['', 'deploy', 'destroy', 'synth', 'switch-on'].includes(m.trim().toLowerCase())), (mode) => {
      // As @actions/core, the runner trims inputs.
      expect(() => readInputs(createInputs({ mode }), env)).toThrow(`Input mode ${JSON.stringify(mode.trim())} is not one of: deploy, diff, destroy, synth, switch-on.`);
    }), RUNS);
  });

  test('a metadata path is accepted only inside the workspace', () => {
    const segment = fc.constantFrom('..', '.', 'a', 'b', 'metadata.xml', '', '..hidden', '...');
    fc.assert(fc.property(fc.boolean(), fc.array(segment, { minLength: 1, maxLength: 6 }), (absolute, segments) => {
      const value = `${absolute ? '/' : ''}${segments.join('/')}`.trim() || '.';
      const resolved = path.resolve(WORKSPACE, value);
      const inside = resolved === WORKSPACE || resolved.startsWith(`${WORKSPACE}/`);
      const read = () => asMode('deploy', readInputs(createInputs({ 'saml-metadata-file': value }), env));
      if (inside) {
        expect(read().samlMetadataFile).toBe(resolved);
      } else {
        expect(read).toThrow(`Input saml-metadata-file ${JSON.stringify(value)} is outside the workspace ${WORKSPACE}`);
      }
    }), RUNS);
  });

  test('can fail: a path that climbs out of the workspace is caught', () => {
    expect(() => readInputs(createInputs({ 'saml-metadata-file': 'a/../../../etc/passwd' }), env)).toThrow(InputError);
  });
});
