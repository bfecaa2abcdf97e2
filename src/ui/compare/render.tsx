/** `compare` and `sweep` on a terminal: drawn once with Ink (nothing is live; the work is done by then). */
import { renderToString } from 'ink';
import type { CompareResult } from '../../report/compare.js';
import type { SweepResult } from '../../report/sweep.js';
import { CompareView } from './compare-view.js';
import { SweepView } from './sweep-view.js';

export function renderCompare(result: CompareResult, columns: number): string {
  return renderToString(<CompareView result={result} width={columns} />, { columns });
}

export function renderSweep(result: SweepResult, columns: number): string {
  return renderToString(<SweepView result={result} width={columns} />, { columns });
}
