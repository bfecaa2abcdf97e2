import { Text } from 'ink';
import { SERIAL_SM_NOTE } from '../labels.js';
import { theme } from '../theme.js';
import { StackedBar } from './stacked-bar.js';

export interface SmBarProps {
  readonly commSMs: number;
  /** SMs per GPU; null when unknown (no bar then). */
  readonly totalSMs: number | null;
  readonly width: number;
  /** The schedule runs the all-to-all alone (no overlapped pairs): its SMs are taken only while it runs. */
  readonly serial?: boolean;
}

/**
 * `███████████████░░░ 112 compute | 20 comm of 132`: the SM split to scale (compute █, communication ░). A serial
 * schedule says so instead: its GEMMs keep every SM, and the split holds only while the all-to-all runs.
 */
export function SmBar({ commSMs, totalSMs, width, serial = false }: SmBarProps) {
  if (totalSMs === null) {
    return (
      <Text wrap="truncate-end">
        <Text color={theme.muted}>SMs </Text>
        <Text color={theme.comm}>{commSMs} comm</Text>
        <Text color={theme.muted}> (the chip's SM count was not given)</Text>
      </Text>
    );
  }
  const computeSMs = Math.max(0, totalSMs - commSMs);
  const label = ` ${computeSMs} compute | ${commSMs} comm of ${totalSMs}${serial ? SERIAL_SM_NOTE : ''}`;
  const barWidth = Math.max(4, width - label.length - 'SMs '.length);
  return (
    <Text wrap="truncate-end">
      <Text color={theme.muted}>SMs </Text>
      <StackedBar
        width={barWidth}
        total={totalSMs}
        segments={[
          { value: computeSMs, color: theme.compute },
          { value: commSMs, color: theme.comm, char: '░' },
        ]}
      />
      <Text> </Text>
      <Text color={theme.compute}>{computeSMs} compute</Text>
      <Text color={theme.muted}> | </Text>
      <Text color={theme.comm}>{commSMs} comm</Text>
      <Text color={theme.muted}>
        {' '}
        of {totalSMs}
        {serial ? SERIAL_SM_NOTE : ''}
      </Text>
    </Text>
  );
}
