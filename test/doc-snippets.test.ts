import * as path from 'path';
import { compileProblems, docFiles, docSnippetProblems, snippetsOf } from '../scripts/check-doc-snippets';

/**
 * `jsii-rosetta extract --strict` compiles README's examples; the pages of
 * docs/ and UPGRADING.md are compiled here, the same way (their fixtures, the
 * imports hoisted, rosetta's compiler options and TypeScript).
 */
const ROOT = path.join(__dirname, '..');

describe('the TypeScript blocks of docs/*.md and UPGRADING.md', () => {
  test('are found in every page', () => {
    const files = docFiles(ROOT);
    expect(files).toEqual(expect.arrayContaining(['UPGRADING.md', 'docs/options.md', 'docs/schedule.md', 'docs/cost.md', 'docs/install.md', 'docs/identity-center.md']));
  });

  test('compile as rosetta compiles README\'s (strict, with their fixtures)', () => {
    const { problems, count } = docSnippetProblems(ROOT);
    expect(count).toBeGreaterThanOrEqual(6);
    expect(problems).toEqual([]);
  }, 120_000);

  test('an example that does not compile fails, naming the file and the line; imports are hoisted above the fixture', () => {
    const broken = [
      '# Page', '', 'Text.', '',
      '```ts fixture=stack',
      "import { SsoClientVpnBastion } from 'sso-client-vpn-bastion';",
      '',
      "new SsoClientVpnBastion(this, 'Bastion', { splitTunnel: 'yes' });",
      '```', '',
      '```ts',
      'new Schedule();',
      '```', '',
    ].join('\n');
    const imports = "import { Duration } from 'aws-cdk-lib';\nimport { ServerCertificate } from 'sso-client-vpn-bastion';\n";
    const block = (info: string, code: string) => `\`\`\`${info}\n${code}\`\`\`\n`;
    const hoisted = snippetsOf('ok.md', block('ts fixture=stack', `${imports}ServerCertificate.selfSigned({ serverValidity: Duration.days(30) });\n`), ROOT);
    expect(hoisted[0].source.indexOf(imports.trim())).toBeLessThan(hoisted[0].source.indexOf('class Fixture'));
    // The default fixture imports these names itself: importing them again is a duplicate, as under rosetta.
    const duplicate = snippetsOf('dup.md', block('ts', `${imports}ServerCertificate.selfSigned();\n`), ROOT);
    const problems = compileProblems([...snippetsOf('docs/page.md', broken, ROOT), ...hoisted, ...duplicate], ROOT);
    expect(problems.filter((problem) => problem.startsWith('ok.md'))).toEqual([]);
    expect(problems).toEqual(expect.arrayContaining([
      expect.stringMatching(/^docs\/page\.md:8: TS\d+: /),
      expect.stringMatching(/^docs\/page\.md:12: TS\d+: /),
      expect.stringMatching(/^dup\.md:\d+: TS2300: Duplicate identifier/),
    ]));
  }, 120_000);
});

