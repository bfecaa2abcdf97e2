import { Text } from 'ink';
import { formatDuration, formatRate } from '../../format/numbers.js';
import { theme } from '../theme.js';
import { StackedBar } from './stacked-bar.js';

export type RunState = 'running' | 'paused' | 'stopping' | 'stopped' | 'done';

export interface ProgressBarProps {
  readonly done: number;
  readonly budget: number;
  readonly evaluationsPerSec: number;
  readonly elapsedS: number;
  readonly etaS: number | null;
  readonly state: RunState;
  readonly width: number;
}

const STATE_COLOR: Readonly<Record<RunState, string>> = {
  running: theme.good,
  paused: theme.warn,
  stopping: theme.warn,
  stopped: theme.warn,
  done: theme.accent,
};

/** `[████░░░░] 37/200  12k/s  elapsed 12s  ETA 1m05s  running`. */
export function ProgressBar({ done, budget, evaluationsPerSec, elapsedS, etaS, state, width }: ProgressBarProps) {
  const counts = ` ${done}/${budget}`;
  const rest = `  ${formatRate(evaluationsPerSec)}  elapsed ${formatDuration(elapsedS)}  ETA ${etaS === null ? '--' : formatDuration(etaS)}  `;
  const barWidth = Math.max(8, width - counts.length - rest.length - state.length);
  return (
    <Text wrap="truncate-end">
      <StackedBar
        width={barWidth}
        total={Math.max(budget, done, 1)}
        segments={[{ value: done, color: theme.accent }]}
      />
      <Text bold>{counts}</Text>
      <Text color={theme.muted}>{rest}</Text>
      <Text color={STATE_COLOR[state]}>{state}</Text>
    </Text>
  );
}
