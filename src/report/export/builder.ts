/**
 * Collects one export: the body lines, the comments that say what has no equivalent or is not confirmed, and the
 * warnings for stderr. Every framework's exporter writes through one of these, so each says the same things the same way.
 */

import type { Framework, SupportedSetting } from '../../contract/frameworks.js';
import { assertInvariant } from '../../errors.js';
import { isUnsupported } from './frameworks.js';
import type { LaunchPlan } from './plan.js';

export interface ExportOutput {
  text: string;
  warnings: string[];
}

export class ExportBuilder {
  private readonly notes: string[] = [];
  private readonly warnings: string[] = [];
  private readonly unconfirmed: string[] = [];
  readonly body: string[] = [];

  /** `deepep`: DeepEP's mapping, whose facts (allowed SM counts, EP sizes) bind every framework that runs it. */
  constructor(
    readonly framework: Framework,
    readonly plan: LaunchPlan,
    private readonly deepep: Framework,
  ) {}

  /** The framework's name for `key`, or null after noting that it has none. */
  setting(key: string, what: string = key): SupportedSetting | null {
    const entry = this.framework.settings[key];
    assertInvariant(entry !== undefined, `models/frameworks/${this.framework.id}.json has no setting "${key}"`);
    if (!isUnsupported(entry)) {
      if (!entry.verified && !this.unconfirmed.includes(entry.name)) this.unconfirmed.push(entry.name);
      return entry;
    }
    if (!entry.silent) this.noEquivalent(what, entry.unsupported, entry.source, entry.closest);
    return null;
  }

  /** A concept of the config the framework cannot express: a comment in the output and a warning. */
  noEquivalent(what: string, reason: string, source: string, closest?: string): void {
    this.notes.push(`NO EQUIVALENT: ${what}: ${reason} [${source}]${closest ? `; closest: ${closest}` : ''}`);
    this.warnings.push(`${this.framework.id} has no equivalent of ${what}: ${reason}`);
  }

  /** A setting that is the nearest the framework has, or one that conflicts with another part of the config. */
  caveat(message: string): void {
    this.notes.push(`CAVEAT: ${message}`);
    this.warnings.push(`${this.framework.id}: ${message}`);
  }

  /** A remark for the reader only (no warning). */
  note(message: string): void {
    this.notes.push(message);
  }

  deepepFact<T>(key: string): { value: T; source: string } {
    const entry = this.deepep.facts[key];
    assertInvariant(entry !== undefined, `models/frameworks/deepep.json has no fact "${key}"`);
    return entry as { value: T; source: string };
  }

  finish(): ExportOutput {
    const { plan, framework } = this;
    const c = plan.config;
    const m = plan.headline;
    const header = [
      `autotune export --to ${framework.id}: ${framework.name}, ${framework.format}`,
      plan.origin,
      `${plan.workload.id} on ${plan.gpus} x ${plan.chip} (cluster ${plan.cluster.id}, kernel ${plan.kernel.id}); cost model: ${m.tokensPerSecPerGpu.toFixed(0)} tokens/s per GPU, MFU ${(m.mfu * 100).toFixed(1)}%, step ${m.stepTimeS.toFixed(2)} s, ${m.memoryGiB.toFixed(1)} GiB per GPU`,
      `config: ${JSON.stringify(c)}; DP ${plan.dp}, ${plan.microBatches} micro-batches of ${c.microBatchSize} per step`,
      `names read from ${framework.readFrom.map((r) => `${r.repo} ${r.ref} (${r.commit.slice(0, 8)}, ${r.date})`).join('; ')}`,
      `they hold for ${framework.appliesTo}`,
      `each name's source file: models/frameworks/${framework.id}.json in the autotune package`,
      ...plan.changedProfiles.map(
        (p) => `the ${p} profile changed since the result was written: the figures above are the result's`,
      ),
      ...(this.unconfirmed.length > 0
        ? [`NOT CONFIRMED (no code of the framework references it, or never run): ${this.unconfirmed.join(', ')}`]
        : []),
      ...this.notes,
    ];
    for (const p of plan.changedProfiles) this.warnings.push(`the ${p} profile changed since the result was written`);
    const text = [...header.map((line) => `# ${line}`), '', ...this.body].join('\n');
    return { text: `${text}\n`, warnings: [...this.warnings] };
  }
}
