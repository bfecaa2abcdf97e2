/**
 * GPU kernels classified by name. Profilers record no kernel type, only the mangled or templated name, so the
 * patterns below follow the libraries a DeepSeek-class training run launches: DeepGEMM / cuBLAS / CUTLASS GEMMs,
 * FlashAttention / FlashMLA, DeepEP and NCCL communication, and PyTorch's or fused element-wise kernels.
 * Order matters: the first rule that matches wins (a DeepEP notify kernel is a wait, not a transfer).
 */

import type { NonGemmKind } from '../contract/trace-figures.js';

export const CATEGORIES = ['gemm', 'attention', 'all-to-all', 'all-to-all-wait', 'collective', 'non-gemm'] as const;
export type Category = (typeof CATEGORIES)[number];

/** Categories whose kernels talk to peers: a stream that mostly runs these is a communication stream. */
export const COMMUNICATION: readonly Category[] = ['all-to-all', 'all-to-all-wait', 'collective'];

export type GemmDtype = 'fp8' | 'bf16' | 'other';
export type AllToAllOp = 'dispatch' | 'combine';
/** Which kernel profile (models/kernels/<id>.json family) a communication kernel belongs to. */
export type CommLibrary = 'deepep' | 'nccl';

export type KernelClass =
  | {
      category: 'gemm';
      dtype: GemmDtype;
      grouped: boolean /** Accumulates into an FP32 main gradient (a weight-gradient GEMM). */;
      accumulate: boolean;
    }
  | { category: 'attention' }
  | { category: 'all-to-all'; op: AllToAllOp | 'send-recv'; library: CommLibrary }
  | { category: 'all-to-all-wait'; library: CommLibrary }
  | { category: 'collective' }
  | { category: 'non-gemm'; kind: NonGemmKind };

const DEEPEP = /dpsk::ep::|deep_ep::|\bdeepep\b/i;
const DEEPEP_WAIT = /notify|get_dispatch_layout|barrier/i;
const NCCL_ALLTOALL = /nccl\w*(SendRecv|AllToAll)/i;
const NCCL_COLLECTIVE = /nccl\w*(AllReduce|ReduceScatter|AllGather|Broadcast|Reduce)/i;
// Helper kernels inside GEMM libraries (tensor-map fills, operand transposes) are not GEMMs.
const GEMM_HELPER = /utils::|fill_tensormaps|transpose/i;
const GEMM = /gemm|xmma|cublas|cutlass.*Gemm|\bmatmul\b/i;
const GROUPED = /m_grouped|GroupedGemm|grouped_mm|gemm_grouped|grouped_gemm_kernel/i;
const ATTENTION = /flash|fmha|attn|flashmla|mla_/i;

const NON_GEMM_RULES: readonly [NonGemmKind, RegExp][] = [
  // MoE permute kernels first: their templates name FP8 scales. Fused SwiGLU-and-cast kernels count as casts: their
  // cost is the FP8 operand they write.
  ['permute', /expand_to_fused|reduce_fused|get_fused_mapping|clean_and_count_expert|permute/i],
  ['fp8-cast-transpose', /cast|transpose|fp8|quantiz/i],
  ['norm', /layer_?norm|rms_?norm|ln_(fwd|bwd)/i],
  ['swiglu', /swiglu|silu|gelu/i],
  ['rope', /rotary|rope/i],
  ['router', /topk|top_k|aux_fi|unique_group_indices|gating/i],
];

export function classifyKernel(name: string): KernelClass {
  if (DEEPEP.test(name)) {
    if (DEEPEP_WAIT.test(name)) return { category: 'all-to-all-wait', library: 'deepep' };
    if (/combine/i.test(name)) return { category: 'all-to-all', op: 'combine', library: 'deepep' };
    if (/dispatch/i.test(name)) return { category: 'all-to-all', op: 'dispatch', library: 'deepep' };
    return { category: 'all-to-all-wait', library: 'deepep' };
  }
  // NCCL's all-to-all runs as grouped send/receive kernels.
  if (NCCL_ALLTOALL.test(name)) return { category: 'all-to-all', op: 'send-recv', library: 'nccl' };
  if (NCCL_COLLECTIVE.test(name)) return { category: 'collective' };
  if (GEMM.test(name) && !GEMM_HELPER.test(name)) {
    const dtype: GemmDtype = /fp8|e4m3|e5m2/i.test(name) ? 'fp8' : /bf16|bfloat16/i.test(name) ? 'bf16' : 'other';
    return { category: 'gemm', dtype, grouped: GROUPED.test(name), accumulate: /_acc\b|_acc::|_acc</.test(name) };
  }
  if (ATTENTION.test(name)) return { category: 'attention' };
  const kind = NON_GEMM_RULES.find(([, pattern]) => pattern.test(name))?.[0] ?? 'copy-add-other';
  return { category: 'non-gemm', kind };
}

/** "fp8 grouped", "bf16": the GEMM label the report groups by. */
export function gemmLabel(c: Extract<KernelClass, { category: 'gemm' }>): string {
  return `${c.dtype}${c.grouped ? ' grouped' : ''}`;
}
