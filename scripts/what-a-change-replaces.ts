/**
 * README's "What a change replaces" table is rendered from
 * test/day-two/what-a-change-replaces.ts, the rows the transition matrix
 * (test/day-two/transitions.test.ts) checks against `cdk diff`'s library:
 *
 *   ts-node scripts/what-a-change-replaces.ts           # fail if README's table differs
 *   ts-node scripts/what-a-change-replaces.ts --update  # rewrite README's table
 */
import * as fs from 'fs';
import { renderTable } from '../test/day-two/what-a-change-replaces';

export const START_MARKER = '<!-- what-a-change-replaces:start -->';
export const END_MARKER = '<!-- what-a-change-replaces:end -->';

/** The text between the markers, or an explanation of why there is none. */
function section(markdown: string): { start: number; end: number } | string {
  const start = markdown.indexOf(START_MARKER);
  const end = markdown.indexOf(END_MARKER);
  if (start < 0 || end < 0) return `README has no ${start < 0 ? START_MARKER : END_MARKER} marker`;
  if (end < start || markdown.indexOf(START_MARKER, start + 1) >= 0 || markdown.indexOf(END_MARKER, end + 1) >= 0) {
    return 'README must have one start marker followed by one end marker';
  }
  return { start: start + START_MARKER.length, end };
}

/** What is wrong with README's table: empty when it is the render of the rows. */
export function tableProblems(markdown: string, table: string = renderTable()): string[] {
  const found = section(markdown);
  if (typeof found === 'string') return [found];
  return markdown.slice(found.start, found.end) === `\n${table}\n`
    ? []
    : ['README\'s "What a change replaces" table is not the render of test/day-two/what-a-change-replaces.ts; run `npx projen readme:what-a-change-replaces`'];
}

/** README with the table between the markers rendered again. */
export function withTable(markdown: string, table: string = renderTable()): string {
  const found = section(markdown);
  if (typeof found === 'string') throw new Error(found);
  return `${markdown.slice(0, found.start)}\n${table}\n${markdown.slice(found.end)}`;
}

if (require.main === module) {
  const readme = fs.readFileSync('README.md', 'utf8');
  if (process.argv.includes('--update')) {
    fs.writeFileSync('README.md', withTable(readme));
    console.log('what-a-change-replaces: README.md table rewritten from test/day-two/what-a-change-replaces.ts.');
  } else {
    const problems = tableProblems(readme);
    if (problems.length > 0) {
      problems.forEach((problem) => console.error(`what-a-change-replaces: ${problem}`));
      process.exit(1);
    }
    console.log('what-a-change-replaces: README\'s table is the render of the transition rows.');
  }
}
