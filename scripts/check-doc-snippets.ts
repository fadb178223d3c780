/**
 * `jsii-rosetta extract` compiles the examples of README and the TSDoc only.
 * The ```ts blocks of docs/*.md and UPGRADING.md must compile too, so this
 * compiles them the way rosetta does: each block is wrapped in its fixture
 * (rosetta/default.ts-fixture, or `fixture=<name>` from the info string, or
 * none with `nofixture`), its import lines hoisted above the fixture, and all
 * of them compiled with rosetta's compiler options by the TypeScript that
 * jsii-rosetta uses. `sso-client-vpn-bastion` resolves to src/, so no compile
 * of the library is needed first.
 *
 *   ts-node scripts/check-doc-snippets.ts    # fail, naming file and line, if a block does not compile
 */
import * as fs from 'fs';
import * as path from 'path';

const REPO = path.join(__dirname, '..');

/** The jsii-rosetta modules this check uses, loaded by path: the package exports only its index. */
function rosettaModule<T>(relative: string): T {
  const root = path.dirname(require.resolve('jsii-rosetta'));
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(path.join(root, relative)) as T;
}

/** The TypeScript that jsii-rosetta compiles with. */
function rosettaTypeScript(): typeof import('typescript') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(require.resolve('typescript', { paths: [path.dirname(require.resolve('jsii-rosetta'))] }));
}

interface Snippet {
  readonly visibleSource: string;
  readonly completeSource?: string;
  readonly location: { readonly field?: { readonly line?: number } };
  readonly parameters?: Record<string, string>;
}

/** The Markdown files whose snippets this check compiles: docs/*.md and UPGRADING.md. */
export function docFiles(repo: string = REPO): string[] {
  const docs = fs.existsSync(path.join(repo, 'docs'))
    ? fs.readdirSync(path.join(repo, 'docs')).filter((file) => file.endsWith('.md')).sort().map((file) => path.join('docs', file))
    : [];
  return [...docs, ...(fs.existsSync(path.join(repo, 'UPGRADING.md')) ? ['UPGRADING.md'] : [])];
}

/** One compilable source per ```ts block: the block in its fixture, as rosetta builds it. */
interface Compilable {
  /** The Markdown file, relative to the repository. */
  readonly file: string;
  /** 1-based line of the block's opening fence. */
  readonly fenceLine: number;
  /** The block's code as written. */
  readonly visible: string;
  /** The block in its fixture. */
  readonly source: string;
}

