import { Text } from 'ink';
import type { Config } from '../../contract/config.js';
import { formatConfig } from '../../format/config.js';
import { formatObjective } from '../../format/metrics.js';
import { formatChange } from '../../format/numbers.js';
import { theme } from '../theme.js';

export interface BestSummaryProps {
  /** Null until a feasible trial completes. */
  readonly best: { readonly objective: number; readonly trial: number; readonly config: Config } | null;
  readonly metric: string;
  /** Relative change at the last improvement. */
  readonly lastChange: number | null;
  readonly infeasible: number;
}

/** The one line a user glances at: best so far, when it was found, by how much it last improved, what it is. */
export function BestSummary({ best, metric, lastChange, infeasible }: BestSummaryProps) {
  if (!best) {
    return (
      <Text color={theme.muted} wrap="truncate-end">
        best — no feasible config yet{infeasible > 0 ? ` (${infeasible} infeasible)` : ''}
      </Text>
    );
  }
  const change = formatChange(lastChange);
  return (
    <Text wrap="truncate-end">
      <Text color={theme.muted}>best </Text>
      <Text bold color={theme.good}>
        {formatObjective(best.objective, metric)}
      </Text>
      <Text color={theme.muted}>{` at trial ${best.trial}`}</Text>
      {change ? <Text color={theme.good}>{` (${change})`}</Text> : null}
      <Text>{`  ${formatConfig(best.config)}`}</Text>
    </Text>
  );
}
