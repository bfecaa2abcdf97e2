import { Box, Text } from 'ink';
import { clip } from '../../format/numbers.js';
import { theme } from '../theme.js';

export interface TableColumn {
  readonly key: string;
  readonly header: string;
  readonly align?: 'left' | 'right';
  readonly color?: string;
}

export interface TableProps {
  readonly columns: readonly TableColumn[];
  /** Cells by column key; a missing cell prints empty. */
  readonly rows: readonly Readonly<Record<string, string>>[];
  readonly width: number;
  /** Row drawn in the `good` colour (e.g. the best). */
  readonly highlight?: number;
}

const GAP = '  ';

/** A plain table: each column as wide as its widest cell, a rule under the header, lines clipped to the width. */
export function Table({ columns, rows, width, highlight }: TableProps) {
  const widths = columns.map((c) => Math.max(c.header.length, ...rows.map((r) => (r[c.key] ?? '').length)));
  const line = (cells: readonly string[]) =>
    clip(
      cells
        .map((cell, i) => (columns[i]!.align === 'right' ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!)))
        .join(GAP)
        .trimEnd(),
      width,
    );
  return (
    <Box flexDirection="column" width={width}>
      <Text bold>{line(columns.map((c) => c.header))}</Text>
      <Text color={theme.muted}>{line(widths.map((w) => '─'.repeat(w)))}</Text>
      {rows.map((row, r) => (
        <Text key={r} color={r === highlight ? theme.good : undefined}>
          {line(columns.map((c) => row[c.key] ?? ''))}
        </Text>
      ))}
    </Box>
  );
}
