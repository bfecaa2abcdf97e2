/**
 * What an export needs besides the config: the study's workload, cluster and kernel profiles, and the figures a
 * framework asks for that the config leaves derived (data-parallel size, batch sizes, nodes an EP group spans).
 */
import type { Config } from '../../config.js';
import { UserError } from '../../errors.js';
import { DEFAULT_CLUSTER, DEFAULT_KERNEL } from '../../model/index.js';
import { Catalog, type LoadedProfile } from '../../profiles/catalog.js';
import type { Cluster, Kernel, Workload } from '../../profiles/schemas.js';
import type { StudyResult, Trial } from '../../search/index.js';

export interface LaunchPlan {
  study: { name: string; optimizer: string; seed: number; version: string };
  trial: Trial;
  /** Whether the trial is the study's best. */
  isBest: boolean;
  config: Config;
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
  /** Profiles whose bytes changed since the study read them. */
  changedProfiles: string[];
  isDeepEP: boolean;
}

/** The trial to export: the best, or trial `number`, which must be feasible. */
export function pickTrial(where: string, result: StudyResult, number: number | undefined): Trial {
  if (number === undefined) {
    if (result.best === null) throw new UserError(`${where}: best = null: the study found no feasible config, so there is nothing to export`);
    return result.best;
  }
  const trial = result.trials.find((t) => t.number === number);
  if (trial === undefined) {
    throw new UserError(`${where}: --trial = ${number}: no such trial; the study has trials 1 to ${result.trials.length}`);
  }
  if (trial.status !== 'ok') {
    throw new UserError(`${where}: --trial = ${number}: trial ${number} is ${trial.status} (${trial.reason ?? 'no reason given'}); export a feasible trial`);
  }
  return trial;
}

export function launchPlan(where: string, result: StudyResult, trialNumber: number | undefined, catalog = new Catalog()): LaunchPlan {
  const trial = pickTrial(where, result, trialNumber);
  const spec = result.provenance.spec;
  const loaded: LoadedProfile<'workload' | 'cluster' | 'kernel'>[] = [];
  const load = <K extends 'workload' | 'cluster' | 'kernel'>(kind: K, id: string): LoadedProfile<K> => {
    const profile = catalog.load(kind, id);
    loaded.push(profile);
    return profile;
  };
  const workload = load('workload', spec.workload).data;
  const cluster = load('cluster', spec.cluster ?? DEFAULT_CLUSTER).data;
  const kernel = load('kernel', spec.kernel ?? DEFAULT_KERNEL).data;
  const hashes = result.provenance.profileHashes;
  const changedProfiles = loaded
    .filter((p) => hashes[`${p.kind}:${p.id}`] !== undefined && hashes[`${p.kind}:${p.id}`] !== p.sha256)
    .map((p) => `${p.kind} ${p.id} (${p.file})`);
  const { config } = trial;
  const gpus = spec.gpus;
  const dp = gpus / (config.pp * config.tp);
  const localBatch = workload.globalBatchSequences / dp;
  return {
    study: { name: result.name, optimizer: result.optimizer, seed: result.seed, version: result.provenance.version },
    trial,
    isBest: result.best?.number === trial.number,
    config,
    chip: spec.chip,
    gpus,
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
