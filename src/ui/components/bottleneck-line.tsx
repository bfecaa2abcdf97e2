import { Text } from 'ink';
import type { Bottleneck } from '../../contract/metrics.js';
import { BOTTLENECK_TEXT } from '../labels.js';
import { theme } from '../theme.js';

export interface BottleneckLineProps {
  readonly bottleneck: Bottleneck;
  /** The model's explanation when the config does not fit. */
  readonly infeasibleReason?: string;
}

/** What limits the config most, in words; where to push next. */
export function BottleneckLine({ bottleneck, infeasibleReason }: BottleneckLineProps) {
  return (
    <Text wrap="truncate-end">
      <Text color={theme.muted}>bottleneck </Text>
      <Text color={theme.warn}>{BOTTLENECK_TEXT[bottleneck]}</Text>
      {infeasibleReason ? <Text color={theme.bad}> ({infeasibleReason})</Text> : null}
    </Text>
  );
}
