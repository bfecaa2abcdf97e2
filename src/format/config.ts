/** Configs as one line of text, with the short field names a user reads. */
import type { Config } from '../contract/config.js';

/** Short names for config fields, as a user reads them in a one-line summary; also their display order. */
const FIELD_LABELS: Readonly<Record<keyof Config, string>> = {
  schedule: 'schedule',
  pp: 'pp',
  vpp: 'vpp',
  ep: 'ep',
  tp: 'tp',
  microBatchSize: 'mbs',
  commSMs: 'commSMs',
  nodeLimit: 'nodeLimit',
  recompute: 'recompute',
  sequenceParallel: 'sp',
};

/** Sort comparator: Config fields in their display order, unknown fields after them. */
export function byFieldOrder(a: string, b: string): number {
  const order = Object.keys(FIELD_LABELS);
  const rank = (field: string) => (order.includes(field) ? order.indexOf(field) : order.length);
  return rank(a) - rank(b);
}

export function fieldLabel(field: string): string {
  return (FIELD_LABELS as Record<string, string>)[field] ?? field;
}

/** "dualpipe pp16 ep64 mbs1 commSMs=22": fields in the Config's order (whatever order the spec gave them in), short
 * numeric ones glued to their label, the rest as name=value. */
export function formatConfig(config: Readonly<Partial<Config>>): string {
  const glued = new Set(['pp', 'ep', 'tp', 'vpp', 'mbs']);
  const fields = (Object.entries(config) as [string, unknown][])
    .filter(([, value]) => value !== undefined)
    .sort(([a], [b]) => byFieldOrder(a, b));
  return fields
    .map(([field, value]) => {
      if (field === 'schedule') return String(value);
      const label = fieldLabel(field);
      return glued.has(label) ? `${label}${String(value)}` : `${label}=${String(value)}`;
    })
    .join(' ');
}
