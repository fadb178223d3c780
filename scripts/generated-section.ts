/**
 * A section of a docs page that a script writes, between an HTML comment
 * start marker and an end marker: the check that the page holds exactly
 * what the script renders, and the rewrite.
 */

export interface GeneratedSection {
  /** The page, relative to the repository. */
  readonly page: string;
  readonly startMarker: string;
  readonly endMarker: string;
  /** What the page must hold between the markers, and the command that rewrites it. */
  readonly what: string;
  readonly update: string;
}

/** The text between the markers, or an explanation of why there is none. */
function find(markdown: string, section: GeneratedSection): { start: number; end: number } | string {
  const start = markdown.indexOf(section.startMarker);
  const end = markdown.indexOf(section.endMarker);
  if (start < 0 || end < 0) return `${section.page} has no ${start < 0 ? section.startMarker : section.endMarker} marker`;
  if (end < start || markdown.indexOf(section.startMarker, start + 1) >= 0 || markdown.indexOf(section.endMarker, end + 1) >= 0) {
    return `${section.page} must have one start marker followed by one end marker`;
  }
  return { start: start + section.startMarker.length, end };
}

/** What is wrong with the page's section: empty when it holds `content`. */
export function sectionProblems(markdown: string, section: GeneratedSection, content: string): string[] {
  const found = find(markdown, section);
  if (typeof found === 'string') return [found];
  return markdown.slice(found.start, found.end) === `\n${content}\n`
    ? []
    : [`${section.page}'s ${section.what}; run \`${section.update}\``];
}

/** The page with `content` between the markers. */
export function withSection(markdown: string, section: GeneratedSection, content: string): string {
  const found = find(markdown, section);
  if (typeof found === 'string') throw new Error(found);
  return `${markdown.slice(0, found.start)}\n${content}\n${markdown.slice(found.end)}`;
}
