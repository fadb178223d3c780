import * as fs from 'fs';
import * as path from 'path';
import { AT_SCALE_PAGE, AT_SCALE_SECTION, SCENARIO, atScaleProblems, renderAtScale } from '../scripts/at-scale';

const PAGE = fs.readFileSync(path.join(__dirname, '..', AT_SCALE_PAGE), 'utf8');

describe('docs/transit-gateway.md\'s at-scale table', () => {
  test('is the render of the price table and the quotas (npx projen docs:at-scale rewrites it)', () => {
    expect(atScaleProblems(PAGE)).toEqual([]);
  });

  test('a stale table is reported, naming the command that rewrites it', () => {
    const stale = PAGE.replace('**$449**', '**$400**');
    expect(stale).not.toBe(PAGE);
    expect(atScaleProblems(stale)).toEqual([expect.stringMatching(/at-scale table is not the render.*npx projen docs:at-scale/)]);
    expect(atScaleProblems(PAGE.replace(AT_SCALE_SECTION.endMarker, ''))).toEqual([`${AT_SCALE_PAGE} has no ${AT_SCALE_SECTION.endMarker} marker`]);
  });

  test('has a row per team size, and the Transit Gateway is the cheaper way to reach the VPCs at each', () => {
    const rows = renderAtScale().split('\n').filter((line) => /^\| \d+ \|/.test(line));
    expect(rows.map((row) => Number(row.split('|')[1]))).toEqual([...SCENARIO.people]);
    for (const row of rows) {
      const [perVpc, transit] = [...row.matchAll(/\*\*\$([\d,]+)\*\*/g)].map((match) => Number(match[1].replace(/,/g, '')));
      expect(transit).toBeLessThan(perVpc);
    }
  });
});
