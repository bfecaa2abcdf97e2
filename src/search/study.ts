/**
 * The study runner: ask a batch (of configs that pass the spec's constraints and the evaluator's check) -> skip
 * configs already tried (memo by canonical form) -> evaluate the rest in the pool -> journal each trial as it
 * finishes -> tell the batch in ask order; until the budget of distinct configs is spent, the space is exhausted, or
 * a stop is requested.
 * Nothing depends on thread timing: trials are numbered, reported and told in ask order. resumeStudy replays a
 * journal through the same loop (the optimiser re-asks, each ask is checked against the journal and answered
 * from it), so a resumed study ends exactly where an uninterrupted one would.
 */
import type { Config } from '../config.js';
import type { Params } from './dimension.js';
import { UserError } from '../errors.js';
import { versionStamp } from '../formats.js';
import { PACKAGE_VERSION } from '../paths.js';
import { buildConstraintReport } from './constraintReport.js';
import { rangeEdges } from './rangeEdges.js';
import { StudyController } from './control.js';
import { COST_MODEL, loadEvaluator, type EvaluatorArgs, type EvaluatorModule } from './evaluator.js';
import type { StudyEvent } from './events.js';
import { JournalWriter, readJournal, type JournalContents, type JournalHeader } from './journal.js';
import { isBetter, observationOf } from './objective.js';
import { createOptimizer, type OptimizerName } from './optimizer.js';
import { createPool, resolveThreads } from './pool.js';
import { studyPaths, TOP_COUNT, writeResult, type EndReason, type StudyResult } from './result.js';
import { buildSpace } from './spec.js';
import { canonicalJson, canonicalKey } from './space.js';
import type { SearchSpec } from './specSchema.js';
import { outcomeOf, rankTrials, trialOf, type Trial } from './trial.js';

/** Batches in a row that bring no new config before the study counts the space as exhausted. */
const MAX_IDLE_BATCHES = 100;

export interface StudyOptions {
  spec: SearchSpec;
  /** The evaluator's factory module, built from the spec's ids (in every worker when threads > 0); default: COST_MODEL. */
  evaluator?: EvaluatorModule;
  /** Overrides of the spec's fields. */
  optimizer?: OptimizerName;
  budget?: number;
  seed?: number;
  /** Worker threads; 0 evaluates in this thread; 'auto' (default) one per batch point when compiled, else 0. */
  threads?: number | 'auto';
  /**
   * Folder for <name>-<optimizer>-seed<seed>.json and .journal.jsonl (a fresh run replaces a journal there,
   * resumeStudy continues it); none: nothing is written.
   */
  outDir?: string;
  onEvent?: (event: StudyEvent) => void;
  control?: StudyController;
  /** sha256 of the profiles the evaluator reads, recorded in the result. */
  profileHashes?: Record<string, string>;
  /** SMs per GPU of the chip, passed through to study-start for displays. */
  sms?: number;
}

export interface ResumeOptions extends StudyOptions {
  /** The journal to continue; default: the one in outDir for this spec, optimizer and seed. */
  journalPath?: string;
}

export function runStudy(options: StudyOptions): Promise<StudyResult> {
  return execute(options, null);
}

export async function resumeStudy(options: ResumeOptions): Promise<StudyResult> {
  const spec = effectiveSpec(options);
  const path = options.journalPath ?? (options.outDir ? studyPaths(options.outDir, spec.name, spec.optimizer, spec.seed).journal : null);
  if (!path) throw new UserError('resume needs the journal: give outDir or journalPath');
  const journal = readJournal(path);
  checkJournalMatches(journal.header, spec, path);
  return execute(options, { journal, path });
}

/** The spec as run: the options' optimizer, budget and seed override the file's. */
export function effectiveSpec(options: StudyOptions): SearchSpec {
  const { spec } = options;
  return { ...spec, optimizer: options.optimizer ?? spec.optimizer, budget: options.budget ?? spec.budget, seed: options.seed ?? spec.seed };
}

export function evaluatorArgs(spec: SearchSpec): EvaluatorArgs {
  return {
    workload: spec.workload, chip: spec.chip, gpus: spec.gpus,
    ...(spec.cluster ? { cluster: spec.cluster } : {}), ...(spec.kernel ? { kernel: spec.kernel } : {}),
  };
}

