/**
 * The layer rule (docs/architecture.md): a room imports only from rooms on its own floor or below, never upwards,
 * and rooms on one floor do not import each other unless listed in SIDEWAYS. No import cycles. Ink and React only
 * in src/ui. `npm run lint` (and so `npm test` and CI) runs it: `depcruise src bench --config .dependency-cruiser.cjs`.
 */
const FLOORS = [
  // 0: the contract (zod schemas of every file and answer), the profiles, the formatters, the shared helpers
  ['contract', 'profiles', 'format', 'errors.ts', 'paths.ts', 'files.ts', 'bounded-cache.ts'],
  ['schedule', 'schemas'],
  ['model', 'serve'],
  ['search', 'trace', 'calibrate'],
  ['report', 'validation'],
  ['ui'],
  ['cli', 'index.ts'],
];
/** Same-floor imports that are allowed, as [from, to]. */
const SIDEWAYS = [
  ['contract', 'errors.ts'],
  ['format', 'contract'],
  ['files.ts', 'errors.ts'],
  ['profiles', 'errors.ts'],
  ['profiles', 'paths.ts'],
  ['serve', 'model'],
  ['calibrate', 'trace'],
];

const path = (room) => (room.endsWith('.ts') ? `^src/${room.replace('.', '\\.')}$` : `^src/${room}/`);
const floorOf = new Map(FLOORS.flatMap((rooms, floor) => rooms.map((room) => [room, floor])));
const rooms = [...floorOf.keys()];

const layerRules = rooms.map((room) => {
  const allowed = rooms.filter(
    (to) => to === room || floorOf.get(to) < floorOf.get(room) || SIDEWAYS.some(([a, b]) => a === room && b === to),
  );
  const forbidden = rooms.filter((to) => !allowed.includes(to));
  return {
    name: `layer-${room.replace('.ts', '')}`,
    comment: `src/${room} (floor ${floorOf.get(room)}) may import only ${allowed.join(', ')}`,
    severity: 'error',
    from: { path: path(room) },
    to: { path: forbidden.map(path).join('|') || '^$' },
  };
});

module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', comment: 'an import cycle', from: {}, to: { circular: true } },
    {
      name: 'ink-only-in-ui',
      severity: 'error',
      comment: 'no Ink or React below src/ui (the cli starts the UI through src/ui)',
      from: { path: '^src/', pathNot: '^src/ui/' },
      to: { path: '(^|/)node_modules/(ink|react)/' },
    },
    {
      name: 'contract-imports-zod-only',
      severity: 'error',
      comment: 'the contract is the ground floor: zod and node built-ins, nothing else from node_modules',
      from: { path: '^src/contract/' },
      to: { dependencyTypes: ['npm'], pathNot: '(^|/)node_modules/zod/' },
    },
    ...layerRules,
  ],
  options: {
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^dist/' },
  },
};
