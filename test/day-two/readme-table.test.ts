import * as fs from 'fs';
import * as path from 'path';
import { TRANSITIONS, renderTable } from './what-a-change-replaces';
import { END_MARKER, START_MARKER, TABLE_PAGE, tableProblems, withTable } from '../../scripts/what-a-change-replaces';

const ROOT = path.join(__dirname, '..', '..');
const PAGE = fs.readFileSync(path.join(ROOT, TABLE_PAGE), 'utf8');

describe('docs/what-a-change-replaces.md\'s "What a change replaces" table', () => {
  test('is the render of the transition rows (npx projen readme:what-a-change-replaces rewrites it)', () => {
    expect(tableProblems(PAGE)).toEqual([]);
  });

  test('README links the page, and no longer holds a copy of the table', () => {
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    expect(readme).toContain(`](${TABLE_PAGE})`);
    expect(readme).not.toContain(START_MARKER);
  });

  test('has one row per transition', () => {
    expect(renderTable().split('\n')).toHaveLength(TRANSITIONS.length + 2);
  });

  test('a stale table is reported, and the update makes it current', () => {
    const stale = PAGE.replace(/(what-a-change-replaces:start -->\n\| change .*\n\|---.*\n)\| [^\n]*\n/, '$1');
    expect(stale).not.toBe(PAGE);
    expect(tableProblems(stale)).toEqual([expect.stringMatching(/not the render .* run `npx projen readme:what-a-change-replaces`/)]);
    expect(withTable(stale)).toBe(PAGE);
  });

  test('missing markers are reported', () => {
    expect(tableProblems(PAGE.replace(START_MARKER, ''))).toEqual([`${TABLE_PAGE} has no ${START_MARKER} marker`]);
    expect(tableProblems(PAGE.replace(END_MARKER, ''))).toEqual([`${TABLE_PAGE} has no ${END_MARKER} marker`]);
  });
});
