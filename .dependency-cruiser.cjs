/**
 * The import graph of src/, as docs/contributing.md draws it:
 *
 *   index.ts -> sso-client-vpn-bastion.ts -> the parts -> core/
 *
 * The parts are the folders under src/ other than core/. A part may import
 * another part (cost/ reads the schedule's contract, endpoint/ the
 * identity-center's groups) and the top-level outputs; never the construct
 * that orders them, and core/ imports no part. No circle anywhere.
 * Type-only imports count (--ts-pre-compilation-deps): a circle of types is
 * still a circle to a reader. The GitHub Action (action/src/) imports the
 * library only through src/index.ts, as its users do.
 */
// Every folder but core/, so that a new part is covered without editing this list.
const PARTS = '^src/(?!core/)[^/]+/';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'A circle of imports: the files in it can only be understood together. Move what they share into one of them, or into core/.',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'no-part-into-construct',
      comment: 'A part imports the construct (or the public index) that orders the parts: hand the part what it needs as an argument instead.',
      severity: 'error',
      from: { path: PARTS },
      to: { path: '^src/(sso-client-vpn-bastion|index)\\.ts$' },
    },
    {
      name: 'action-uses-public-api',
      comment: 'The GitHub Action imports the library as its users do, from src/index.ts: make what it needs public API (with TSDoc), or keep it in action/.',
      severity: 'error',
      from: { path: '^action/src/' },
      to: { path: '^src/', pathNot: '^src/index\\.ts$' },
    },
    {
      name: 'no-core-into-part',
      comment: 'core/ is what every part uses; it imports nothing of src/ outside core/.',
      severity: 'error',
      from: { path: '^src/core/' },
      to: { path: '^src/', pathNot: '^src/core/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '\\.d\\.ts$' },
    tsConfig: { fileName: 'tsconfig.dev.json' },
    tsPreCompilationDeps: true,
  },
};
