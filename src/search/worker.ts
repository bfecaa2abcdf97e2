/**
 * An evaluation worker thread (see pool.ts): builds its evaluator once from workerData, then answers jobs.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { type EvaluatorArgs, type EvaluatorModule, loadEvaluator, runEvaluator } from './evaluator.js';
import { type FromWorker, serialiseError, type ToWorker } from './pool.js';

const port = parentPort!;
const { evaluator: source, args } = workerData as { evaluator: EvaluatorModule; args: EvaluatorArgs };
const post = (message: FromWorker): void => port.postMessage(message);

try {
  const evaluator = await loadEvaluator(source, args);
  port.on('message', (job: ToWorker) => {
    try {
      post({ type: 'done', id: job.id, outcome: runEvaluator(evaluator, job.config) });
    } catch (err) {
      post({ type: 'failed', id: job.id, error: serialiseError(err) });
    }
  });
  post({ type: 'ready' });
} catch (err) {
  post({ type: 'failed', id: null, error: serialiseError(err) });
}
