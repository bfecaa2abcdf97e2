import { z } from 'zod';

/**
 * Profile schemas. Units live in key names (Calculon's habit); objects are strict so a misspelt key is an error,
 * not a silently ignored figure. Every numeric figure needs a `sources` entry (checked in sources.ts).
 */

const positive = z.number().positive();

/** Non-GEMM kernel families, as DeepSeek's profiler trace groups them (the cost model's memory-bound inventory). */
/** `softmax` and `dropout`: the materialized attention core's kernels (Megatron-LM 2022); no profile measures them yet. */
export const MEMORY_KERNEL_FAMILIES = [
  'fp8-cast',
  'permute',
  'copy-add',
  'norm',
  'activation',
  'rope',
  'router',
  'attention-aux',
  'loss',
  'embedding',
  'small',
  'softmax',
  'dropout',
] as const;
const fraction = z.number().gt(0).lte(1);
const count = z.number().int().positive();
const sources = z.record(z.string(), z.string().min(1));
/** The JSON Schema an editor checks the file against (schemas/<kind>.schema.json); the loader ignores it. */
export const $schema = z.string().optional();

export const MLP_ACTIVATIONS = ['swiglu', 'gelu'] as const;
export type MlpActivation = (typeof MLP_ACTIVATIONS)[number];
export const ATTENTION_CORES = ['flash', 'materialized'] as const;
export const SELECTIVE_RECOMPUTES = ['norms-up-projections', 'attention-core'] as const;

export const chipSchema = z
  .strictObject({
    $schema,
    id: z.string().regex(/^[a-z0-9-]+$/),
    name: z.string(),
    sms: count,
    /** Boost clock the nameplate TFLOPS are computed at. */
    clockGHz: positive,
    /** Clock under sustained training load (power/thermal limits); tensor peaks scale by sustainedClockGHz / clockGHz. */
    sustainedClockGHz: positive,
    bf16DenseTFLOPS: positive,
    /** Absent on chips without FP8 tensor cores (Ampere). */
    fp8DenseTFLOPS: positive.optional(),
    /** Dense FP16 tensor-core peak; absent = the BF16 figure (equal on Ampere, Hopper and Blackwell datasheets). */
    fp16DenseTFLOPS: positive.optional(),
    hbmGiB: positive,
    hbmTBps: positive,
    l2MB: positive,
    nvlink: z.strictObject({
      generation: count,
      links: count,
      lineGBpsPerDirection: positive,
      achievableGBpsPerDirection: positive,
    }),
    efficiency: z.strictObject({
      /** Fraction of the dense peak AT THE SUSTAINED CLOCK that a large, well-shaped GEMM reaches. */
      gemmFp8PeakFraction: fraction.optional(),
      gemmBf16PeakFraction: fraction,
      /** Fraction of HBM bandwidth that memory-bound kernels reach. */
      hbmFraction: fraction,
      /** Output tile of one GEMM work unit (one SM at a time); wave quantization counts these tiles. */
      gemmTileM: count,
      gemmTileN: count,
      /**
       * Fixed cost of one output tile (prologue, epilogue, pipeline fill) as extra K elements: a tile of depth K takes
       * as long as (K + gemmTileOverheadK) at the peak fraction, so small-K GEMMs run further below peak.
       */
      gemmTileOverheadK: z.number().nonnegative(),
      /** Fraction of the BF16 dense peak that causal core attention (flash-attention style) reaches, forward / backward. */
      attentionForwardPeakFraction: fraction,
      attentionBackwardPeakFraction: fraction,
      /** Fraction of that peak MLA decode attention (FlashMLA: absorbed, compute-bound at large batch) reaches; absent = the forward figure. */
      attentionDecodePeakFraction: fraction.optional(),
      /** Fraction of HBM bandwidth the non-GEMM kernels of training (casts, permutes, norms, activations) reach. */
      nonGemmHbmFraction: fraction,
      /** Fraction of its standalone rate a GEMM keeps while an all-to-all kernel co-runs (HBM and L2 contention). */
      gemmUnderCommFraction: fraction,
      /** Idle time on a compute stream between two consecutive kernels (launch and dependency gaps), microseconds. */
      launchGapUs: z.number().nonnegative(),
    }),
    dieAreaMm2: positive.optional(),
    tdpW: positive,
    priceUsdPerHour: positive.optional(),
    sources,
  })
  .superRefine((c, ctx) => {
    // A link cannot carry more than its line rate: an achievable figure above it is a typo or a unit slip.
    if (c.nvlink.achievableGBpsPerDirection > c.nvlink.lineGBpsPerDirection) {
      ctx.addIssue({
        code: 'custom',
        path: ['nvlink', 'achievableGBpsPerDirection'],
        message: `must be at most nvlink.lineGBpsPerDirection (${c.nvlink.lineGBpsPerDirection})`,
      });
    }
  });