function checkJournalMatches(header: JournalHeader, spec: SearchSpec, path: string): void {
  const differing = [...new Set([...Object.keys(header.spec), ...Object.keys(spec)])].filter(
    (k) => k !== 'budget' && canonicalJson((header.spec as Record<string, unknown>)[k]) !== canonicalJson((spec as Record<string, unknown>)[k]),
  );
  if (differing.length > 0) {
    throw new UserError(`${path}: the journal was written for another study (${differing.join(', ')} differ); resume with the same spec, optimizer and seed, or start afresh`);
  }
}

interface Slot {
  params: Params;
  /** The same values as a Config (the spec checked every field against it). */
  config: Config;
  key: string;
  /** The trial number a fresh slot gets. */
  number: number;
  /** The trial, once known (a memo hit, a replayed one, or a finished evaluation). */
  trial: Trial | null;
  /** Whether this slot is a config new to the study (counts against the budget and gets reported). */
  fresh: boolean;
  replayed: boolean;
}

async function execute(options: StudyOptions, resume: { journal: JournalContents; path: string } | null): Promise<StudyResult> {
  const spec = effectiveSpec(options);
  const source = options.evaluator ?? COST_MODEL;
  const args = evaluatorArgs(spec);
  const evaluator = await loadEvaluator(source, args); // its check shapes the space; it evaluates when threads = 0
  const space = buildSpace(spec, (params) => evaluator.check(params as unknown as Config));
  const optimizer = createOptimizer(spec.optimizer, space, { seed: spec.seed });
  const threads = resolveThreads(options.threads ?? 'auto', spec.batchSize);
  const control = options.control ?? new StudyController();
  const emit = options.onEvent ?? (() => {});
  const paths = options.outDir ? studyPaths(options.outDir, spec.name, spec.optimizer, spec.seed) : null;
  const journalPath = resume?.path ?? paths?.journal ?? null;
  const replay = new Map((resume?.journal.trials ?? []).map((line) => [line.trial.number, line.trial]));
  const startedAt = new Date();
  const clock = performance.now();
  const elapsedS = (): number => (performance.now() - clock) / 1000;

  const pool = await createPool({ threads, evaluator: source, args, inline: evaluator });
  const header: JournalHeader = {
    ...versionStamp('study-journal'), type: 'header', version: PACKAGE_VERSION, spec, optimizer: spec.optimizer, seed: spec.seed,
    budget: spec.budget, batchSize: spec.batchSize, startedAt: startedAt.toISOString(),
  };
  let journal: JournalWriter | null = null;
  try {
    journal = !journalPath ? null : resume ? JournalWriter.continue(journalPath, resume.journal.validBytes) : JournalWriter.create(journalPath, header);
    const valid = space.validPoints();
    emit({
      type: 'study-start', spec, name: spec.name, workload: spec.workload, chip: spec.chip, gpus: spec.gpus,
      optimizer: spec.optimizer, seed: spec.seed, budget: spec.budget, batchSize: spec.batchSize, threads,
      objective: spec.objective, spaceSize: Number.isFinite(space.size) ? space.size : null, validPoints: valid ? valid.length : null,
      resumedTrials: replay.size, sms: options.sms ?? null, startedAt: startedAt.toISOString(), journalPath,
    });

    const trials: Trial[] = [];
    const byKey = new Map<string, Trial>();
    let best: Trial | null = null;
    let evaluated = 0;
    let idleBatches = 0;

    const report = (slot: Slot): void => {
      const trial = slot.trial!;
      trials.push(trial);
      byKey.set(slot.key, trial);
      const isBest = trial.objective !== null && (best === null || isBetter(trial.objective, best.objective!, spec.objective));
      if (isBest) best = trial;
      const seconds = elapsedS();
      emit({
        type: 'trial-complete', trial: trial.number, record: trial, config: trial.config, metrics: trial.metrics,
        objective: trial.objective, isBest, bestSoFar: best?.objective ?? null, best, budget: spec.budget,
        replayed: slot.replayed, evaluationsPerSec: seconds > 0 ? evaluated / seconds : 0, elapsedS: seconds,
      });
    };

    const runBatch = async (asked: readonly Params[]): Promise<number> => {
      const batchKeys = new Map<string, Slot>();
      let number = trials.length;
      const slots: Slot[] = asked.map((params) => {
        const key = canonicalKey(params);
        const config = params as unknown as Config;
        const earlier = byKey.get(key); // tried before: told again from the memo, not evaluated
        if (earlier || batchKeys.has(key)) return { params, config, key, number: 0, trial: earlier ?? null, fresh: false, replayed: false };
        const slot: Slot = { params, config, key, number: ++number, trial: null, fresh: true, replayed: false };
        batchKeys.set(key, slot);
        return slot;
      });
      const fresh = slots.filter((s) => s.fresh);
      for (const slot of fresh) {
        const recorded = replay.get(slot.number);
        if (!recorded) continue;
        if (canonicalJson(recorded.config) !== slot.key) {
          throw new UserError(`${journalPath}: trial ${slot.number} was ${canonicalJson(recorded.config)}, but the optimizer now asks ${slot.key}; the journal comes from other code or settings, start afresh`);
        }
        slot.trial = recorded;
        slot.replayed = true;
      }
      let cursor = 0;
      const flush = (): void => {
        for (; cursor < fresh.length && fresh[cursor]!.trial; cursor++) report(fresh[cursor]!);
      };
      flush();
      const pending = fresh.filter((s) => !s.trial);
      await pool.run(pending.map((s) => s.config), (i, outcome) => {
        const slot = pending[i]!;
        slot.trial = trialOf(slot.number, slot.config, outcome, spec.objective);
        evaluated++;
        journal?.write({ ...versionStamp('study-journal'), type: 'trial', trial: slot.trial, elapsedS: elapsedS(), finishedAt: new Date().toISOString() });
        flush();
      });
      for (const slot of slots) slot.trial ??= batchKeys.get(slot.key)!.trial; // repeats inside the batch
      optimizer.tell(slots.map((s) => observationOf(s.params, outcomeOf(s.trial!), spec.objective)));
      return fresh.length;
    };

    let endReason: EndReason = 'budget';
    while (trials.length < spec.budget) {
      if (control.state === 'paused') {
        emit({ type: 'study-paused', completed: trials.length, elapsedS: elapsedS() });
        if ((await control.waitWhilePaused()) === 'running') emit({ type: 'study-resumed', completed: trials.length, elapsedS: elapsedS() });
      }
      if (control.state === 'stopping') {
        emit({ type: 'study-stopping', completed: trials.length, elapsedS: elapsedS() });
        endReason = 'stopped';
        break;
      }
      const asked = optimizer.ask(Math.min(spec.batchSize, spec.budget - trials.length));
      const added = asked.length === 0 ? 0 : await runBatch(asked);
      idleBatches = added > 0 ? 0 : idleBatches + 1;
      if (asked.length === 0 || idleBatches >= MAX_IDLE_BATCHES) {
        endReason = 'exhausted';
        break;
      }
    }

    const ranked = rankTrials(trials, spec.objective);
    const finishedAt = new Date();
    const result: StudyResult = {
      ...versionStamp('study'), name: spec.name, optimizer: spec.optimizer, seed: spec.seed, budget: spec.budget, batchSize: spec.batchSize,
      objective: spec.objective, endReason, best: ranked[0] ?? null, top: ranked.slice(0, TOP_COUNT), trials,
      constraintReport: buildConstraintReport(space, trials),
      rangeEdges: ranked[0] ? rangeEdges(space, ranked[0].config as unknown as Params, (params) => byKey.get(canonicalKey(params))?.objective ?? null) : [],
      provenance: {
        tool: 'autotune', version: PACKAGE_VERSION, spec, profileHashes: options.profileHashes ?? {},
        startedAt: startedAt.toISOString(), finishedAt: finishedAt.toISOString(), elapsedS: elapsedS(),
      },
    };
    const resultPath = journalPath ? journalPath.replace(/\.journal\.jsonl$/, '.json') : null;
    if (resultPath) writeResult(resultPath, result);
    emit({ type: 'study-end', result, resultPath, journalPath });
    return result;
  } finally {
    journal?.close();
    await pool.close();
  }
}
