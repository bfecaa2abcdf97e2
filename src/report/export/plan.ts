/**
 * What an export needs besides the config: the result's workload, cluster and kernel profiles, and the figures a
 * framework asks for that the config leaves derived (data-parallel size, batch sizes, nodes an EP group spans).
 */
import type { Config } from '../../contract/config.js';
import { UserError } from '../../errors.js';
import { DEFAULT_CLUSTER, DEFAULT_KERNEL } from '../../model/index.js';
import { Catalog, type LoadedProfile } from '../../profiles/catalog.js';
import type { Cluster, Kernel, Workload } from '../../profiles/schemas.js';
import type { StudyResult, Trial } from '../../search/index.js';
import type { CompareResult } from '../compare.js';

/** The config to export and where it came from: a study's trial or a compare result's tuned config for one chip. */
export interface Chosen {
  /** "trial 17 (the best) of study deepseek-v3-h800 (bo, seed 0, autotune 0.1.0)". */
  origin: string;
  config: Config;
  headline: { tokensPerSecPerGpu: number; mfu: number; stepTimeS: number; memoryGiB: number };
  ids: { workload: string; chip: string; cluster: string; kernel: string; gpus: number };
  /** sha256 per "kind:id" of the profiles the result read, when it recorded them. */
  profileHashes: Record<string, string>;
}

export interface LaunchPlan extends Omit<Chosen, 'ids' | 'profileHashes'> {
  chip: string;
  gpus: number;
  workload: Workload;
  cluster: Cluster;
  kernel: Kernel;
  dp: number;
  /** Sequences per data-parallel rank per step (the global batch over DP) and micro-batches per step. */
  localBatch: number;
  microBatches: number;
  /** Nodes one EP group spans (at least 1). */
  epNodes: number;
  /** Profiles whose bytes changed since the result read them. */
  changedProfiles: string[];
  isDeepEP: boolean;
}

/** The trial to export: the best, or trial `number`, which must be feasible. */
export function pickTrial(where: string, result: StudyResult, number: number | undefined): Trial {
  if (number === undefined) {
    if (result.best === null)
      throw new UserError(`${where}: best = null: the study found no feasible config, so there is nothing to export`);
    return result.best;
  }
  const trial = result.trials.find((t) => t.number === number);
  if (trial === undefined) {
    throw new UserError(
      `${where}: --trial = ${number}: no such trial; the study has trials 1 to ${result.trials.length}`,
    );
  }
  if (trial.status !== 'ok') {
    throw new UserError(
      `${where}: --trial = ${number}: trial ${number} is ${trial.status} (${trial.reason ?? 'no reason given'}); export a feasible trial`,
    );
  }
  return trial;
}

export function chooseFromStudy(where: string, result: StudyResult, trialNumber: number | undefined): Chosen {
  const trial = pickTrial(where, result, trialNumber);
  const spec = result.provenance.spec;
  const best = result.best?.number === trial.number ? ' (the best)' : '';
  return {
    origin: `trial ${trial.number}${best} of study ${result.name} (${result.optimizer}, seed ${result.seed}, autotune ${result.provenance.version})`,
    config: trial.config,
    headline: trial.metrics!,
    ids: {
      workload: spec.workload,
      chip: spec.chip,
      cluster: spec.cluster ?? DEFAULT_CLUSTER,
      kernel: spec.kernel ?? DEFAULT_KERNEL,
      gpus: spec.gpus,
    },
    profileHashes: result.provenance.profileHashes,
  };
}

/** The tuned config of one chip of a compare result (`chip` may be omitted when the result has one chip). */
export function chooseFromCompare(where: string, result: CompareResult, chip: string | undefined): Chosen {
  const ids = result.chips.map((c) => c.chip);
  if (chip === undefined && ids.length > 1)
    throw new UserError(
      `${where}: --chip = missing: a compare result holds one config per chip; name one of ${ids.join(', ')}`,
    );
  const entry = result.chips.find((c) => c.chip === (chip ?? ids[0]));
  if (entry === undefined)
    throw new UserError(`${where}: --chip = ${JSON.stringify(chip)}: not in this compare; one of ${ids.join(', ')}`);
  if (entry.tuned === null)
    throw new UserError(
      `${where}: --chip = ${JSON.stringify(entry.chip)}: the search found no feasible config on it, so there is nothing to export`,
    );
  return {
    origin: `the tuned config of ${entry.chip} in compare ${result.spec} (${result.optimizer}, budget ${result.budget}, seed ${result.seed}, autotune ${result.version})`,
    config: entry.tuned.config,
    headline: entry.tuned,
    ids: {
      workload: result.workload,
      chip: entry.chip,
      cluster: result.cluster,
      kernel: result.kernel,
      gpus: result.gpus,
    },
    profileHashes: {},
  };
}

export function launchPlan(chosen: Chosen, catalog = new Catalog()): LaunchPlan {
  const loaded: LoadedProfile<'workload' | 'cluster' | 'kernel'>[] = [];
  const load = <K extends 'workload' | 'cluster' | 'kernel'>(kind: K, id: string): LoadedProfile<K> => {
    const profile = catalog.load(kind, id);
    loaded.push(profile);
    return profile;
  };
  const { ids, config } = chosen;
  const workload = load('workload', ids.workload).data;
  const cluster = load('cluster', ids.cluster).data;
  const kernel = load('kernel', ids.kernel).data;
  const hashes = chosen.profileHashes;
  const changedProfiles = loaded
    .filter((p) => hashes[`${p.kind}:${p.id}`] !== undefined && hashes[`${p.kind}:${p.id}`] !== p.sha256)
    .map((p) => `${p.kind} ${p.id} (${p.file})`);
  const dp = ids.gpus / (config.pp * config.tp);
  const localBatch = workload.globalBatchSequences / dp;
  return {
    origin: chosen.origin,
    config,
    headline: chosen.headline,
    chip: ids.chip,
    gpus: ids.gpus,
    workload,
    cluster,
    kernel,
    dp,
    localBatch,
    microBatches: localBatch / config.microBatchSize,
    epNodes: Math.max(1, Math.ceil(config.ep / cluster.gpusPerNode)),
    changedProfiles,
    isDeepEP: kernel.family === 'all-to-all' && kernel.id.startsWith('deepep'),
  };
}

/** Whether node-limited routing binds: the limit is below the nodes an EP group spans. */
export function nodeLimitBinds(plan: LaunchPlan): boolean {
  return plan.config.nodeLimit !== undefined && plan.workload.moe !== undefined && plan.config.nodeLimit < plan.epNodes;
}
