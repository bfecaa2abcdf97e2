import type { Config } from '../../contract/config.js';
import { fieldLabel } from '../../format/config.js';
import { metricScale, metricUnit } from '../../format/metrics.js';
import { formatFigure } from '../../format/numbers.js';
import { configValue, differingFields, fieldText } from '../configs.js';
import { Table, type TableColumn } from './table.js';

export interface TopTableProps {
  readonly top: readonly { readonly trial: number; readonly config: Config; readonly objective: number }[];
  readonly metric: string;
  readonly width: number;
}

/** The top configs, showing only the parameters that tell them apart, then the objective. */
export function TopTable({ top, metric, width }: TopTableProps) {
  const fields = differingFields(top.map((t) => t.config));
  const numeric = (field: string) => top.every((t) => typeof configValue(t.config, field) === 'number');
  const columns: TableColumn[] = [
    { key: '#', header: '#', align: 'right' },
    ...fields.map(
      (field): TableColumn => ({ key: field, header: fieldLabel(field), align: numeric(field) ? 'right' : 'left' }),
    ),
    { key: 'objective', header: metricUnit(metric), align: 'right' },
    { key: 'trial', header: 'trial', align: 'right' },
  ];
  const scale = metricScale(metric);
  const rows = top.map((t, i) => {
    const row: Record<string, string> = {
      '#': String(i + 1),
      objective: formatFigure(t.objective * scale),
      trial: String(t.trial),
    };
    for (const field of fields) row[field] = fieldText(t.config, field);
    return row;
  });
  return <Table columns={columns} rows={rows} width={width} highlight={0} />;
}
