/**
 * The work of one item (layer, embedding, head, MTP projection) for ONE micro-batch on ONE GPU, as data: GEMM
 * passes with their tile counts and bytes, core-attention FLOPs, element-wise HBM traffic, all-to-all tokens, TP
 * collectives and the activations kept for the backward. Config-dependent only through (micro-batch size, tp, ep).
 *
 * Parallel layout: tensor parallelism splits heads and FFN columns, with sequence parallelism by default (norms,
 * residuals, router and MoE dispatch run on 1/tp of the tokens; the MLA down-projections are replicated across TP
 * ranks, as in Megatron) or without it (that work replicated on every TP rank). Experts are never split by TP: each
 * TP rank dispatches its own token shard.
 *
 * TP collectives follow Megatron-LM's linear layers (Korthikanti et al. 2022, section 4.2.2): a TP block (attention,
 * dense MLP) moves its activation twice in the forward (all-gather in, reduce-scatter out; or one all-reduce, which
 * costs two). In the backward the column-parallel layer's collective (reduce-scatter or all-reduce of the input
 * gradient; with sequence parallelism also the re-gather of its input) runs asynchronously beside its GEMMs, so only
 * the row-parallel layer's all-gather of the output gradient is exposed (none without sequence parallelism).
 */
import type { Workload } from '../profiles/schemas.js';
import { BF16_BYTES, forwardGemmBytes, tileCount } from './gemm.js';
import { ITEM_KINDS, type ItemKind } from './params.js';

export type Format = 'fp8' | 'bf16';
export const COMPONENTS = ['attn', 'mlp'] as const;
/** DualPipe's compute components: attention side (incl. norms, router) and MLP side (experts or dense FFN). */
export type Component = (typeof COMPONENTS)[number];
export const PASSES = ['F', 'B', 'W'] as const;
/** Forward, backward for input (activation gradient), backward for weights. */
export type Pass = (typeof PASSES)[number];

/** One pass of one GEMM, ready to time: only the wave count depends on the SMs. */
export interface GemmPass {
  readonly name: string;
  readonly component: Component;
  readonly pass: Pass;
  readonly format: Format;
  readonly tiles: number;
  /** Inner dimension of this pass. */
  readonly k: number;
  readonly flops: number;
  readonly bytes: number;
  /** Re-run (its forward) in the backward under recompute=selective: the MLA up-projections. */
  readonly selective: boolean;
}

/** What recompute=selective re-runs (the workload's `selectiveRecompute`). */
export type SelectivePolicy = 'norms-up-projections' | 'attention-core';

export interface ItemShape {
  readonly kind: ItemKind;
  readonly gemms: readonly GemmPass[];
  readonly attentionFlopsF: number;
  readonly attentionFlopsB: number;
  /** Element-wise HBM bytes of the forward; the backward moves twice as much (reads the saved input and the
   *  output gradient, writes the input gradient). */
  readonly elementwiseF: Readonly<Record<Component, number>>;
  /** Element-wise bytes of the weight backward (the embedding's gradient scatter-add). */
  readonly elementwiseW: number;
  /** Forward element-wise bytes re-run in the backward under recompute=selective (norms, SwiGLU). */
  readonly elementwiseSelective: Readonly<Record<Component, number>>;
  /** Tokens this GPU sends to the experts per micro-batch (0 when there is no all-to-all). */
  readonly dispatchTokens: number;
  /**
   * TP collectives exposed in the forward, each an all-gather or reduce-scatter of the full activation
   * (`tpCollectiveBytes`; an all-reduce counts two), and those exposed in the backward (the rest hide beside GEMMs).
   */
  readonly tpCollectives: number;
  readonly tpCollectivesBackward: number;
  readonly tpCollectiveBytes: number;
  /** Activation bytes kept from forward to backward per micro-batch, per recompute option (see docs/cost-model.md). */
  readonly activationBytes: Readonly<Record<'none' | 'selective' | 'full', number>>;
}

export interface ShapeInput {
  readonly workload: Workload;
  readonly microBatchSize: number;
  readonly tp: number;
  readonly ep: number;
  /** The format GEMMs run in on this chip (fp8 workloads fall back to bf16 on chips without FP8). */
  readonly gemmFormat: Format;
  readonly tileM: number;
  readonly tileN: number;
  /** With tp > 1: sequence parallelism (the default) or replicated norms and all-reduces. */
  readonly sequenceParallel?: boolean;
}

interface Matmul {
  name: string;
  component: Component;
  groups: number;
  rows: number;
  n: number;
  k: number;
  format: Format;
  selective?: boolean;
  /** Both operands are activations (attention-core batched GEMMs): the second gradient belongs to the input backward. */
  activationOperands?: boolean;
}