export type Chip = z.infer<typeof chipSchema>;

const mlaAttention = z.strictObject({
  type: z.literal('mla'),
  heads: count,
  qkNopeHeadDim: count,
  qkRopeHeadDim: count,
  vHeadDim: count,
  kvLoraRank: count,
  qLoraRank: count,
});
const gqaAttention = z.strictObject({
  type: z.literal('gqa'),
  heads: count,
  kvHeads: count,
  headDim: count,
});
export type MlaAttention = z.infer<typeof mlaAttention>;
export type GqaAttention = z.infer<typeof gqaAttention>;

export const workloadSchema = z
  .strictObject({
    $schema,
    id: z.string().regex(/^[a-z0-9-]+$/),
    name: z.string(),
    layers: count,
    /** Layers with a dense FFN (the first ones); the rest are MoE. Equal to `layers` for a dense model. */
    denseLayers: z.number().int().nonnegative(),
    hiddenSize: count,
    denseIntermediateSize: count,
    vocabSize: count,
    attention: z.discriminatedUnion('type', [mlaAttention, gqaAttention]),
    moe: z
      .strictObject({
        routedExperts: count,
        sharedExperts: z.number().int().nonnegative(),
        activeExperts: count,
        expertIntermediateSize: count,
        expertGroups: count,
        defaultNodeLimit: count.optional(),
        /** Experts per visited node that NVLink forwarding absorbs without slowing the IB path (DeepSeek: 160/50 = 3.2), if published; the routing model's figure is checked against it. */
        expertsPerNodeVisited: positive.optional(),
        /**
         * Routed rows of the busiest GPU over the mean (>= 1): the slowest GPU sets the pace of every grouped GEMM
         * and all-to-all, and holds the most expert activations.
         */
        loadImbalance: z.number().gte(1),
      })
      .optional(),
    mtpDepth: z.number().int().nonnegative(),
    /** MLP activation: swiglu (gate, up, down: 3 matrices; the default) or gelu (up, down: 2 matrices, GPT). */
    mlpActivation: z.enum(MLP_ACTIVATIONS).optional(),
    /** rope (the default; no parameters) or learned (a seqLength x hiddenSize table added to the token embedding, GPT). */
    positionEmbedding: z.enum(['rope', 'learned']).optional(),
    /**
     * How core attention runs: flash (fused, the default: scores never reach HBM, causal half computed) or
     * materialized (Megatron-LM 2022: batched GEMMs write the full score matrix, softmax and dropout run over it).
     */
    attentionCore: z.enum(ATTENTION_CORES).optional(),
    /**
     * What recompute=selective re-runs: norms-up-projections (DeepSeek-V3, the default: norms, MLA up-projections,
     * the MLP activation) or attention-core (Megatron, Korthikanti et al. 2022: QK^T, softmax, dropout, attention over V).
     */
    selectiveRecompute: z.enum(SELECTIVE_RECOMPUTES).optional(),
    /** Dropout probabilities (absent: no dropout kernels or masks). */
    dropout: z.strictObject({ attention: z.number().gte(0).lt(1), hidden: z.number().gte(0).lt(1) }).optional(),
    /**
     * Tiny framework kernels per layer (fills, index and scalar ops) over forward and backward, counted in a profiler
     * trace of the training code; each pays a fixed duration and a launch gap. Absent: none are modelled.
     */
    smallKernelsPerLayer: z.number().nonnegative().optional(),
    /**
     * Rates of the training code's own kernels, measured in a profiler trace of it (they belong to the code, not the
     * chip: the same code on another chip keeps them). Absent: weight-gradient GEMMs at the forward rate and every
     * non-GEMM family at the chip's nonGemmHbmFraction.
     */
    kernels: z
      .strictObject({
        /**
         * Weight-gradient GEMM rate relative to a forward GEMM of the same shape (DeepSeek's FP32-accumulating kernels
         * time-share the SMs with the other compute stream); the FP32 accumulation bytes are priced apart.
         */
        wgradRelativeRate: fraction,
        /**
         * Per non-GEMM kernel family, its achieved rate relative to the chip's nonGemmHbmFraction (row reductions such
         * as norms, and gathers, reach less of HBM than streaming casts; a family's rate also carries the tiny
         * framework kernels a trace files under it). A family left out runs at 1.
         */
        nonGemmRelativeRate: z.partialRecord(z.enum(MEMORY_KERNEL_FAMILIES), positive),
      })
      .optional(),
    seqLength: count,
    globalBatchSequences: count,
    precision: z.strictObject({
      /** fp16 runs at the chip's fp16DenseTFLOPS (the BF16 rate when the profile has none). */
      gemm: z.enum(['fp8', 'bf16', 'fp16']),
      dispatchBytesPerValue: positive,
      combineBytesPerValue: positive,
      /** Bytes per value of the attention output kept for the backward (input of the output projection). */
      attentionOutputCacheBytes: positive,
      weightBytes: positive,
    }),
    optimizer: z.strictObject({
      masterWeightBytes: z.number().nonnegative(),
      gradientBytes: positive,
      momentBytes: z.number().nonnegative(),
      /** Gradient-norm clipping: one pass reading the gradients for the norm, one scaling them. */
      gradientClipping: z.boolean().optional(),
      /** Dynamic loss scaling (FP16): one pass unscaling the gradients and checking them for inf/NaN. */
      lossScaling: z.boolean().optional(),
    }),
    /** Published totals, kept to check the model's own counts against. */
    published: z.strictObject({
      totalParamsB: positive,
      activeParamsB: positive,
      trainingGflopPerToken: positive.optional(),
      mtpParamsB: positive.optional(),
    }),
    sources,
  })
  .superRefine((w, ctx) => {
    if (w.denseLayers > w.layers) {
      ctx.addIssue({ code: 'custom', path: ['denseLayers'], message: `must be at most layers (${w.layers})` });
    }
    if (w.denseLayers < w.layers && !w.moe) {
      ctx.addIssue({
        code: 'custom',
        path: ['moe'],
        message: 'required when some layers are MoE (denseLayers < layers)',
      });
    }
    if (w.moe && w.moe.activeExperts > w.moe.routedExperts) {
      ctx.addIssue({ code: 'custom', path: ['moe', 'activeExperts'], message: 'must be at most moe.routedExperts' });
    }
  });
