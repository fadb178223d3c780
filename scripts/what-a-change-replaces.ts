/**
 * The "What a change replaces" table of docs/what-a-change-replaces.md is
 * rendered from test/day-two/what-a-change-replaces.ts, the rows the
 * transition matrix (test/day-two/transitions.test.ts) checks against
 * `cdk diff`'s library:
 *
 *   ts-node scripts/what-a-change-replaces.ts           # fail if the page's table differs
 *   ts-node scripts/what-a-change-replaces.ts --update  # rewrite the page's table
 */
import * as fs from 'fs';
import { sectionProblems, withSection } from './generated-section';
import type { GeneratedSection } from './generated-section';
import { renderTable } from '../test/day-two/what-a-change-replaces';

/** The page that holds the table, relative to the repository. */
export const TABLE_PAGE = 'docs/what-a-change-replaces.md';

export const START_MARKER = '<!-- what-a-change-replaces:start -->';
export const END_MARKER = '<!-- what-a-change-replaces:end -->';

const SECTION: GeneratedSection = {
  page: TABLE_PAGE,
  startMarker: START_MARKER,
  endMarker: END_MARKER,
  what: '"What a change replaces" table is not the render of test/day-two/what-a-change-replaces.ts',
  update: 'npx projen readme:what-a-change-replaces',
};

/** What is wrong with the page's table: empty when it is the render of the rows. */
export function tableProblems(markdown: string, table: string = renderTable()): string[] {
  return sectionProblems(markdown, SECTION, table);
}

/** The page with the table between the markers rendered again. */
export function withTable(markdown: string, table: string = renderTable()): string {
  return withSection(markdown, SECTION, table);
}

if (require.main === module) {
  const page = fs.readFileSync(TABLE_PAGE, 'utf8');
  if (process.argv.includes('--update')) {
    fs.writeFileSync(TABLE_PAGE, withTable(page));
    console.log(`what-a-change-replaces: ${TABLE_PAGE} table rewritten from test/day-two/what-a-change-replaces.ts.`);
  } else {
    const problems = tableProblems(page);
    if (problems.length > 0) {
      problems.forEach((problem) => console.error(`what-a-change-replaces: ${problem}`));
      process.exit(1);
    }
    console.log(`what-a-change-replaces: ${TABLE_PAGE}'s table is the render of the transition rows.`);
  }
}
