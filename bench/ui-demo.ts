/**
 * Replays a synthetic study through the live UI (or the line logger when stdout is not a terminal), honouring
 * q/p like a real study: for checking the layout and the keys in a real terminal without the model.
 * Usage (after `npm run build`): node dist/bench/ui-demo.js [--trials 3000] [--rate 200] [--pipeline]
 */
import { parseArgs } from 'node:util';
import { StudyController } from '../src/search/control.js';
import type { StudyEvent } from '../src/search/events.js';
import { syntheticStudy } from './ui-events.js';

const { values: args } = parseArgs({
  options: {
    trials: { type: 'string', default: '3000' },
    rate: { type: 'string', default: '200' },
    pipeline: { type: 'boolean', default: true },
  },
});
const rate = Number(args.rate);
const events = syntheticStudy({ trials: Number(args.trials), rate, withPipeline: args.pipeline });

process.env.NODE_ENV ??= 'production';
const ui = await import('../src/ui/index.js');
const control = new StudyController();
const tty = process.stdout.isTTY === true;
const live = tty ? ui.runStudyUi({ controls: control }) : null;
const emit: (event: StudyEvent) => void =
  live?.onEvent ?? ui.createLineLogger({ write: (text) => process.stdout.write(text) });

const started = performance.now();
const elapsedS = () => (performance.now() - started) / 1000;
let completed = 0;
for (const event of events) {
  if (event.type === 'trial-complete') {
    if (control.state === 'paused') {
      emit({ type: 'study-paused', completed, elapsedS: elapsedS() });
      if ((await control.waitWhilePaused()) === 'running')
        emit({ type: 'study-resumed', completed, elapsedS: elapsedS() });
    }
    if (control.state === 'stopping') {
      emit({ type: 'study-stopping', completed, elapsedS: elapsedS() });
      emit(events.at(-1)!);
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 1000 / rate));
    completed++;
    emit({ ...event, elapsedS: elapsedS(), evaluationsPerSec: completed / elapsedS() });
  } else {
    emit(event);
  }
}
await live?.done;
