import { Box, Text } from 'ink';
import { clip } from '../../format/numbers.js';
import { theme } from '../theme.js';

export interface GanttPanelProps {
  /** The chart as the schedule engine's renderer drew it, one string per line. */
  readonly lines: readonly string[];
  /** e.g. "dualpipe pp16, 32 micro-batches". */
  readonly title: string;
  readonly width: number;
  /** Most rows to use, title included. */
  readonly height: number;
}

/** The best config's pipeline schedule, clipped to the space it is given (lines dropped are counted). */
export function GanttPanel({ lines, title, width, height }: GanttPanelProps) {
  const room = Math.max(1, height - 1);
  const shown = lines.length > room ? lines.slice(0, room - 1) : lines;
  const hidden = lines.length - shown.length;
  return (
    <Box flexDirection="column" width={width}>
      <Text color={theme.muted} wrap="truncate-end">
        {clip(`pipeline ${title}`, width)}
      </Text>
      {shown.map((line, i) => (
        <Text key={i} wrap="truncate-end">
          {clip(line, width)}
        </Text>
      ))}
      {hidden > 0 ? <Text color={theme.muted}>{`… ${hidden} more lines`}</Text> : null}
    </Box>
  );
}
