/**
 * docs/connection-policy.md shows the Cedar that its example policy writes
 * and a table of sample connections with the decision `evaluateConnection`
 * gives each: both are rendered from test/connection-policy/samples.ts.
 *
 *   ts-node scripts/connection-policy-samples.ts           # fail if the page differs
 *   ts-node scripts/connection-policy-samples.ts --update  # rewrite them
 */
import * as fs from 'fs';
import { sectionProblems, withSection } from './generated-section';
import type { GeneratedSection } from './generated-section';
import { renderSampleTable, sampleBastion } from '../test/connection-policy/samples';

export const SAMPLES_PAGE = 'docs/connection-policy.md';
const UPDATE = 'npx projen docs:connection-policy';

export const CEDAR_SECTION: GeneratedSection = {
  page: SAMPLES_PAGE,
  startMarker: '<!-- connection-policy-cedar:start -->',
  endMarker: '<!-- connection-policy-cedar:end -->',
  what: 'Cedar block is not what the example policy writes (test/connection-policy/samples.ts)',
  update: UPDATE,
};

export const TABLE_SECTION: GeneratedSection = {
  page: SAMPLES_PAGE,
  startMarker: '<!-- connection-policy-samples:start -->',
  endMarker: '<!-- connection-policy-samples:end -->',
  what: 'sample connections table is not what evaluateConnection answers (test/connection-policy/samples.ts)',
  update: UPDATE,
};

/** The two sections' content, rendered now. */
export function renderSections(): Array<[GeneratedSection, string]> {
  return [
    [CEDAR_SECTION, `\`\`\`cedar\n${sampleBastion().connectionPolicyText!.trimEnd()}\n\`\`\``],
    [TABLE_SECTION, renderSampleTable()],
  ];
}

/** What is wrong with the page: empty when both sections are current. */
export function samplesPageProblems(markdown: string, sections = renderSections()): string[] {
  return sections.flatMap(([section, content]) => sectionProblems(markdown, section, content));
}

if (require.main === module) {
  const page = fs.readFileSync(SAMPLES_PAGE, 'utf8');
  const sections = renderSections();
  if (process.argv.includes('--update')) {
    fs.writeFileSync(SAMPLES_PAGE, sections.reduce((markdown, [section, content]) => withSection(markdown, section, content), page));
    console.log(`connection-policy-samples: ${SAMPLES_PAGE} rewritten from test/connection-policy/samples.ts.`);
  } else {
    const problems = samplesPageProblems(page, sections);
    problems.forEach((problem) => console.error(`connection-policy-samples: ${problem}`));
    process.exit(problems.length > 0 ? 1 : 0);
  }
}
