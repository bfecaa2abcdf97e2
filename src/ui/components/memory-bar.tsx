import { Box, Text } from 'ink';
import type { MemoryBreakdown } from '../../contract/metrics.js';
import { formatGiB } from '../../format/numbers.js';
import { largestMemoryTerms, MEMORY_LABELS, MEMORY_TERMS } from '../labels.js';
import { theme } from '../theme.js';
import { StackedBar } from './stacked-bar.js';

export interface MemoryBarProps {
  readonly memory: MemoryBreakdown;
  readonly width: number;
  /** Largest terms named under the bar. */
  readonly terms?: number;
}

/** Peak memory per GPU against capacity, stacked by term, with the largest terms named. */
export function MemoryBar({ memory, width, terms = 3 }: MemoryBarProps) {
  const over = memory.totalGiB > memory.capacityGiB;
  const figure = ` ${formatGiB(memory.totalGiB)}/${formatGiB(memory.capacityGiB)} GiB`;
  const barWidth = Math.max(4, width - 'mem '.length - figure.length);
  const largest = largestMemoryTerms(memory, terms);
  return (
    <Box flexDirection="column" width={width}>
      <Text wrap="truncate-end">
        <Text color={theme.muted}>mem </Text>
        <StackedBar
          width={barWidth}
          total={Math.max(memory.capacityGiB, memory.totalGiB)}
          segments={MEMORY_TERMS.map((term) => ({ value: memory[term], color: theme.memory[term] }))}
        />
        <Text color={over ? theme.bad : theme.text}>{figure}</Text>
      </Text>
      <Text wrap="truncate-end" color={theme.muted}>
        {'    '}
        {largest.map(({ term, gib }, i) => (
          <Text key={term}>
            {i > 0 ? ' · ' : ''}
            <Text color={theme.memory[term]}>{MEMORY_LABELS[term]}</Text> {formatGiB(gib)}
          </Text>
        ))}
        {over ? <Text color={theme.bad}> · over capacity</Text> : null}
      </Text>
    </Box>
  );
}