export type Workload = z.infer<typeof workloadSchema>;

export const clusterSchema = z
  .strictObject({
    $schema,
    id: z.string().regex(/^[a-z0-9-]+$/),
    name: z.string(),
    gpusPerNode: count,
    scaleOut: z.strictObject({
      fabric: z.enum(['infiniband', 'roce']),
      nicsPerNode: count,
      nicGbps: positive,
      achievableGBpsPerNic: positive,
      latencyUs: positive,
    }),
    scaleUpLatencyUs: positive,
    memoryReserveGiB: z.number().nonnegative(),
    sources,
  })
  .superRefine((c, ctx) => {
    const lineGBps = c.scaleOut.nicGbps / 8; // Gb/s to GB/s
    if (c.scaleOut.achievableGBpsPerNic > lineGBps) {
      ctx.addIssue({
        code: 'custom',
        path: ['scaleOut', 'achievableGBpsPerNic'],
        message: `must be at most the NIC's line rate, scaleOut.nicGbps / 8 = ${lineGBps} GB/s`,
      });
    }
  });
export type Cluster = z.infer<typeof clusterSchema>;

export const KERNEL_FAMILIES = ['all-to-all', 'collective', 'copy-engine'] as const;
export const kernelSchema = z
  .strictObject({
    $schema,
    id: z.string().regex(/^[a-z0-9-]+$/),
    name: z.string(),
    family: z.enum(KERNEL_FAMILIES),
    /** SMs one channel holds; 0 for kernels that hold no SM (copy engines). SM counts must be multiples of it. */
    smsPerChannel: z.number().int().nonnegative(),
    minSMs: z.number().int().nonnegative(),
    defaultSMs: z.number().int().nonnegative(),
    /** Logical bandwidth one SM sustains (SM-bound regime); 0 when the kernel holds no SM. */
    dispatchPerSmGBps: z.number().nonnegative(),
    combinePerSmGBps: z.number().nonnegative(),
    /** Fraction of each link's achievable bandwidth the kernel can reach. */
    linkFraction: fraction,
    launchLatencyUs: z.number().nonnegative(),
    /** Fraction of its standalone rate the kernel keeps while GEMMs co-run on the other SMs (HBM/L2 contention). */
    underCompute: z.strictObject({ dispatchLinkFraction: fraction, combineLinkFraction: fraction }),
    /**
     * Peer waits (notify/barrier kernels) per all-to-all as a fraction of its transfer time, measured at
     * `peerWaitReference`; they scale with the load skew (loadImbalance - 1) and with sqrt(ln ep) (the expected
     * maximum of ep peers' skews).
     */
    peerWaitFraction: z.number().nonnegative(),
    peerWaitReference: z.strictObject({ ep: z.number().int().gte(2), loadImbalance: z.number().gt(1) }),
    /**
     * Sharpness of the knee between the SM-bound and the link-bound regime: time = (t_link^p + t_sm^p)^(1/p).
     * Large p: a hard min(link, SMs x rate); small p: a gradual saturation, as measured bandwidth-vs-SM curves show.
     */
    saturationExponent: z.number().gte(1),
    /** GPU memory the kernel's send/receive buffers hold for the whole run. */
    bufferGiB: z.number().nonnegative(),
    /**
     * Decode all-to-all measured per EP width (DeepEP's low-latency kernels: one RDMA message per token and expert,
     * no SM held): kernel times at `tokensPerGpu` tokens, on NICs of `nicGBpsPerGpu` line rate per GPU. The serving
     * model (src/serve) derives a bandwidth per EP width and op from them.
     */
    lowLatency: z
      .strictObject({
        tokensPerGpu: count,
        hiddenSize: count,
        topK: count,
        dispatchBytesPerValue: positive,
        combineBytesPerValue: positive,
        nicGBpsPerGpu: positive,
        points: z.array(z.strictObject({ ep: count, dispatchUs: positive, combineUs: positive })).min(1),
      })
      .optional(),
    sources,
  })
  .superRefine((k, ctx) => {
    const holdsSMs = k.smsPerChannel > 0;
    if (holdsSMs && (k.dispatchPerSmGBps === 0 || k.combinePerSmGBps === 0)) {
      ctx.addIssue({
        code: 'custom',
        path: ['dispatchPerSmGBps'],
        message: 'must be > 0 for a kernel that holds SMs (smsPerChannel > 0)',
      });
    }
    if (!holdsSMs && k.minSMs !== 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['minSMs'],
        message: 'must be 0 for a kernel that holds no SM (smsPerChannel = 0)',
      });
    }
  });
export type Kernel = z.infer<typeof kernelSchema>;

export const PROFILE_KINDS = ['chip', 'workload', 'cluster', 'kernel'] as const;
export type ProfileKind = (typeof PROFILE_KINDS)[number];

export interface ProfileTypes {
  chip: Chip;
  workload: Workload;
  cluster: Cluster;
  kernel: Kernel;
}

export const PROFILE_SCHEMAS: { [K in ProfileKind]: z.ZodType<ProfileTypes[K]> } = {
  chip: chipSchema,
  workload: workloadSchema,
  cluster: clusterSchema,
  kernel: kernelSchema,
};

/** Folder under models/ for each kind. */
export const PROFILE_DIRS: { [K in ProfileKind]: string } = {
  chip: 'chips',
  workload: 'workloads',
  cluster: 'clusters',
  kernel: 'kernels',
};
