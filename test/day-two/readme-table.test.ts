import * as fs from 'fs';
import * as path from 'path';
import { TRANSITIONS, renderTable } from './what-a-change-replaces';
import { END_MARKER, START_MARKER, tableProblems, withTable } from '../../scripts/what-a-change-replaces';

const README = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');

describe('README\'s "What a change replaces" table', () => {
  test('is the render of the transition rows (npx projen readme:what-a-change-replaces rewrites it)', () => {
    expect(tableProblems(README)).toEqual([]);
  });

  test('has one row per transition', () => {
    expect(renderTable().split('\n')).toHaveLength(TRANSITIONS.length + 2);
  });

  test('a stale table is reported, and the update makes it current', () => {
    const stale = README.replace(/(what-a-change-replaces:start -->\n\| change .*\n\|---.*\n)\| [^\n]*\n/, '$1');
    expect(stale).not.toBe(README);
    expect(tableProblems(stale)).toEqual([expect.stringMatching(/not the render .* run `npx projen readme:what-a-change-replaces`/)]);
    expect(withTable(stale)).toBe(README);
  });

  test('missing markers are reported', () => {
    expect(tableProblems(README.replace(START_MARKER, ''))).toEqual([`README has no ${START_MARKER} marker`]);
    expect(tableProblems(README.replace(END_MARKER, ''))).toEqual([`README has no ${END_MARKER} marker`]);
  });
});
