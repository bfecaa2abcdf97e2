/**
 * The study runner: ask a batch (of configs that pass the spec's constraints and the evaluator's check) -> skip
 * configs already tried (memo by canonical form) -> evaluate the rest in the pool -> journal each trial as it
 * finishes -> tell the batch in ask order; until the budget of distinct configs is spent, the space is exhausted, or
 * a stop is requested.
 * Nothing depends on thread timing: trials are numbered, reported and told in ask order. resumeStudy replays a
 * journal through the same loop (the optimiser re-asks, each ask is checked against the journal and answered
 * from it), so a resumed study ends exactly where an uninterrupted one would.
 */
import type { Config } from '../contract/config.js';
import type { Evaluator } from '../contract/evaluator.js';
import { isBetter } from '../contract/metrics.js';
import type { EndReason, Trial } from '../contract/results.js';
import type { OptimizerName, SearchSpec } from '../contract/spec.js';
import { versionStamp } from '../contract/versions.js';
import { UserError } from '../errors.js';
import { PACKAGE_VERSION } from '../paths.js';
import { buildConstraintReport } from './constraint-report.js';
import { StudyController } from './control.js';
import type { Params } from './dimension.js';
import { COST_MODEL, type EvaluatorArgs, type EvaluatorModule, loadEvaluator, SERVE_MODEL } from './evaluator.js';
import type { StudyEvent } from './events.js';
import { type JournalContents, type JournalHeader, JournalWriter, readJournal } from './journal.js';
import { observationOf } from './objective.js';
import { createOptimizer } from './optimizers/index.js';
import { createPool, nextTurn, resolveThreads } from './pool.js';
import { rangeEdges } from './range-edges.js';
import { type StudyResult, TOP_COUNT, writeResult } from './result.js';
import { canonicalJson, canonicalKey, type Validity } from './space.js';
import { buildSpace, configOf, paramsOf } from './spec.js';
import { checkWritable, prepareFreshStudy, StudyLock, type StudyPaths, studyPaths } from './study-files.js';
import { outcomeOf, rankTrials, trialOf } from './trial.js';

/** Batches in a row that bring no new config before the study counts the space as exhausted. */
const MAX_IDLE_BATCHES = 100;

export interface StudyOptions {
  spec: SearchSpec;
  /** The evaluator's factory module, built from the spec's ids (in every worker when threads > 0); default: COST_MODEL. */
  evaluator?: EvaluatorModule;
  /**
   * The evaluator already built from `evaluator` and the spec's ids, used in this thread (its check shapes the space;
   * it evaluates when threads = 0) instead of building another; workers still build their own.
   */
  built?: Evaluator;
  /** Enumerations shared by the studies of one command (compare, sweep): see SharedValidity. */
  sharedValidity?: SharedValidity;
  /** Overrides of the spec's fields. */
  optimizer?: OptimizerName;
  budget?: number;
  seed?: number;
  /** Worker threads; 0 evaluates in this thread; 'auto' (default): see resolveThreads (0 for the cost model). */
  threads?: number | 'auto';
  /**
   * Folder for the result, its journal and its lock (names in studyFiles.ts); none: nothing is written. A new study
   * whose journal exists there is refused unless `fresh`; resumeStudy continues it.
   */
  outDir?: string;
  /** Start over although a journal exists: the old journal and result are kept as timestamped backups. */
  fresh?: boolean;
  onEvent?: (event: StudyEvent) => void;
  /** Notes for the person running the study (a stale lock taken over, backups kept, a budget raised); default: none. */
  onNotice?: (text: string) => void;
  control?: StudyController;
  /** sha256 of the profiles the evaluator reads, recorded in the result. */
  profileHashes?: Record<string, string>;
  /** SMs per GPU of the chip, passed through to study-start for displays. */
  sms?: number;
}

/**
 * Enumerated valid points kept across studies. `checkKey` is the caller's statement of everything the evaluator's
 * check depends on (two studies with the same key must get the same check answers); the study adds the spec's
 * space, fixed values, constraints and GPU count.
 */
export interface SharedValidity {
  checkKey: string;
  cache: Map<string, Validity>;
}

