/** A comparison's section: tuned against baseline per chip with the adaptation gain, then each chip's tuned config. */
import { UserError } from '../../errors.js';
import { createEvaluator, type ModelIds } from '../../model/index.js';
import type { Catalog } from '../../profiles/catalog.js';
import type { ProfileKind } from '../../profiles/schemas.js';
import type { CompareResult } from '../compare.js';
import { compareHeadline, compareTables } from '../compare-tables.js';
import { times } from '../tables.js';
import { groupedBars } from './charts.js';
import { focusOf } from './focus.js';
import { focusPart, hashesNow, htmlTable, provenancePart } from './sections.js';
import { el, esc } from './svg.js';

export function compareSection(r: CompareResult, file: string, id: string, catalog: Catalog): string {
  const bars = groupedBars({
    label: 'tuned against baseline throughput per chip',
    caption: 'tokens/s per GPU',
    format: (v) => v.toFixed(0),
    groups: r.chips.map((c) => ({
      label: c.chip,
      bars: [
        { label: 'tuned', value: c.tuned?.tokensPerSecPerGpu ?? null, cls: 'tuned' },
        { label: 'baseline', value: c.baseline?.tokensPerSecPerGpu ?? null, cls: 'baseline' },
      ],
      note: `gain ${times(c.adaptationGain)}`,
    })),
  });
  const focuses = r.chips.map((c, i) => {
    const fid = `${id}-chip${i}`;
    if (c.tuned === null)
      return el('div', { class: 'focus', id: fid }, el('h3', {}, esc(`${c.chip}: nothing feasible`)));
    const ids: ModelIds = { workload: r.workload, chip: c.chip, gpus: r.gpus, cluster: r.cluster, kernel: r.kernel };
    try {
      const evaluator = createEvaluator(ids, {}, catalog);
      const metrics = evaluator.evaluate(c.tuned.config);
      const note = `Evaluated now by the cost model with today's ${c.chip} profile (the comparison keeps no per-op details).`;
      return focusPart(
        focusOf(`${c.name} (${c.chip}): tuned config`, c.tuned.config, metrics, evaluator, undefined, [note]),
        fid,
      );
    } catch (err) {
      if (!(err instanceof UserError)) throw err;
      return el(
        'div',
        { class: 'focus', id: fid },
        el('h3', {}, esc(`${c.chip}: tuned config`)),
        el('p', { class: 'problem' }, esc(`not drawn: ${err.message}`)),
      );
    }
  });
  const hashes = hashesNow(catalog, [
    ['workload', r.workload],
    ...r.chips.map((c): [ProfileKind, string] => ['chip', c.chip]),
    ['cluster', r.cluster],
    ['kernel', r.kernel],
  ]);
  return el(
    'section',
    { class: 'result compare', id },
    el('h2', {}, esc(`Comparison ${r.spec}: ${r.chips.map((c) => c.chip).join(', ')}`)),
    el('p', {}, esc(`file ${file}`)),
    ...compareHeadline(r).map((line) => el('p', {}, esc(line))),
    el('div', { class: 'part' }, el('h3', {}, esc('Tuned against baseline, per chip')), bars),
    ...compareTables(r).map((t) => htmlTable(t)),
    el(
      'p',
      { class: 'note' },
      esc(
        "A comparison keeps each search's summary, not its trials: run `autotune search` on one chip for its convergence.",
      ),
    ),
    ...focuses,
    provenancePart(
      [
        ['tool', `autotune ${r.version}`],
        ['spec', r.spec],
        ['search', `${r.optimizer}, budget ${r.budget}, seed ${r.seed}`],
      ],
      hashes,
      'sha256 of the profiles as this report read them (a comparison does not record the hashes it ran with):',
    ),
  );
}