/** FP32 weight-gradient accumulation: read and write 4 bytes per element. */
const WGRAD_ACCUMULATE_BYTES = 8;

function passes(m: Matmul, tileM: number, tileN: number): GemmPass[] {
  const a = m.format === 'fp8' ? 1 : BF16_BYTES;
  const g = m.groups;
  const flops = 2 * g * m.rows * m.n * m.k;
  const base = { name: m.name, component: m.component, format: m.format, flops, selective: m.selective ?? false };
  const both = m.activationOperands ?? false;
  return [
    { ...base, pass: 'F', k: m.k, tiles: tileCount(g, m.rows, m.n, tileM, tileN), bytes: forwardGemmBytes(g, m.rows, m.n, m.k, m.format) },
    { ...base, pass: 'B', k: m.n, tiles: tileCount(g, m.rows, m.k, tileM, tileN), bytes: g * (m.rows * m.n * a + m.n * m.k * a + m.rows * m.k * BF16_BYTES) },
    {
      ...base,
      pass: both ? 'B' : 'W',
      k: m.rows,
      tiles: tileCount(g, m.n, m.k, tileM, tileN),
      bytes: g * (m.rows * (m.n + m.k) * a + m.n * m.k * (both ? BF16_BYTES : WGRAD_ACCUMULATE_BYTES)),
    },
  ];
}

/** Shapes of every item kind (indexed by ITEM_INDEX) for one (micro-batch size, tp, ep). */
export function itemShapes(input: ShapeInput): ItemShape[] {
  return ITEM_KINDS.map((kind) => itemShape(input, kind));
}

