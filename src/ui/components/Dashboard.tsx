import { Box, Text } from 'ink';
import { metricScale } from '../format.js';
import type { Layout } from '../layout.js';
import type { StudyView } from '../state.js';
import { theme } from '../theme.js';
import { BestConfigPanel, type GanttView } from './BestConfigPanel.js';
import { BestSummary } from './BestSummary.js';
import { ConvergenceChart } from './ConvergenceChart.js';
import { Header } from './Header.js';
import { HelpOverlay } from './HelpOverlay.js';
import { ProgressBar, type RunState } from './ProgressBar.js';
import { TopTable } from './TopTable.js';

export interface DashboardProps {
  readonly view: StudyView;
  readonly layout: Layout;
  readonly gantt: GanttView | null;
}

export function runStateOf(view: StudyView): RunState {
  if (view.finished) return 'done';
  if (view.stopping) return 'stopping';
  return view.paused ? 'paused' : 'running';
}

/** The whole screen, a pure function of the view model and the layout. */
export function Dashboard({ view, layout, gantt }: DashboardProps) {
  const metric = view.info?.metric ?? '';
  const state = runStateOf(view);
  const progress = (
    <ProgressBar done={view.trialsDone} budget={view.info?.budget ?? 0} evaluationsPerSec={view.evaluationsPerSec}
      elapsedS={view.elapsedS} etaS={view.etaS} state={state} width={layout.leftWidth} />
  );
  const best = <BestSummary best={view.best} metric={metric} lastChange={view.lastChange} infeasible={view.infeasible} />;
  const chart = (
    <ConvergenceChart history={view.history} trialsDone={view.trialsDone} scale={metricScale(metric)}
      width={layout.leftWidth} height={layout.chartHeight} />
  );
  const table = <TopTable top={view.top} metric={metric} width={layout.leftWidth} />;
  const config = (
    <BestConfigPanel best={view.best} totalSMs={view.info?.sms ?? null} width={layout.rightWidth}
      compactBreakdown={layout.compactBreakdown} ganttHeight={layout.ganttHeight} gantt={gantt} />
  );
  return (
    <Box flexDirection="column" width={layout.width}>
      <Header info={view.info} />
      {view.showHelp ? (
        <HelpOverlay width={layout.width} />
      ) : layout.wide ? (
        <Box flexDirection="row" gap={2}>
          <Box flexDirection="column" width={layout.leftWidth}>
            {progress}
            {best}
            {chart}
            <Box marginTop={1}>{table}</Box>
          </Box>
          <Box flexDirection="column" width={layout.rightWidth}>{config}</Box>
        </Box>
      ) : (
        <Box flexDirection="column">
          {progress}
          {best}
          {chart}
          {config}
          {table}
        </Box>
      )}
      <Footer state={state} />
    </Box>
  );
}

function Footer({ state }: { readonly state: RunState }) {
  const note = state === 'stopping' ? 'stopping: finishing trials in flight, writing the journal and results…' : '';
  return (
    <Text color={theme.muted} wrap="truncate-end">
      {state === 'done' ? 'done' : 'q stop · p pause/resume · ? help'}
      {note ? <Text color={theme.warn}>{`  ${note}`}</Text> : null}
    </Text>
  );
}
