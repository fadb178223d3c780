/**
 * README shows the main usage example in Python beside the TypeScript. The
 * Python is jsii-rosetta's translation of the TypeScript block before it, read
 * from the tablet that `jsii-rosetta extract` writes (.jsii.tabl.json), so the
 * two cannot drift apart:
 *
 *   ts-node scripts/readme-python.ts           # fail if a Python block differs
 *   ts-node scripts/readme-python.ts --update  # rewrite the Python blocks
 */
import * as fs from 'fs';

export interface CodeBlock {
  /** The first word of the info string (`ts`, `python`...). */
  readonly language: string;
  /** The code, without the fences. */
  readonly code: string;
  /** Line index (0-based) of the opening fence. */
  readonly start: number;
  /** Line index (0-based) of the closing fence. */
  readonly end: number;
}

/** A rosetta tablet: translations of every snippet, keyed by a hash. */
export interface Tablet {
  readonly snippets: Record<string, { readonly translations: Record<string, { readonly source: string }> }>;
}

export function codeBlocks(markdown: string): CodeBlock[] {
  const lines = markdown.split('\n');
  const blocks: CodeBlock[] = [];
  let open: { language: string; start: number; fence: string } | undefined;
  lines.forEach((line, index) => {
    const fence = /^(\s*)(`{3,})(.*)$/.exec(line);
    if (!fence) return;
    if (!open) {
      open = { language: fence[3].trim().split(/\s+/)[0] ?? '', start: index, fence: fence[2] };
    } else if (fence[2] === open.fence && fence[3].trim() === '') {
      const code = lines.slice(open.start + 1, index).join('\n');
      blocks.push({ language: open.language, code, start: open.start, end: index });
      open = undefined;
    }
  });
  return blocks;
}

function pythonTranslation(tablet: Tablet, typescript: string): string | undefined {
  const wanted = typescript.trim();
  for (const snippet of Object.values(tablet.snippets)) {
    if (snippet.translations.$?.source.trim() === wanted) {
      return snippet.translations.python?.source.trim();
    }
  }
  return undefined;
}

interface Pairing {
  readonly python: CodeBlock;
  readonly expected?: string;
  readonly problem?: string;
}

function pairings(markdown: string, tablet: Tablet): Pairing[] {
  const blocks = codeBlocks(markdown);
  return blocks.flatMap((block, index): Pairing[] => {
    if (block.language !== 'python') return [];
    const typescript = blocks.slice(0, index).reverse().find(b => b.language === 'ts' || b.language === 'typescript');
    if (!typescript) {
      return [{ python: block, problem: `the Python block at line ${block.start + 1} has no TypeScript block before it` }];
    }
    const expected = pythonTranslation(tablet, typescript.code);
    if (expected === undefined) {
      return [{ python: block, problem: `no rosetta translation of the TypeScript block at line ${typescript.start + 1}; run \`npx projen rosetta:extract\`` }];
    }
    return [{ python: block, expected }];
  });
}

/** What differs between README's Python blocks and rosetta's translations of the TypeScript before them. */
export function readmePythonProblems(markdown: string, tablet: Tablet): string[] {
  const found = pairings(markdown, tablet);
  if (found.length === 0) return ['README has no Python block beside the TypeScript usage example'];
  return found.flatMap(pairing => {
    if (pairing.problem) return [pairing.problem];
    return pairing.python.code.trim() === pairing.expected
      ? []
      : [`the Python block at line ${pairing.python.start + 1} is not rosetta's translation of the TypeScript before it; run \`npx projen readme:python\``];
  });
}

/** README with each Python block replaced by rosetta's translation of the TypeScript before it. */
export function withPythonTranslations(markdown: string, tablet: Tablet): string {
  const lines = markdown.split('\n');
  // From the last block up, so that earlier line indexes stay valid.
  for (const pairing of pairings(markdown, tablet).reverse()) {
    if (pairing.expected === undefined) throw new Error(pairing.problem);
    lines.splice(pairing.python.start + 1, pairing.python.end - pairing.python.start - 1, ...pairing.expected.split('\n'));
  }
  return lines.join('\n');
}

if (require.main === module) {
  const tabletPath = '.jsii.tabl.json';
  if (!fs.existsSync(tabletPath)) {
    console.error(`readme-python: ${tabletPath} not found; run \`npx projen rosetta:extract\` first.`);
    process.exit(1);
  }
  const tablet = JSON.parse(fs.readFileSync(tabletPath, 'utf8')) as Tablet;
  const readme = fs.readFileSync('README.md', 'utf8');
  if (process.argv.includes('--update')) {
    fs.writeFileSync('README.md', withPythonTranslations(readme, tablet));
    console.log('readme-python: README.md Python blocks rewritten from the rosetta tablet.');
  } else {
    const problems = readmePythonProblems(readme, tablet);
    if (problems.length > 0) {
      problems.forEach(problem => console.error(`readme-python: ${problem}`));
      process.exit(1);
    }
    console.log('readme-python: README\'s Python example is rosetta\'s translation of the TypeScript beside it.');
  }
}
