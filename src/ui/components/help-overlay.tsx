import { Box, Text } from 'ink';
import { theme } from '../theme.js';

export interface HelpOverlayProps {
  readonly width: number;
}

const KEYS: readonly (readonly [key: string, what: string])[] = [
  ['q', 'stop the study: the journal and results are written, then it exits'],
  ['p', 'pause / resume the search'],
  ['?', 'show / hide this help'],
  ['ctrl-c', 'like q; a second ctrl-c aborts at once (the journal is kept)'],
];

/** The keys, in a bordered box shown over the dashboard. */
export function HelpOverlay({ width }: HelpOverlayProps) {
  return (
    <Box flexDirection="column" borderStyle="round" borderColor={theme.accent} paddingX={1} width={Math.min(width, 78)}>
      <Text bold color={theme.accent}>
        keys
      </Text>
      {KEYS.map(([key, what]) => (
        <Text key={key} wrap="truncate-end">
          <Text bold>{key.padEnd(7)}</Text>
          <Text>{what}</Text>
        </Text>
      ))}
      <Text color={theme.muted}>
        panels: progress · best so far · convergence · best config (SMs, time, memory, bottleneck, pipeline) · top 5
      </Text>
    </Box>
  );
}
