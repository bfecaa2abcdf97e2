/**
 * A study worker thread (see study-threads.ts): runs the studies it is sent one at a time, each with a cost model
 * built from the profiles it comes with, and keeps the enumerations and compiled schedules of its studies for the next
 * ones.
 */
import { parentPort } from 'node:worker_threads';
import { createModel } from '../model/index.js';
import { createScheduleCache } from '../schedule/index.js';
import { serialiseError } from '../search/pool.js';
import type { Validity } from '../search/space.js';
import type { FromStudyWorker, ToStudyWorker } from './study-threads.js';
import { tune } from './tune.js';

const port = parentPort!;
const validity = new Map<string, Validity>();
const schedules = createScheduleCache();
const post = (message: FromStudyWorker): void => port.postMessage(message);

port.on('message', async ({ id, job }: ToStudyWorker) => {
  try {
    const result = await tune(job.spec, createModel(job.input, { schedules }), {
      checkKey: job.checkKey,
      cache: validity,
    });
    post({ type: 'done', id, result });
  } catch (err) {
    post({ type: 'failed', id, error: serialiseError(err) });
  }
});
