import { Text } from 'ink';
import { BAR_EMPTY, BAR_FULL, splitCells } from '../bars.js';
import { theme } from '../theme.js';

export interface BarSegment {
  readonly value: number;
  readonly color: string;
  /** Cell character; defaults to a full block. */
  readonly char?: string;
}

export interface StackedBarProps {
  readonly segments: readonly BarSegment[];
  /** Cells of the whole bar. */
  readonly width: number;
  /** What the full width stands for (default: the sum of the segments); the rest is drawn empty. */
  readonly total?: number;
}

/** A proportional bar of coloured segments: the one bar every panel (SMs, time, memory, progress) draws with. */
export function StackedBar({ segments, width, total }: StackedBarProps) {
  const cells = splitCells(
    segments.map((s) => s.value),
    width,
    total,
  );
  const used = cells.reduce((a, b) => a + b, 0);
  return (
    <Text>
      {segments.map((segment, i) =>
        cells[i]! > 0 ? (
          <Text key={i} color={segment.color}>
            {(segment.char ?? BAR_FULL).repeat(cells[i]!)}
          </Text>
        ) : null,
      )}
      {used < width ? <Text color={theme.muted}>{BAR_EMPTY.repeat(Math.max(0, Math.floor(width) - used))}</Text> : null}
    </Text>
  );
}