export interface ResumeOptions extends StudyOptions {
  /** The journal to continue; default: the one in outDir for this spec, optimizer and seed. */
  journalPath?: string;
}

export function runStudy(options: StudyOptions): Promise<StudyResult> {
  return execute(options, null);
}

export function resumeStudy(options: ResumeOptions): Promise<StudyResult> {
  if (!options.journalPath && !options.outDir)
    throw new UserError('resume needs the journal: give outDir or journalPath');
  return execute(options, { journalPath: options.journalPath ?? null });
}

/** The study's files: from outDir, or beside a journal named directly; null when nothing is written. */
function filesOf(spec: SearchSpec, options: StudyOptions, journalPath: string | null): StudyPaths | null {
  if (journalPath) {
    const stem = journalPath.replace(/(\.journal)?\.jsonl$/, '');
    return { journal: journalPath, result: `${stem}.json`, lock: `${stem}.lock` };
  }
  return options.outDir ? studyPaths(options.outDir, spec) : null;
}

/**
 * The budget a resume runs to: never fewer trials than the journal holds (they are kept, and `notice` says so).
 * `ask` is the budget the batches are sized by: the recorded run's, so the optimizer asks what it asked then.
 */
function resumedBudget(
  spec: SearchSpec,
  journal: JournalContents,
  path: string,
  notice: (text: string) => void,
): { budget: number; ask: number } {
  const recorded = journal.trials.length;
  if (recorded <= spec.budget) return { budget: spec.budget, ask: spec.budget };
  notice(
    `${path}: the journal holds ${recorded} trials, more than the budget of ${spec.budget}: keeping all ${recorded} (the result's budget is ${recorded})`,
  );
  return { budget: recorded, ask: Math.max(recorded, journal.header.budget) };
}

/** The spec as run: the options' optimizer, budget and seed override the file's. */
export function effectiveSpec(options: StudyOptions): SearchSpec {
  const { spec } = options;
  return {
    ...spec,
    optimizer: options.optimizer ?? spec.optimizer,
    budget: options.budget ?? spec.budget,
    seed: options.seed ?? spec.seed,
  };
}

export function evaluatorArgs(spec: SearchSpec): EvaluatorArgs {
  return {
    workload: spec.workload,
    chip: spec.chip,
    gpus: spec.gpus,
    ...(spec.cluster ? { cluster: spec.cluster } : {}),
    ...(spec.kernel ? { kernel: spec.kernel } : {}),
  };
}

function checkJournalMatches(header: JournalHeader, spec: SearchSpec, path: string): void {
  const differing = [...new Set([...Object.keys(header.spec), ...Object.keys(spec)])].filter(
    (k) =>
      k !== 'budget' &&
      canonicalJson((header.spec as Record<string, unknown>)[k]) !==
        canonicalJson((spec as Record<string, unknown>)[k]),
  );
  if (differing.length > 0) {
    throw new UserError(
      `${path}: the journal was written for another study (${differing.join(', ')} differ); resume with the same spec, optimizer and seed, or start afresh`,
    );
  }
}

