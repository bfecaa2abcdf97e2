/**
 * Apportioning terminal cells to quantities, shared by every bar (SM split, time breakdown, memory, progress).
 * Pure; no Ink.
 */

/**
 * Cells for each value out of `width` cells standing for `total` (default: the sum), by largest remainder so the cells
 * add up exactly to round(width * sum / total). A non-zero value keeps at least one cell when the width allows it,
 * so a small term (1 comm SM of 132) never disappears.
 *
 * @example splitCells([112, 20], 66) // [56, 10]
 */
export function splitCells(values: readonly number[], width: number, total?: number): number[] {
  const positive = values.map((v) => (Number.isFinite(v) && v > 0 ? v : 0));
  const sum = positive.reduce((a, b) => a + b, 0);
  const denominator = total !== undefined && total > 0 ? total : sum;
  const cellsWide = Math.max(0, Math.floor(width));
  if (denominator <= 0 || cellsWide === 0) return values.map(() => 0);
  const target = Math.min(cellsWide, Math.round((cellsWide * Math.min(sum, denominator)) / denominator));
  const exact = positive.map((v) => (cellsWide * v) / denominator);
  const cells = exact.map(Math.floor);
  let left = target - cells.reduce((a, b) => a + b, 0);
  const byRemainder = exact.map((x, i) => ({ i, r: x - Math.floor(x) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (const { i } of byRemainder) {
    if (left <= 0) break;
    if (positive[i]! > 0) {
      cells[i]! += 1;
      left--;
    }
  }
  return keepSmallVisible(cells, positive);
}

/** Moves one cell from the widest segment to each visible-but-empty one. */
function keepSmallVisible(cells: number[], values: readonly number[]): number[] {
  for (let i = 0; i < cells.length; i++) {
    if (values[i]! <= 0 || cells[i]! > 0) continue;
    const widest = cells.indexOf(Math.max(...cells));
    if (cells[widest]! <= 1) break;
    cells[widest]! -= 1;
    cells[i] = 1;
  }
  return cells;
}

/** Characters of one segment of a bar. */
export const BAR_FULL = '█';
export const BAR_EMPTY = '░';