/** The ```ts blocks of a Markdown text, each in its fixture. `file` is only for the locations. */
export function snippetsOf(file: string, markdown: string, repo: string = REPO): Compilable[] {
  const { extractTypescriptSnippetsFromMarkdown } = rosettaModule<{
    extractTypescriptSnippetsFromMarkdown: (markdown: string, location: unknown, strict: boolean) => Snippet[];
  }>('markdown/extract-snippets.js');
  const { fixturize } = rosettaModule<{ fixturize: (snippet: Snippet, loose?: boolean) => Snippet }>('fixtures.js');
  const lines = markdown.split('\n');
  return extractTypescriptSnippetsFromMarkdown(markdown, { api: 'file', fileName: file }, true).map((snippet) => {
    const complete = fixturize({ ...snippet, parameters: { ...snippet.parameters, $directory: repo } });
    // rosetta's line is commonmark's: the block's first line, its opening fence.
    let fenceLine = snippet.location.field?.line ?? 1;
    while (fenceLine > 1 && !/^\s*(`{3,}|~{3,})/.test(lines[fenceLine - 1] ?? '')) fenceLine--;
    return { file, fenceLine, visible: snippet.visibleSource, source: complete.completeSource ?? snippet.visibleSource };
  });
}

/** The line of `file` where a diagnostic of a snippet's compiled source falls: the snippet's line with that text, or its fence. */
function fileLine(snippet: Compilable, compiledLine: string): number {
  const wanted = compiledLine.trim();
  const index = wanted === '' ? -1 : snippet.visible.split('\n').findIndex((line) => line.trim() === wanted);
  return index < 0 ? snippet.fenceLine : snippet.fenceLine + 1 + index;
}

/**
 * Compiles the snippets together, each file a module of its own (as rosetta
 * does), and returns one problem per error: `<file>:<line>: <message>`.
 */
export function compileProblems(snippets: Compilable[], repo: string = REPO): string[] {
  if (snippets.length === 0) return [];
  const ts = rosettaTypeScript();
  const { STANDARD_COMPILER_OPTIONS } = rosettaModule<{ STANDARD_COMPILER_OPTIONS: import('typescript').CompilerOptions }>('typescript/ts-compiler.js');
  const { incremental: _incremental, tsBuildInfoFile: _tsBuildInfoFile, ...standard } = STANDARD_COMPILER_OPTIONS;
  const options: import('typescript').CompilerOptions = {
    ...standard,
    noEmit: true,
    paths: { 'sso-client-vpn-bastion': [path.join(repo, 'src', 'index.ts')] },
  };
  const virtual = new Map<string, Compilable>();
  const sources = new Map<string, string>();
  snippets.forEach((snippet, index) => {
    const name = path.join(repo, '.doc-snippets', `${snippet.file.replace(/[^A-Za-z0-9]/g, '_')}_L${snippet.fenceLine}_${index}.ts`);
    virtual.set(name, snippet);
    // As rosetta: an empty export makes each snippet a module of its own.
    sources.set(name, `${snippet.source}\nexport {};\n`);
  });
  const host = ts.createCompilerHost(options, true);
  const realGetSourceFile = host.getSourceFile.bind(host);
  const realFileExists = host.fileExists.bind(host);
  const realReadFile = host.readFile.bind(host);
  host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => sources.has(fileName)
    ? ts.createSourceFile(fileName, sources.get(fileName)!, languageVersion, true)
    : realGetSourceFile(fileName, languageVersion, onError, shouldCreate);
  host.fileExists = (fileName) => sources.has(fileName) || realFileExists(fileName);
  host.readFile = (fileName) => sources.get(fileName) ?? realReadFile(fileName);
  host.getCurrentDirectory = () => repo;
  const program = ts.createProgram({ rootNames: [...sources.keys()], options, host });
  const problems: string[] = [];
  for (const [name, snippet] of virtual) {
    const sourceFile = program.getSourceFile(name)!;
    const diagnostics = [...program.getSyntacticDiagnostics(sourceFile), ...program.getSemanticDiagnostics(sourceFile)];
    for (const diagnostic of diagnostics) {
      if (diagnostic.category !== ts.DiagnosticCategory.Error) continue;
      const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ');
      let line = snippet.fenceLine;
      if (diagnostic.file && diagnostic.start !== undefined) {
        const position = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
        line = fileLine(snippet, diagnostic.file.text.split('\n')[position.line] ?? '');
      }
      problems.push(`${snippet.file}:${line}: TS${diagnostic.code}: ${message}`);
    }
  }
  return problems;
}

/** Every problem of every ```ts block of docs/*.md and UPGRADING.md. */
export function docSnippetProblems(repo: string = REPO): { problems: string[]; count: number } {
  const snippets = docFiles(repo)
    .flatMap((file) => snippetsOf(file, fs.readFileSync(path.join(repo, file), 'utf8'), repo));
  return { problems: compileProblems(snippets, repo), count: snippets.length };
}

if (require.main === module) {
  const { problems, count } = docSnippetProblems();
  if (problems.length > 0) {
    problems.forEach((problem) => console.error(`check-doc-snippets: ${problem}`));
    process.exit(1);
  }
  console.log(`check-doc-snippets: the ${count} TypeScript blocks of ${docFiles().join(', ')} compile.`);
}
