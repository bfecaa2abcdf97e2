/**
 * Where a config sits at an end of a numeric range the spec searched, short of what the field itself allows: the
 * optimum may lie beyond it, so the range is worth widening (on the H800 the model's best takes the most comm SMs
 * the shipped spec offers). An end that is also the field's own limit (microBatchSize 1) is not reported.
 */
import { CONFIG_FIELDS, isConfigField } from '../contract/config-fields.js';
import { levelCount, type Params, valueAt } from './dimension.js';
import type { SearchSpace } from './space.js';

export interface RangeEdge {
  param: string;
  value: number;
  edge: 'lowest' | 'highest';
  /** The range searched. */
  lowest: number;
  highest: number;
  /** The next value inward, and how much better the config is than with it (relative), when that was tried. */
  inner: { value: number; gain: number } | null;
}

/** The objective of a config that was tried and is feasible, else null. */
export type ObjectiveLookup = (params: Params) => number | null;

export function rangeEdges(space: SearchSpace, config: Params, objectiveOf: ObjectiveLookup = () => null): RangeEdge[] {
  const point = space.encode(config);
  if (!point) return [];
  return space.dims.flatMap((dim, i): RangeEdge[] => {
    const levels = levelCount(dim);
    if (dim.kind === 'categorical' || !Number.isFinite(levels) || levels < 3) return [];
    const coord = point[i]!;
    if (coord !== 0 && coord !== levels - 1) return [];
    const lowest = valueAt(dim, 0) as number;
    const highest = valueAt(dim, levels - 1) as number;
    const rule = isConfigField(dim.name) ? CONFIG_FIELDS[dim.name] : null;
    if (coord === 0 && rule?.kind === 'integer' && lowest <= rule.min) return [];
    const innerValue = valueAt(dim, coord === 0 ? 1 : coord - 1) as number;
    const here = objectiveOf(config);
    const there = objectiveOf({ ...config, [dim.name]: innerValue });
    const inner =
      here !== null && there !== null && there !== 0
        ? { value: innerValue, gain: Math.abs(here - there) / Math.abs(there) }
        : null;
    return [
      {
        param: dim.name,
        value: valueAt(dim, coord) as number,
        edge: coord === 0 ? 'lowest' : 'highest',
        lowest,
        highest,
        inner,
      },
    ];
  });
}

const gainText = (e: RangeEdge): string => (e.inner ? `${(100 * e.inner.gain).toFixed(2)}%` : '');

/** All edges in one short line, for a display with little room. */
export function describeRangeEdgesBriefly(edges: readonly RangeEdge[]): string {
  return `best at a range end, widen?: ${edges.map((e) => `${e.param} ${e.value} of ${e.lowest}..${e.highest}${e.inner ? ` (+${gainText(e)})` : ''}`).join(', ')}`;
}

/** One line per edge, for summaries. */
export function describeRangeEdge(e: RangeEdge): string {
  const gain = e.inner ? `, ${gainText(e)} better than ${e.param} = ${e.inner.value}` : '';
  return `${e.param} = ${e.value} is the ${e.edge} value searched (${e.lowest}..${e.highest})${gain}; the optimum may lie beyond: widen space.${e.param}`;
}
