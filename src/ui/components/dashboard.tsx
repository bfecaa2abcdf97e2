import { Box, Text } from 'ink';
import { memo } from 'react';
import { metricScale } from '../../format/metrics.js';
import { describeRangeEdgesBriefly } from '../../search/range-edges.js';
import { END_TEXT } from '../labels.js';
import type { Layout } from '../layout.js';
import type { StudyView } from '../state.js';
import { theme } from '../theme.js';
import { BestConfigPanel, type GanttView } from './best-config-panel.js';
import { BestSummary } from './best-summary.js';
import { ConvergenceChart } from './convergence-chart.js';
import { Header } from './header.js';
import { HelpOverlay } from './help-overlay.js';
import { ProgressBar, type RunState } from './progress-bar.js';
import { TopTable } from './top-table.js';

export interface DashboardProps {
  readonly view: StudyView;
  readonly layout: Layout;
  readonly gantt: GanttView | null;
}

// Panels whose props change only when the best does: skipping them keeps React and Yoga off most of a redraw.
const StableHeader = memo(Header);
const StableBestConfigPanel = memo(BestConfigPanel);
const StableTopTable = memo(TopTable);

export function runStateOf(view: StudyView): RunState {
  if (view.finished) return view.endReason === 'stopped' ? 'stopped' : 'done';
  if (view.stopping) return 'stopping';
  return view.paused ? 'paused' : 'running';
}

/** The whole screen, a pure function of the view model and the layout. */
export function Dashboard({ view, layout, gantt }: DashboardProps) {
  const metric = view.info?.metric ?? '';
  const state = runStateOf(view);
  const progress = (
    <ProgressBar
      done={view.trialsDone}
      budget={view.info?.budget ?? 0}
      evaluationsPerSec={view.evaluationsPerSec}
      elapsedS={view.elapsedS}
      etaS={view.etaS}
      state={state}
      width={layout.leftWidth}
    />
  );
  const best = (
    <BestSummary best={view.best} metric={metric} lastChange={view.lastChange} infeasible={view.infeasible} />
  );
  const chart = (
    <ConvergenceChart
      history={view.history}
      trialsDone={view.trialsDone}
      scale={metricScale(metric)}
      width={layout.leftWidth}
      height={layout.chartHeight}
    />
  );
  const table = <StableTopTable top={view.top} metric={metric} width={layout.leftWidth} />;
  const config = (
    <StableBestConfigPanel
      best={view.best}
      totalSMs={view.info?.sms ?? null}
      width={layout.rightWidth}
      compactBreakdown={layout.compactBreakdown}
      ganttHeight={layout.ganttHeight}
      gantt={gantt}
    />
  );
  return (
    <Box flexDirection="column" width={layout.width}>
      <StableHeader info={view.info} />
      {layout.compact ? (
        <Box flexDirection="column">
          {progress}
          {best}
        </Box>
      ) : view.showHelp ? (
        <HelpOverlay width={layout.width} />
      ) : layout.wide ? (
        <Box flexDirection="row" gap={2}>
          <Box flexDirection="column" width={layout.leftWidth}>
            {progress}
            {best}
            {chart}
            <Box marginTop={1}>{table}</Box>
          </Box>
          <Box flexDirection="column" width={layout.rightWidth}>
            {config}
          </Box>
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
      <Footer view={view} state={state} />
    </Box>
  );
}

/** Keys while the study runs; how it ended, and where the results went, once it has. */
function Footer({ view, state }: { readonly view: StudyView; readonly state: RunState }) {
  if (view.finished) {
    const written = view.resultPath ? ` · results in ${view.resultPath}` : '';
    return (
      <Box flexDirection="column">
        {view.rangeEdges.length > 0 ? (
          <Text color={theme.warn} wrap="truncate-end">
            {describeRangeEdgesBriefly(view.rangeEdges)}
          </Text>
        ) : null}
        <Text
          color={theme.accent}
          wrap="truncate-end"
        >{`${view.endReason ? END_TEXT[view.endReason] : 'ended'}${written}`}</Text>
      </Box>
    );
  }
  return (
    <Text color={theme.muted} wrap="truncate-end">
      q stop · p pause/resume · ? help
      {state === 'stopping' ? (
        <Text color={theme.warn}> stopping: finishing trials in flight, writing the journal and results…</Text>
      ) : null}
    </Text>
  );
}