/** Writes the result; returns its path, or null when an earlier result with a best config was kept instead. */
function saveResult(paths: StudyPaths, result: StudyResult, notice: (text: string) => void): string | null {
  try {
    if (writeResult(paths.result, result)) return paths.result;
  } catch (err) {
    if (err instanceof UserError)
      throw new UserError(
        `${err.message}; every trial is in the journal ${paths.journal}: fix this and run again with --resume`,
      );
    throw err;
  }
  notice(`${paths.result}: kept the earlier result, which has a feasible best config; this run found none`);
  return null;
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

async function execute(options: StudyOptions, resume: { journalPath: string | null } | null): Promise<StudyResult> {
  const asked = effectiveSpec(options);
  const notice = options.onNotice ?? (() => {});
  const paths = filesOf(asked, options, resume?.journalPath ?? null);
  // The files first, before any work is spent: a folder that cannot take them, a study already running, a journal in the way.
  if (paths && options.outDir && !resume?.journalPath) checkWritable(options.outDir, paths);
  const lock = paths ? StudyLock.acquire(paths.lock, paths.journal, notice) : null;
  try {
    let journal: JournalContents | null = null;
    let spec = asked;
    let askBudget = asked.budget;
    if (resume) {
      journal = readJournal(paths!.journal);
      checkJournalMatches(journal.header, asked, paths!.journal);
      const budgets = resumedBudget(asked, journal, paths!.journal, notice);
      spec = { ...asked, budget: budgets.budget };
      askBudget = budgets.ask;
    } else if (paths) {
      prepareFreshStudy(paths, options.fresh ?? false, notice);
    }
    return await executeLocked(options, spec, askBudget, paths, journal, notice);
  } finally {
    lock?.release();
  }
}

async function executeLocked(
  options: StudyOptions,
  spec: SearchSpec,
  askBudget: number,
  paths: StudyPaths | null,
  resumed: JournalContents | null,
  notice: (text: string) => void,
): Promise<StudyResult> {
  const source = options.evaluator ?? (spec.mode === 'serve' ? SERVE_MODEL : COST_MODEL);
  const args = evaluatorArgs(spec);
  const evaluator = options.built ?? (await loadEvaluator(source, args)); // its check shapes the space; it evaluates when threads = 0
  const shared = options.sharedValidity;
  const validityKey = shared
    ? `${shared.checkKey}|${canonicalJson({ space: spec.space, fixed: spec.fixed, constraints: spec.constraints, gpus: spec.gpus })}`
    : '';
  const space = buildSpace(
    spec,
    (params) => evaluator.check(configOf(params)),
    spec.name,
    shared?.cache.get(validityKey),
  );
  await space.enumerate(); // in slices: a live UI answers meanwhile
  if (shared && !shared.cache.has(validityKey)) {
    const validity = space.validity();
    if (validity) shared.cache.set(validityKey, validity);
  }
  const samplingNote = space.samplingNote();
  if (samplingNote) notice(`${spec.name}: ${samplingNote}`);
  const optimizer = createOptimizer(spec.optimizer, space, { seed: spec.seed });
  const threads = resolveThreads(options.threads ?? 'auto', spec.batchSize, source);
  const control = options.control ?? new StudyController();
  const emit = options.onEvent ?? (() => {});
  const journalPath = paths?.journal ?? null;
  const resume = resumed ? { journal: resumed } : null;
  const replay = new Map((resume?.journal.trials ?? []).map((line) => [line.trial.number, line.trial]));
  const startedAt = new Date();
  const clock = performance.now();
  const elapsedS = (): number => (performance.now() - clock) / 1000;

  const pool = await createPool({ threads, evaluator: source, args, inline: evaluator });
  const header: JournalHeader = {
    ...versionStamp('study-journal'),
    type: 'header',
    version: PACKAGE_VERSION,
    spec,
    optimizer: spec.optimizer,
    seed: spec.seed,
    budget: spec.budget,
    batchSize: spec.batchSize,
    startedAt: startedAt.toISOString(),
  };
  let journal: JournalWriter | null = null;
  try {
    journal = !journalPath
      ? null
      : resume
        ? JournalWriter.continue(journalPath, resume.journal.validBytes)
        : JournalWriter.create(journalPath, header);
    const valid = space.validPoints();
    emit({
      type: 'study-start',
      spec,
      name: spec.name,
      workload: spec.workload,
      chip: spec.chip,
      gpus: spec.gpus,
      optimizer: spec.optimizer,
      seed: spec.seed,
      budget: spec.budget,
      batchSize: spec.batchSize,
      threads,
      objective: spec.objective,
      spaceSize: Number.isFinite(space.size) ? space.size : null,
      validPoints: valid ? valid.length : null,
      resumedTrials: replay.size,
      sms: options.sms ?? null,
      startedAt: startedAt.toISOString(),
      journalPath,
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
      const isBest =
        trial.objective !== null && (best === null || isBetter(trial.objective, best.objective!, spec.objective.goal));
      if (isBest) best = trial;
      const seconds = elapsedS();
      emit({
        type: 'trial-complete',
        trial: trial.number,
        record: trial,
        config: trial.config,
        metrics: trial.metrics,
        objective: trial.objective,
        isBest,
        bestSoFar: best?.objective ?? null,
        best,
        budget: spec.budget,
        replayed: slot.replayed,
        evaluationsPerSec: seconds > 0 ? evaluated / seconds : 0,
        elapsedS: seconds,
      });
    };

    const runBatch = async (asked: readonly Params[]): Promise<number> => {
      const batchKeys = new Map<string, Slot>();
      let number = trials.length;
      const slots: Slot[] = asked.map((params) => {
        const key = canonicalKey(params);
        const config = configOf(params);
        const earlier = byKey.get(key); // tried before: told again from the memo, not evaluated
        if (earlier || batchKeys.has(key))
          return { params, config, key, number: 0, trial: earlier ?? null, fresh: false, replayed: false };
        const slot: Slot = { params, config, key, number: ++number, trial: null, fresh: true, replayed: false };
        batchKeys.set(key, slot);
        return slot;
      });
      // A resume that keeps more trials than it would ask now ends inside a batch: the rest of it is not run.
      const fresh = slots.filter((s) => s.fresh && s.number <= spec.budget);
      const cut = fresh.length < slots.filter((s) => s.fresh).length;
      for (const slot of fresh) {
        const recorded = replay.get(slot.number);
        if (!recorded) continue;
        if (canonicalJson(recorded.config) !== slot.key) {
          throw new UserError(
            `${journalPath}: trial ${slot.number} was ${canonicalJson(recorded.config)}, but the optimizer now asks ${slot.key}; the journal comes from other code or settings, start afresh`,
          );
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
      await pool.run(
        pending.map((s) => s.config),
        (i, outcome) => {
          const slot = pending[i]!;
          slot.trial = trialOf(slot.number, slot.config, outcome, spec.objective);
          evaluated++;
          journal?.write({
            ...versionStamp('study-journal'),
            type: 'trial',
            trial: slot.trial,
            elapsedS: elapsedS(),
            finishedAt: new Date().toISOString(),
          });
          flush();
        },
        () => control.state === 'stopping',
      ); // a stop starts nothing more of the batch
      if (cut || pending.some((s) => !s.trial)) return fresh.length; // the study ends here: nothing more to tell
      for (const slot of slots) slot.trial ??= batchKeys.get(slot.key)!.trial; // repeats inside the batch
      optimizer.tell(slots.map((s) => observationOf(s.params, outcomeOf(s.trial!), spec.objective)));
      return fresh.length;
    };

    let endReason: EndReason = 'budget';
    while (trials.length < spec.budget) {
      if (control.state === 'paused') {
        emit({ type: 'study-paused', completed: trials.length, elapsedS: elapsedS() });
        if ((await control.waitWhilePaused()) === 'running')
          emit({ type: 'study-resumed', completed: trials.length, elapsedS: elapsedS() });
      }
      if (control.state === 'stopping') {
        emit({ type: 'study-stopping', completed: trials.length, elapsedS: elapsedS() });
        endReason = 'stopped';
        break;
      }
      const size = Math.min(spec.batchSize, askBudget - trials.length);
      // Turns of the event loop between the optimizer's steps, the ask and the batch, so a live UI answers meanwhile:
      // together they once made one block of ~90 ms early in a study.
      while (optimizer.think?.(size)) await nextTurn();
      await nextTurn();
      const asked = optimizer.ask(size);
      await nextTurn();
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
      ...versionStamp('study'),
      name: spec.name,
      optimizer: spec.optimizer,
      seed: spec.seed,
      budget: spec.budget,
      batchSize: spec.batchSize,
      objective: spec.objective,
      endReason,
      best: ranked[0] ?? null,
      top: ranked.slice(0, TOP_COUNT),
      trials,
      constraintReport: buildConstraintReport(space, trials),
      rangeEdges: ranked[0]
        ? rangeEdges(space, paramsOf(ranked[0].config), (params) => byKey.get(canonicalKey(params))?.objective ?? null)
        : [],
      provenance: {
        tool: 'autotune',
        version: PACKAGE_VERSION,
        spec,
        profileHashes: options.profileHashes ?? {},
        startedAt: startedAt.toISOString(),
        finishedAt: finishedAt.toISOString(),
        elapsedS: elapsedS(),
      },
    };
    const resultPath = paths ? saveResult(paths, result, notice) : null;
    emit({ type: 'study-end', result, resultPath, journalPath });
    return result;
  } finally {
    journal?.close();
    await pool.close();
  }
}
