/**
 * `autotune report`: one self-contained HTML file for one or more results (studies, comparisons, sweeps). The
 * charts are SVG written here, the styles inline, the source results inline as JSON data (inert: no script runs),
 * so it opens offline, reads without JavaScript, and carries what it was drawn from.
 */
import { writeTextAtomically } from '../../files.js';
import { formatConfig } from '../../format/config.js';
import { formatObjective } from '../../format/metrics.js';
import { PACKAGE_VERSION } from '../../paths.js';
import { Catalog } from '../../profiles/catalog.js';
import type { StudyResult } from '../../search/index.js';
import { compareSection } from './compare.js';
import type { LoadedResult } from './load.js';
import { htmlTable } from './sections.js';
import { convergenceChart, studySection } from './study.js';
import { STYLE } from './style.js';
import { el, esc } from './svg.js';
import { sweepSection } from './sweep.js';

/** Several studies: their best configs in one table, one column per study, and their convergence on one chart. */
function sideBySide(studies: readonly { file: string; result: StudyResult }[]): string {
  const cell = (s: StudyResult, f: (best: NonNullable<StudyResult['best']>) => string) =>
    s.best === null ? 'none feasible' : f(s.best);
  const rows: [string, (s: StudyResult) => string][] = [
    ['chip', (s) => `${s.provenance.spec.gpus} x ${s.provenance.spec.chip}`],
    ['optimizer', (s) => `${s.optimizer}, seed ${s.seed}`],
    ['trials', (s) => `${s.trials.length} (${s.trials.filter((t) => t.status === 'ok').length} feasible)`],
    ['best', (s) => cell(s, (b) => formatObjective(b.objective!, s.objective.metric))],
    ['found at trial', (s) => cell(s, (b) => String(b.number))],
    ['config', (s) => cell(s, (b) => formatConfig(b.config))],
    ['step time', (s) => cell(s, (b) => `${b.metrics!.stepTimeS.toFixed(2)} s`)],
    ['bottleneck', (s) => cell(s, (b) => b.metrics!.bottleneck)],
    ['memory', (s) => cell(s, (b) => `${b.metrics!.memoryGiB.toFixed(1)} GiB`)],
  ];
  const names = studies.map((s, i) => `${i + 1}. ${s.result.name}`);
  const table = htmlTable({
    title: 'Best config of each study',
    columns: [
      { key: 'what', header: '', align: 'left' },
      ...names.map((n, i) => ({ key: `s${i}`, header: n, align: 'left' as const })),
    ],
    rows: rows.map(([what, f]) => ({ what, ...Object.fromEntries(studies.map((s, i) => [`s${i}`, f(s.result)])) })),
  });
  const metrics = new Set(studies.map((s) => s.result.objective.metric));
  const chart =
    metrics.size === 1
      ? convergenceChart(
          studies.map((s, i) => ({ label: names[i]!, result: s.result })),
          'side-by-side-convergence',
        )
      : el(
          'p',
          { class: 'problem' },
          esc(`convergence not overlaid: the studies optimise different metrics (${[...metrics].join(', ')})`),
        );
  const key = el(
    'ul',
    { class: 'legend' },
    ...names.map((n, i) => el('li', {}, el('span', { class: `swatch s${i % 6}` }, ''), esc(n))),
  );
  return el(
    'section',
    { class: 'result side-by-side', id: 'side-by-side' },
    el('h2', {}, esc(`${studies.length} studies side by side`)),
    table,
    el('div', { class: 'part' }, el('h3', {}, esc('Convergence')), key, chart),
  );
}

/** JSON made safe inside <script type="application/json">: no "</script" can end it early. */
function inertJson(data: unknown): string {
  return JSON.stringify(data).replace(/</g, '\\u003c');
}

export function renderReport(
  results: readonly LoadedResult[],
  catalog: Catalog = new Catalog(),
  now: Date = new Date(),
): string {
  const studies = results.flatMap((r) => (r.kind === 'study' ? [{ file: r.file, result: r.result }] : []));
  const sections = results.map((r, i) => {
    const id = `result-${i + 1}`;
    switch (r.kind) {
      case 'study':
        return studySection(r.result, r.file, id, catalog);
      case 'compare':
        return compareSection(r.result, r.file, id, catalog);
      case 'sweep':
        return sweepSection(r.result, r.file, id, catalog);
    }
  });
  const nav =
    results.length > 1
      ? el(
          'nav',
          {},
          el(
            'ol',
            {},
            ...results.map((r, i) => el('li', {}, el('a', { href: `#result-${i + 1}` }, esc(`${r.kind}: ${r.file}`)))),
          ),
        )
      : '';
  const head = `<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${esc(`autotune report: ${results.map((r) => r.file).join(', ')}`)}</title><style>${STYLE}</style></head>`;
  const body = el(
    'body',
    {},
    el(
      'header',
      {},
      el('h1', {}, esc('autotune report')),
      el(
        'p',
        {},
        esc(
          `${results.length} result(s); written by autotune ${PACKAGE_VERSION} at ${now.toISOString()}. Hover a mark for its figures.`,
        ),
      ),
    ),
    nav,
    studies.length > 1 ? sideBySide(studies) : '',
    ...sections,
    `<script type="application/json" id="report-data">${inertJson(results.map((r) => ({ kind: r.kind, file: r.file, result: r.result })))}</script>`,
  );
  return `<!doctype html>\n<html lang="en">${head}${body}</html>\n`;
}

/** Writes the report atomically (a reader never sees half a file). */
export function writeHtmlReport(path: string, results: readonly LoadedResult[], catalog?: Catalog): void {
  writeTextAtomically(path, renderReport(results, catalog));
}

/** results/x.json -> results/x.html */
export function htmlPathBeside(jsonPath: string): string {
  return `${jsonPath.replace(/\.json$/, '')}.html`;
}

/** The report of one result, beside its JSON file (`--html` of search, compare and sweep); returns its path. */
export function writeHtmlBeside(result: LoadedResult): string {
  const path = htmlPathBeside(result.file);
  writeHtmlReport(path, [result]);
  return path;
}