function itemShape(input: ShapeInput, kind: ItemKind): ItemShape {
  const { workload: w, tp, ep, gemmFormat: fmt } = input;
  const h = w.hiddenSize;
  const s = w.seqLength;
  const T = input.microBatchSize * s; // tokens of the micro-batch, all of them seen by attention GEMMs
  const sp = input.sequenceParallel ?? true;
  const Tsp = sp ? T / tp : T; // tokens of this rank's norms, residuals, router and dispatch (its shard under SP)
  const fp8 = fmt === 'fp8';
  const cache = fp8 ? w.precision.dispatchBytesPerValue : BF16_BYTES; // FP8 + scales, as the dispatch carries them
  const attnOut = w.precision.attentionOutputCacheBytes; // attention output kept for o-proj and attention backward
  const quant = (values: number) => (fp8 ? (BF16_BYTES + cache) * values : 0); // a cast pass before an FP8 GEMM
  const policy: SelectivePolicy = w.selectiveRecompute ?? 'norms-up-projections';
  const normsUp = policy === 'norms-up-projections';
  const hiddenDropout = (w.dropout?.hidden ?? 0) > 0;
  const attentionDropout = (w.dropout?.attention ?? 0) > 0;
  const matmuls: Matmul[] = [];
  let attnF = 0, attnB = 0, ewAttn = 0, ewMlp = 0, ewW = 0;
  // Element-wise forward bytes each selective policy re-runs in the backward.
  let normsUpAttn = 0, normsUpMlp = 0, coreAttn = 0;
  let dispatchTokens = 0, tpF = 0, tpB = 0;
  // Activation bytes: always kept (recompute none or selective); kept unless the norms-up-projections policy
  // recomputes them (norm and activation outputs); kept unless the attention-core policy recomputes them.
  let keep = 0, recomputedNormsUp = 0, recomputedCore = 0;

  /** A TP block (attention or a dense MLP): 2 collectives in the forward, 1 exposed in the backward with SP. */
  const tpBlock = () => {
    if (tp === 1) return;
    tpF += 2;
    tpB += sp ? 1 : 0;
  };
  /** Fused bias-dropout-add on the residual stream: read both, write the sum (and a 1-byte mask, kept). */
  const residualAdd = (): number => {
    if (!hiddenDropout) return 6 * h * Tsp;
    keep += h * Tsp;
    return 7 * h * Tsp;
  };

  const attention = () => {
    const a = w.attention;
    const heads = a.heads / tp;
    const pairs = (input.microBatchSize * s * s) / 2; // causal: half of the full score matrix
    if (a.type === 'mla') {
      const dqk = a.qkNopeHeadDim + a.qkRopeHeadDim;
      matmuls.push(
        { name: 'q/kv down-projection', component: 'attn', groups: 1, rows: T, n: a.qLoraRank + a.kvLoraRank + a.qkRopeHeadDim, k: h, format: fmt },
        { name: 'q up-projection', component: 'attn', groups: 1, rows: T, n: heads * dqk, k: a.qLoraRank, format: fmt, selective: normsUp },
        { name: 'kv up-projection', component: 'attn', groups: 1, rows: T, n: heads * (a.qkNopeHeadDim + a.vHeadDim), k: a.kvLoraRank, format: fmt, selective: normsUp },
        { name: 'output projection', component: 'attn', groups: 1, rows: T, n: h, k: heads * a.vHeadDim, format: fmt },
      );
      attnF += 2 * pairs * heads * (dqk + a.vHeadDim);
      attnB += 2 * pairs * heads * (3 * dqk + 2 * a.vHeadDim); // S = QK^T again, dQ, dK; dV, dP
      ewAttn += 4 * (a.qLoraRank + a.kvLoraRank) * T + 4 * (heads + 1) * a.qkRopeHeadDim * T + quant(heads * a.vHeadDim * T);
      normsUpAttn += 4 * (a.qLoraRank + a.kvLoraRank) * T;
      keep += BF16_BYTES * (a.qLoraRank + a.kvLoraRank + a.qkRopeHeadDim) * T + attnOut * heads * a.vHeadDim * T + 4 * heads * T;
      recomputedNormsUp += cache * h * T + BF16_BYTES * (a.qLoraRank + a.kvLoraRank) * T + BF16_BYTES * heads * (2 * dqk + a.vHeadDim) * T;
    } else {
      const kvHeads = Math.max(1, a.kvHeads / tp);
      matmuls.push(
        { name: 'qkv projection', component: 'attn', groups: 1, rows: T, n: (heads + 2 * kvHeads) * a.headDim, k: h, format: fmt },
        { name: 'output projection', component: 'attn', groups: 1, rows: T, n: h, k: heads * a.headDim, format: fmt },
      );
      ewAttn += quant(heads * a.headDim * T);
      if (w.positionEmbedding !== 'learned') ewAttn += 4 * (heads + kvHeads) * a.headDim * T; // RoPE on q and k
      keep += BF16_BYTES * (heads + 2 * kvHeads) * a.headDim * T + attnOut * heads * a.headDim * T;
      if ((w.attentionCore ?? 'flash') === 'flash') {
        attnF += 2 * pairs * heads * 2 * a.headDim;
        attnB += 2 * pairs * heads * 5 * a.headDim;
        keep += 4 * heads * T; // log-sum-exp
      } else {
        // Megatron-LM 2022: batched GEMMs over every (sequence, head) write the whole score matrix (the causal
        // mask is applied, not skipped); the fused scale-mask-softmax reads and writes it, dropout reads it and
        // writes the kept probabilities and a 1-byte mask. Korthikanti et al. 2022: 5 a s^2 b bytes kept.
        const groups = input.microBatchSize * heads;
        const scores = groups * s * s;
        const core = { component: 'attn', groups, rows: s, format: 'bf16', selective: !normsUp, activationOperands: true } as const;
        matmuls.push({ ...core, name: 'attention scores (QK^T)', n: s, k: a.headDim }, { ...core, name: 'attention over V', n: a.headDim, k: s });
        const bytes = 4 * scores + (attentionDropout ? 5 * scores : 0);
        ewAttn += bytes;
        coreAttn += bytes;
        recomputedCore += 2 * scores + (attentionDropout ? 3 * scores : 0);
      }
      recomputedNormsUp += cache * h * (normsUp ? T : Tsp); // the QKV input (Megatron keeps the norm output's shard)
    }
    ewAttn += (4 + 4) * h * Tsp + residualAdd(); // input norm, pre-MLP norm, residual add
    normsUpAttn += 8 * h * Tsp;
    keep += 2 * BF16_BYTES * h * Tsp; // the two norms' inputs (the residual stream)
    recomputedNormsUp += cache * h * Tsp; // the pre-MLP norm's output
    tpBlock();
  };
  /** `inputKept`: bytes of the first GEMM's input kept for its weight gradient, when not counted already. */
  const mlp = (component: Component, rows: number, groups: number, intermediate: number, name: string, inputKept: number) => {
    const values = groups * rows * intermediate;
    const out = fp8 ? cache : BF16_BYTES;
    keep += inputKept;
    if ((w.mlpActivation ?? 'swiglu') === 'swiglu') {
      matmuls.push(
        { name: `${name} gate+up`, component, groups, rows, n: 2 * intermediate, k: h, format: fmt },
        { name: `${name} down`, component, groups, rows, n: h, k: intermediate, format: fmt },
      );
      ewMlp += (2 * BF16_BYTES + out) * values; // read gate and up, write the activation (cast for the down GEMM)
      normsUpMlp += (2 * BF16_BYTES + out) * values;
      keep += cache * 2 * values; // SwiGLU input (FP8-cached per DeepSeek)
      recomputedNormsUp += (BF16_BYTES - cache) * 2 * values + cache * values; // SwiGLU input unquantized; its output
    } else {
      matmuls.push(
        { name: `${name} up`, component, groups, rows, n: intermediate, k: h, format: fmt },
        { name: `${name} down`, component, groups, rows, n: h, k: intermediate, format: fmt },
      );
      ewMlp += (BF16_BYTES + out) * values; // fused bias-GeLU: read the up-projection, write the activation
      normsUpMlp += (BF16_BYTES + out) * values;
      keep += cache * values; // GeLU input
      recomputedNormsUp += cache * values; // GeLU output (the down-projection's input)
    }
  };

  switch (kind) {
    case 'embedding': {
      const learned = w.positionEmbedding === 'learned';
      ewAttn += (learned ? 6 : 4) * h * Tsp; // gather (and add the position row)
      if (hiddenDropout) {
        ewAttn += 3 * h * Tsp; // embedding dropout: read, write, 1-byte mask
        keep += h * Tsp;
      }
      ewW += (learned ? 16 : 10) * h * Tsp; // read the gradient, scatter-add into the FP32 table gradient(s)
      if (tp > 1) {
        tpF += sp ? 1 : 2; // vocabulary-parallel lookup: reduce-scatter (SP) or all-reduce of the output
        tpB += sp ? 1 : 0; // all-gather of the output gradient (SP); identity without
      }
      break;
    }
    case 'dense':
      attention();
      // The FFN's input: DeepSeek caches the gathered (FP8) GEMM input; Megatron keeps only the norm output's
      // shard, counted above, and re-gathers it in the backward.
      mlp('mlp', T, 1, w.denseIntermediateSize / tp, 'FFN', normsUp ? cache * h * T : 0);
      ewMlp += residualAdd();
      tpBlock();
      break;
    case 'moe': {
      const moe = w.moe;
      if (!moe) break; // a dense model has no MoE item: an empty shape
      attention();
      matmuls.push({ name: 'router', component: 'attn', groups: 1, rows: Tsp, n: moe.routedExperts, k: h, format: 'bf16' });
      ewAttn += 8 * moe.routedExperts * Tsp + quant(h * Tsp);
      keep += 4 * moe.routedExperts * Tsp;
      const localExperts = moe.routedExperts / ep;
      const rows = (Tsp * moe.activeExperts) / localExperts;
      mlp('mlp', rows, localExperts, moe.expertIntermediateSize, 'routed experts', cache * h * rows * localExperts);
      if (moe.sharedExperts > 0) mlp('mlp', Tsp, 1, moe.sharedExperts * moe.expertIntermediateSize, 'shared experts', cache * h * Tsp);
      ewMlp += residualAdd();
      dispatchTokens = ep > 1 ? Tsp : 0;
      break;
    }
    case 'head':
      matmuls.push({ name: 'output head', component: 'attn', groups: 1, rows: T, n: w.vocabSize / tp, k: h, format: 'bf16' });
      ewAttn += 4 * h * Tsp + 4 * (w.vocabSize / tp) * T; // final norm; softmax reads the logits twice
      keep += BF16_BYTES * h * T + BF16_BYTES * (w.vocabSize / tp) * T; // head input and the logits for the loss gradient
      tpF += tp > 1 && sp ? 1 : 0; // all-gather of the input (SP); its backward collective hides beside the GEMMs
      break;
    case 'mtp-proj':
      matmuls.push({ name: 'MTP projection', component: 'attn', groups: 1, rows: Tsp, n: h, k: 2 * h, format: fmt });
      ewAttn += 20 * h * Tsp; // two norms, the embedding gather and the concatenation
      keep += 2 * BF16_BYTES * h * Tsp;
      break;
  }

  const stageInput = BF16_BYTES * h * Tsp;
  return {
    kind,
    gemms: matmuls.flatMap((m) => passes(m, input.tileM, input.tileN)),
    attentionFlopsF: attnF,
    attentionFlopsB: attnB,
    elementwiseF: { attn: ewAttn, mlp: ewMlp },
    elementwiseW: ewW,
    elementwiseSelective: normsUp ? { attn: normsUpAttn, mlp: normsUpMlp } : { attn: coreAttn, mlp: 0 },
    dispatchTokens,
    tpCollectives: tpF,
    tpCollectivesBackward: tpB,
    tpCollectiveBytes: tp > 1 ? (BF16_BYTES * h * T * (tp - 1)) / tp : 0,
    activationBytes: {
      selective: keep + (normsUp ? recomputedCore : recomputedNormsUp),
      none: keep + recomputedNormsUp + recomputedCore,
      full: kind === 'embedding' ? 0 : stageInput,
    },
  };
}
