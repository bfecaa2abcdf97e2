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
import type { MEMORY_KERNEL_FAMILIES, Workload } from '../profiles/schemas.js';
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
  /** FP32 main-gradient accumulation (weight backward): read and written after the tile's main loop, so additive. */
  readonly accumulateBytes: number;
}

/** What recompute=selective re-runs (the workload's `selectiveRecompute`). */
export type SelectivePolicy = 'norms-up-projections' | 'attention-core';

/** Non-GEMM kernel families, as DeepSeek's profiler trace groups them (docs/cost-model.md section 2). */
export type MemoryKernelCategory = (typeof MEMORY_KERNEL_FAMILIES)[number];

/** One memory-bound (non-GEMM) kernel of one pass: its HBM bytes decide its time, not the SMs it runs on. */
export interface MemoryKernel {
  readonly name: string;
  readonly category: MemoryKernelCategory;
  readonly component: Component;
  readonly pass: Pass;
  /** HBM bytes read plus written. */
  readonly bytes: number;
  /** Kernel launches (each pays a fixed duration and a launch gap). */
  readonly kernels: number;
  /** A forward kernel that re-runs in the backward under recompute=selective (norms, SwiGLU, their casts). */
  readonly recomputed: boolean;
}

export interface ItemShape {
  readonly kind: ItemKind;
  readonly gemms: readonly GemmPass[];
  readonly attentionFlopsF: number;
  readonly attentionFlopsB: number;
  /** Every non-GEMM kernel of the three passes (see MEMORY_KERNEL_CATEGORIES). */
  readonly memoryKernels: readonly MemoryKernel[];
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

/** Where a GEMM's forward input comes from, which decides the FP8 cast it needs. */
type InputCast = 'cast' | 'fused' | 'arrives-fp8';

interface Matmul {
  name: string;
  component: Component;
  groups: number;
  rows: number;
  n: number;
  k: number;
  format: Format;
  selective?: boolean;
  /** 'cast': a BF16 input cast to FP8 by its own kernel; 'fused': its producer emits FP8 (SwiGLU); 'arrives-fp8': the dispatch delivered it in FP8. */
  input?: InputCast;
  /** Bytes per value of the cached input the weight gradient re-reads (FP8 cache, E5M6, or BF16 recomputed). */
  cachedInputBytes?: number;
  /** Its output gradient arrives in FP8 (the backward of the combine sends FP8): only the wgrad cast remains. */
  gradArrivesFp8?: boolean;
  /** Both operands are activations (attention-core batched GEMMs): the second gradient belongs to the input backward. */
  activationOperands?: boolean;
}

/** FP32 weight-gradient accumulation: read and write 4 bytes per element. */
const WGRAD_ACCUMULATE_BYTES = 8;
/** Bytes per value of an FP32 buffer (router scores, attention log-sum-exp, dQ accumulator). */
const FP32_BYTES = 4;

function passes(m: Matmul, tileM: number, tileN: number): GemmPass[] {
  const a = m.format === 'fp8' ? 1 : BF16_BYTES;
  const g = m.groups;
  const flops = 2 * g * m.rows * m.n * m.k;
  const base = {
    name: m.name,
    component: m.component,
    format: m.format,
    flops,
    selective: m.selective ?? false,
    accumulateBytes: 0,
  };
  const second: GemmPass = m.activationOperands
    ? {
        ...base,
        pass: 'B',
        k: m.rows,
        tiles: tileCount(g, m.n, m.k, tileM, tileN),
        bytes: g * (m.rows * (m.n + m.k) * a + m.n * m.k * BF16_BYTES),
      }
    : {
        ...base,
        pass: 'W',
        k: m.rows,
        tiles: tileCount(g, m.n, m.k, tileM, tileN),
        bytes: g * m.rows * (m.n + m.k) * a,
        accumulateBytes: g * m.n * m.k * WGRAD_ACCUMULATE_BYTES,
      };
  return [
    {
      ...base,
      pass: 'F',
      k: m.k,
      tiles: tileCount(g, m.rows, m.n, tileM, tileN),
      bytes: forwardGemmBytes(g, m.rows, m.n, m.k, m.format),
    },
    {
      ...base,
      pass: 'B',
      k: m.n,
      tiles: tileCount(g, m.rows, m.k, tileM, tileN),
      bytes: g * (m.rows * m.n * a + m.n * m.k * a + m.rows * m.k * BF16_BYTES),
    },
    second,
  ];
}

/**
 * The FP8 casts DeepSeek's fine-grained scaling needs around one FP8 linear layer (1x128 tiles for activations and
 * gradients, 128x128 blocks for weights), per micro-batch:
 *   F: the input to FP8 per token (unless its producer emits FP8); the weight to FP8 blocks.
 *   B: the output gradient to FP8 per token (dgrad) and per channel, transposed (wgrad), in one kernel; the FP8
 *      weight transposed for dgrad.
 *   W: the cached input re-read and cast per channel, transposed, for wgrad.
 * The weight casts scale with the parameters a GPU holds: experts per GPU make EP16 pay 4x EP64's.
 */
function castKernels(m: Matmul, fp8Bytes: number, recomputed: boolean): MemoryKernel[] {
  if (m.format !== 'fp8') return [];
  const g = m.groups,
    c = fp8Bytes,
    b = BF16_BYTES;
  const inputs = g * m.rows * m.k,
    grads = g * m.rows * m.n,
    weights = g * m.n * m.k;
  const kernel = (name: string, pass: Pass, bytes: number, again = false): MemoryKernel => ({
    name: `${m.name}: ${name}`,
    category: 'fp8-cast',
    component: m.component,
    pass,
    bytes,
    kernels: 1,
    recomputed: again,
  });
  const out: MemoryKernel[] = [];
  if ((m.input ?? 'cast') === 'cast') out.push(kernel('input to FP8', 'F', (b + c) * inputs, recomputed));
  out.push(kernel('weight to FP8 blocks', 'F', (b + c) * weights));
  out.push(
    m.gradArrivesFp8
      ? kernel('FP8 output gradient per channel, transposed', 'B', 2 * c * grads)
      : kernel('output gradient to FP8 per token and per channel', 'B', (b + 2 * c) * grads),
  );
  out.push(kernel('FP8 weight transposed', 'B', 2 * c * weights));
  out.push(kernel('input per channel, transposed', 'W', ((m.cachedInputBytes ?? b) + c) * inputs));
  return out;
}

/** Shapes of every item kind (indexed by ITEM_INDEX) for one (micro-batch size, tp, ep). */
export function itemShapes(input: ShapeInput): ItemShape[] {
  return ITEM_KINDS.map((kind) => itemShape(input, kind));
}

function itemShape(input: ShapeInput, kind: ItemKind): ItemShape {
  const { workload: w, tp, ep, gemmFormat: fmt } = input;
  const h = w.hiddenSize;
  const s = w.seqLength;
  const b = BF16_BYTES;
  const T = input.microBatchSize * s; // tokens of the micro-batch, all of them seen by attention GEMMs
  const sp = input.sequenceParallel ?? true;
  const Tsp = sp ? T / tp : T; // tokens of this rank's norms, residuals, router and dispatch (its shard under SP)
  const fp8 = fmt === 'fp8';
  const cache = fp8 ? w.precision.dispatchBytesPerValue : b; // FP8 + scales, as the dispatch carries them
  const attnOut = w.precision.attentionOutputCacheBytes; // attention output kept for o-proj and attention backward
  const policy: SelectivePolicy = w.selectiveRecompute ?? 'norms-up-projections';
  const normsUp = policy === 'norms-up-projections';
  const hiddenDropout = (w.dropout?.hidden ?? 0) > 0;
  const attentionDropout = (w.dropout?.attention ?? 0) > 0;
  const matmuls: Matmul[] = [];
  const kernels: MemoryKernel[] = [];
  let attnF = 0,
    attnB = 0;
  let dispatchTokens = 0,
    tpF = 0,
    tpB = 0;
  // Activation bytes: always kept (recompute none or selective); kept unless the norms-up-projections policy
  // recomputes them (norm and activation outputs); kept unless the attention-core policy recomputes them.
  let keep = 0,
    recomputedNormsUp = 0,
    recomputedCore = 0;

  const add = (
    name: string,
    category: MemoryKernelCategory,
    component: Component,
    pass: Pass,
    bytes: number,
    count = 1,
    recomputed = false,
  ) => {
    kernels.push({ name, category, component, pass, bytes, kernels: count, recomputed });
  };
  /** RMSNorm/LayerNorm over `values`: forward reads and writes 16-bit values (re-run under the norms policy); backward reads x and dy, writes dx. */
  const norm = (name: string, component: Component, values: number, count = 1) => {
    add(name, 'norm', component, 'F', 2 * b * values, count, normsUp);
    add(`${name} backward`, 'norm', component, 'B', 3 * b * values, count);
  };
  /** Residual add (two reads, one write) and its gradient fan-out; with hidden dropout fused in, a kept 1-byte mask. */
  const residual = (component: Component, values: number, count = 1) => {
    const mask = hiddenDropout ? values : 0;
    add(hiddenDropout ? 'bias-dropout-add' : 'residual add', 'copy-add', component, 'F', 3 * b * values + mask, count);
    add(
      hiddenDropout ? 'bias-dropout-add backward' : 'residual gradient add',
      'copy-add',
      component,
      'B',
      3 * b * values + mask,
      count,
    );
    keep += mask;
  };
  /** A TP block (attention or a dense MLP): 2 collectives in the forward, 1 exposed in the backward with SP. */
  const tpBlock = () => {
    if (tp === 1) return;
    tpF += 2;
    tpB += sp ? 1 : 0;
  };
  const small = () => {
    const n = w.smallKernelsPerLayer ?? 0;
    if (n === 0) return;
    add('small framework kernels (fills, index and scalar ops)', 'small', 'attn', 'F', 0, n / 2);
    add('small framework kernels (fills, index and scalar ops)', 'small', 'attn', 'B', 0, n / 2);
  };

  const attention = () => {
    const a = w.attention;
    const heads = a.heads / tp;
    const pairs = (input.microBatchSize * s * s) / 2; // causal: half of the full score matrix
    norm('input norm', 'attn', h * Tsp);
    if (a.type === 'mla') {
      const dqk = a.qkNopeHeadDim + a.qkRopeHeadDim;
      const dv = a.vHeadDim;
      matmuls.push(
        {
          name: 'q/kv down-projection',
          component: 'attn',
          groups: 1,
          rows: T,
          n: a.qLoraRank + a.kvLoraRank + a.qkRopeHeadDim,
          k: h,
          format: fmt,
        },
        {
          name: 'q up-projection',
          component: 'attn',
          groups: 1,
          rows: T,
          n: heads * dqk,
          k: a.qLoraRank,
          format: fmt,
          selective: normsUp,
        },
        {
          name: 'kv up-projection',
          component: 'attn',
          groups: 1,
          rows: T,
          n: heads * (a.qkNopeHeadDim + a.vHeadDim),
          k: a.kvLoraRank,
          format: fmt,
          selective: normsUp,
        },
        {
          name: 'output projection',
          component: 'attn',
          groups: 1,
          rows: T,
          n: h,
          k: heads * a.vHeadDim,
          format: fmt,
          cachedInputBytes: attnOut,
        },
      );
      norm('q/kv compressed norms', 'attn', (a.qLoraRank + a.kvLoraRank) * T, 2);
      const ropeValues = (heads + 1) * a.qkRopeHeadDim * T; // the queries' and the shared key's rotary parts
      add('RoPE', 'rope', 'attn', 'F', 2 * b * ropeValues, 2, normsUp);
      add('RoPE backward', 'rope', 'attn', 'B', 2 * b * ropeValues, 2);
      keep +=
        b * (a.qLoraRank + a.kvLoraRank + a.qkRopeHeadDim) * T +
        attnOut * heads * a.vHeadDim * T +
        FP32_BYTES * heads * T;
      recomputedNormsUp +=
        cache * h * T + b * (a.qLoraRank + a.kvLoraRank) * T + b * heads * (2 * dqk + a.vHeadDim) * T;
      flashCore(heads, dqk, dv, pairs);
    } else {
      const kvHeads = Math.max(1, a.kvHeads / tp);
      matmuls.push(
        {
          name: 'qkv projection',
          component: 'attn',
          groups: 1,
          rows: T,
          n: (heads + 2 * kvHeads) * a.headDim,
          k: h,
          format: fmt,
        },
        {
          name: 'output projection',
          component: 'attn',
          groups: 1,
          rows: T,
          n: h,
          k: heads * a.headDim,
          format: fmt,
          cachedInputBytes: attnOut,
        },
      );
      if (w.positionEmbedding !== 'learned') {
        const ropeValues = (heads + kvHeads) * a.headDim * T;
        add('RoPE', 'rope', 'attn', 'F', 2 * b * ropeValues, 2);
        add('RoPE backward', 'rope', 'attn', 'B', 2 * b * ropeValues, 2);
      }
      keep += b * (heads + 2 * kvHeads) * a.headDim * T + attnOut * heads * a.headDim * T;
      if ((w.attentionCore ?? 'flash') === 'flash') {
        keep += FP32_BYTES * heads * T; // log-sum-exp
        flashCore(heads, a.headDim, a.headDim, pairs);
      } else {
        materializedCore(heads, a.headDim);
      }
      recomputedNormsUp += cache * h * (normsUp ? T : Tsp); // the QKV input (Megatron keeps the norm output's shard)
    }
    residual('attn', h * Tsp);
    norm('pre-MLP norm', 'attn', h * Tsp);
    keep += 2 * b * h * Tsp; // the two norms' inputs (the residual stream)
    recomputedNormsUp += cache * h * Tsp; // the pre-MLP norm's output
    tpBlock();
    small();
  };
  /** Fused (flash) causal attention: FLOPs on the tensor cores plus its auxiliary kernels; scores never reach HBM. */
  const flashCore = (heads: number, dqk: number, dv: number, pairs: number) => {
    attnF += 2 * pairs * heads * (dqk + dv);
    attnB += 2 * pairs * heads * (3 * dqk + 2 * dv); // S = QK^T again, dQ, dK; dV, dP
    if (fp8) add('attention output to the E5M6 cache', 'fp8-cast', 'attn', 'F', (b + attnOut) * heads * dv * T);
    // Flash-attention backward: the pre-pass reads O and dO and writes their row dot products; the post-pass converts
    // the FP32 dQ accumulator to BF16.
    add(
      'attention backward pre-processing',
      'attention-aux',
      'attn',
      'B',
      2 * b * heads * dv * T + FP32_BYTES * heads * T,
    );
    add('attention backward dQ conversion', 'attention-aux', 'attn', 'B', (FP32_BYTES + b) * heads * dqk * T);
  };
  /**
   * Megatron-LM 2022: batched GEMMs over every (sequence, head) write the whole score matrix (the causal mask is
   * applied, not skipped); the fused scale-mask-softmax reads and writes it and dropout reads it and writes the
   * kept probabilities and a 1-byte mask (families `softmax` and `dropout`: no profile measures their rate yet).
   * Korthikanti et al. 2022: 5 a s^2 b bytes kept. The attention-core policy re-runs all of it.
   */
  const materializedCore = (heads: number, headDim: number) => {
    const groups = input.microBatchSize * heads;
    const scores = groups * s * s;
    const core = {
      component: 'attn',
      groups,
      rows: s,
      format: 'bf16',
      selective: !normsUp,
      activationOperands: true,
    } as const;
    matmuls.push(
      { ...core, name: 'attention scores (QK^T)', n: s, k: headDim },
      { ...core, name: 'attention over V', n: headDim, k: s },
    );
    add('scale-mask-softmax', 'softmax', 'attn', 'F', 2 * b * scores, 1, !normsUp);
    add('scale-mask-softmax backward', 'softmax', 'attn', 'B', 3 * b * scores);
    recomputedCore += b * scores;
    if (attentionDropout) {
      add('attention dropout', 'dropout', 'attn', 'F', (2 * b + 1) * scores, 1, !normsUp);
      add('attention dropout backward', 'dropout', 'attn', 'B', (2 * b + 1) * scores);
      recomputedCore += (b + 1) * scores;
    }
  };
  /**
   * One MLP (dense FFN, routed or shared experts). `keptShare`: the fraction of the busiest GPU's rows whose
   * activations count towards its memory peak (see the MoE case); `inputKept`: bytes of the first GEMM's input kept
   * for its weight gradient (default: its FP8/16-bit cache of every row).
   */
  const mlp = (
    component: Component,
    rows: number,
    groups: number,
    intermediate: number,
    name: string,
    routed: boolean,
    keptShare = 1,
    inputKept = cache * h * groups * rows,
  ) => {
    const values = groups * rows * intermediate;
    const out = fp8 ? cache : b;
    if ((w.mlpActivation ?? 'swiglu') === 'swiglu') {
      matmuls.push(
        {
          name: `${name} gate+up`,
          component,
          groups,
          rows,
          n: 2 * intermediate,
          k: h,
          format: fmt,
          input: routed ? 'arrives-fp8' : 'cast',
          cachedInputBytes: cache,
        },
        {
          name: `${name} down`,
          component,
          groups,
          rows,
          n: h,
          k: intermediate,
          format: fmt,
          input: 'fused',
          gradArrivesFp8: routed && fp8,
        },
      );
      // Forward reads gate and up, writes the activation (cast to FP8 for the down GEMM in the same kernel); the
      // backward re-reads the cached input and the activation's gradient and writes the gradients of gate and up.
      add(`${name} SwiGLU`, 'activation', component, 'F', (2 * b + out) * values, 1, normsUp);
      add(`${name} SwiGLU backward`, 'activation', component, 'B', (2 * cache + 3 * b) * values);
      keep += keptShare * (inputKept + cache * 2 * values); // GEMM input; SwiGLU input (FP8-cached per DeepSeek)
      recomputedNormsUp += keptShare * ((b - cache) * 2 * values + cache * values); // SwiGLU input unquantized; its output
    } else {
      matmuls.push(
        {
          name: `${name} up`,
          component,
          groups,
          rows,
          n: intermediate,
          k: h,
          format: fmt,
          input: routed ? 'arrives-fp8' : 'cast',
          cachedInputBytes: cache,
        },
        {
          name: `${name} down`,
          component,
          groups,
          rows,
          n: h,
          k: intermediate,
          format: fmt,
          input: 'fused',
          gradArrivesFp8: routed && fp8,
        },
      );
      // Fused bias-GeLU: reads the up-projection, writes the activation; the backward reads both and writes the gradient.
      add(`${name} GeLU`, 'activation', component, 'F', (b + out) * values, 1, normsUp);
      add(`${name} GeLU backward`, 'activation', component, 'B', (cache + 2 * b) * values);
      keep += keptShare * (inputKept + cache * values); // GEMM input; GeLU input
      recomputedNormsUp += keptShare * cache * values; // GeLU output (the down-projection's input)
    }
  };

  switch (kind) {
    case 'embedding': {
      add('embedding gather', 'embedding', 'attn', 'F', 2 * b * h * Tsp);
      add('embedding gradient scatter-add (FP32)', 'embedding', 'attn', 'W', (b + 2 * FP32_BYTES) * h * Tsp);
      if (w.positionEmbedding === 'learned') {
        add('position embedding add', 'embedding', 'attn', 'F', 3 * b * h * Tsp);
        add('position embedding gradient (FP32)', 'embedding', 'attn', 'W', (b + 2 * FP32_BYTES) * h * Tsp);
      }
      if (hiddenDropout) {
        add('embedding dropout', 'dropout', 'attn', 'F', (2 * b + 1) * h * Tsp);
        add('embedding dropout backward', 'dropout', 'attn', 'B', (2 * b + 1) * h * Tsp);
        keep += h * Tsp;
      }
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
      mlp('mlp', T, 1, w.denseIntermediateSize / tp, 'FFN', false, 1, normsUp ? cache * h * T : 0);
      residual('mlp', h * Tsp);
      tpBlock();
      break;
    case 'moe': {
      const moe = w.moe;
      if (!moe) break; // a dense model has no MoE item: an empty shape
      attention();
      matmuls.push({
        name: 'router',
        component: 'attn',
        groups: 1,
        rows: Tsp,
        n: moe.routedExperts,
        k: h,
        format: 'bf16',
      });
      add('router scores and top-k', 'router', 'attn', 'F', 2 * FP32_BYTES * moe.routedExperts * Tsp, 4);
      add('router backward', 'router', 'attn', 'B', 2 * FP32_BYTES * moe.routedExperts * Tsp, 4);
      keep += FP32_BYTES * moe.routedExperts * Tsp;
      const localExperts = moe.routedExperts / ep;
      // The busiest GPU's routed rows set the pace of every grouped GEMM. Its memory peak, though, sums the rows of
      // the many (layer, micro-batch) pairs in flight, whose skews are independent under balanced routing: it holds
      // the mean, so activations count 1 / loadImbalance of the busiest rows.
      const routedRows = Tsp * moe.activeExperts * moe.loadImbalance;
      mlp(
        'mlp',
        routedRows / localExperts,
        localExperts,
        moe.expertIntermediateSize,
        'routed experts',
        ep > 1,
        1 / moe.loadImbalance,
      );
      if (moe.sharedExperts > 0)
        mlp('mlp', Tsp, 1, moe.sharedExperts * moe.expertIntermediateSize, 'shared experts', false);
      if (ep > 1) {
        // Received rows scattered into expert order (FP8) and the expert outputs gathered and weighted back per token
        // (BF16); the backward does both again for the gradients.
        const scatter = 2 * cache * h * routedRows;
        const gather = b * h * (routedRows + Tsp);
        add('permute received tokens to expert order', 'permute', 'mlp', 'F', scatter);
        add('unpermute and weight expert outputs', 'permute', 'mlp', 'F', gather);
        add('permute output gradients to expert order', 'permute', 'mlp', 'B', scatter);
        add('unpermute input gradients', 'permute', 'mlp', 'B', gather);
        add('combine output copied out of the receive buffer', 'copy-add', 'mlp', 'F', 2 * b * h * Tsp, 2);
        add('gradient copied out of the receive buffer', 'copy-add', 'mlp', 'B', 2 * b * h * Tsp, 2);
        if (fp8) add('output gradient to FP8 for the dispatch path', 'fp8-cast', 'mlp', 'B', (b + cache) * h * Tsp);
      }
      residual('mlp', h * Tsp);
      dispatchTokens = ep > 1 ? Tsp : 0;
      break;
    }
    case 'head':
      matmuls.push({
        name: 'output head',
        component: 'attn',
        groups: 1,
        rows: T,
        n: w.vocabSize / tp,
        k: h,
        format: 'bf16',
      });
      norm('final norm', 'attn', h * Tsp);
      add('softmax cross-entropy', 'loss', 'attn', 'F', 2 * b * (w.vocabSize / tp) * T); // two reads of the logits
      add('softmax cross-entropy backward', 'loss', 'attn', 'B', 2 * b * (w.vocabSize / tp) * T);
      keep += b * h * T + b * (w.vocabSize / tp) * T; // head input and the logits for the loss gradient
      tpF += tp > 1 && sp ? 1 : 0; // all-gather of the input (SP); its backward collective hides beside the GEMMs
      break;
    case 'mtp-proj':
      matmuls.push({ name: 'MTP projection', component: 'attn', groups: 1, rows: Tsp, n: h, k: 2 * h, format: fmt });
      norm('MTP norms', 'attn', 2 * h * Tsp, 2);
      add('MTP embedding gather and concatenation', 'embedding', 'attn', 'F', 3 * b * h * Tsp);
      keep += 2 * b * h * Tsp;
      break;
  }

  for (const m of matmuls) kernels.push(...castKernels(m, cache, m.selective ?? false));
  const stageInput = b * h * Tsp;
  return {
    kind,
    gemms: matmuls.flatMap((m) => passes(m, input.tileM, input.tileN)),
    attentionFlopsF: attnF,
    attentionFlopsB: attnB,
    memoryKernels: kernels,
    dispatchTokens,
    tpCollectives: tpF,
    tpCollectivesBackward: tpB,
    tpCollectiveBytes: tp > 1 ? (b * h * T * (tp - 1)) / tp : 0,
    activationBytes: {
      selective: keep + (normsUp ? recomputedCore : recomputedNormsUp),
      none: keep + recomputedNormsUp + recomputedCore,
      full: kind === 'embedding' ? 0 : stageInput,
    },
  };
}
