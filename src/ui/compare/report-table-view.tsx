import { Box, Text } from 'ink';
import type { ReportTable } from '../../report/tables.js';
import { Table } from '../components/table.js';
import { theme } from '../theme.js';

/** One report table: its title, the generic Table, and its notes. */
export function ReportTableView({ table, width }: { readonly table: ReportTable; readonly width: number }) {
  return (
    <Box flexDirection="column" marginTop={1}>
      <Text bold color={theme.accent}>
        {table.title}
      </Text>
      <Table columns={table.columns} rows={table.rows} width={width} highlight={table.highlight} />
      {(table.notes ?? []).map((note, i) => (
        <Text key={i} color={theme.muted} wrap="truncate-end">
          {note}
        </Text>
      ))}
    </Box>
  );
}

/** Lines in the muted colour (headlines, footers). */
export function Lines({ lines, color }: { readonly lines: readonly string[]; readonly color?: string }) {
  return (
    <Box flexDirection="column">
      {lines.map((line, i) => (
        <Text key={i} color={color} wrap="wrap">
          {line}
        </Text>
      ))}
    </Box>
  );
}
