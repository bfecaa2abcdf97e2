import { Text } from 'ink';
import type { StudyInfo } from '../state.js';
import { theme } from '../theme.js';

export interface HeaderProps {
  readonly info: StudyInfo | null;
}

/** One line: what is being tuned, on what, how. */
export function Header({ info }: HeaderProps) {
  if (!info) return <Text color={theme.muted}>autotune · waiting for the study to start…</Text>;
  return (
    <Text wrap="truncate-end">
      <Text bold color={theme.accent}>
        autotune{' '}
      </Text>
      <Text bold>{info.name}</Text>
      <Text color={theme.muted}> · </Text>
      <Text>{info.workload}</Text>
      <Text color={theme.muted}> on </Text>
      <Text>{`${info.gpus}× ${info.chip}`}</Text>
      <Text color={theme.muted}> · </Text>
      <Text>{info.optimizer}</Text>
      <Text color={theme.muted}>{` seed ${info.seed} · budget ${info.budget} · ${info.goal} ${info.metric}`}</Text>
    </Text>
  );
}
