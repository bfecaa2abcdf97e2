import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { parseAnnotation } from '../../src/trace/attribute.js';
import { classifyKernel } from '../../src/trace/classify.js';
import { layerBreakdown } from '../../src/trace/layers.js';
import { readTrace } from '../../src/trace/read.js';
import { gemmShape } from '../../src/trace/shapes.js';
import { mostCommon, summarizeTrace } from '../../src/trace/summary.js';
import { coveredTime, mergeIntervals, wallShares } from '../../src/trace/timeline.js';
import { handTimedTrace, NAMES, tempDir, writeTrace } from './helpers.js';

const dir = tempDir();
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('kernel classes', () => {
  it('sorts the kernels of a DeepSeek training step and of NCCL by name', () => {
    expect(classifyKernel(NAMES.fp8Gemm)).toEqual({
      category: 'gemm',
      dtype: 'fp8',
      grouped: false,
      accumulate: false,
    });
    expect(classifyKernel(NAMES.groupedGemm)).toEqual({
      category: 'gemm',
      dtype: 'fp8',
      grouped: true,
      accumulate: false,
    });
    expect(classifyKernel(NAMES.wgradGemm)).toEqual({
      category: 'gemm',
      dtype: 'fp8',
      grouped: false,
      accumulate: true,
    });
    expect(
      classifyKernel(
        'sm90_xmma_gemm_bf16bf16_bf16f32_f32_nn_n_tilesize128x128x64_warpgroupsize1x1x1_execute_segment_k_off_kernel__5x_cublas',
      ),
    ).toMatchObject({ category: 'gemm', dtype: 'bf16' });
    expect(classifyKernel(NAMES.flashFwd).category).toBe('attention');
    expect(
      classifyKernel('void cutlass::device_kernel<flash::FlashAttnBwdPreprocess<cute::tuple<cute::C<64>>>>').category,
    ).toBe('attention');
    expect(classifyKernel(NAMES.dispatch)).toEqual({ category: 'all-to-all', op: 'dispatch', library: 'deepep' });
    expect(
      classifyKernel('void dpsk::ep::internode::combine<false, 8, __nv_bfloat16, 8, 2, 16, 24>(int4*, float*)'),
    ).toEqual({ category: 'all-to-all', op: 'combine', library: 'deepep' });
    expect(classifyKernel(NAMES.notify).category).toBe('all-to-all-wait');
    expect(classifyKernel('void dpsk::ep::internode::cached_notify<false>(int, int, int)').category).toBe(
      'all-to-all-wait',
    );
    expect(classifyKernel('void dpsk::ep::cuda::get_dispatch_layout<256, 32, 8>(long const*, int*)').category).toBe(
      'all-to-all-wait',
    );
    expect(classifyKernel('ncclDevKernel_SendRecv(ncclDevComm*, unsigned long, ncclWork*)')).toEqual({
      category: 'all-to-all',
      op: 'send-recv',
      library: 'nccl',
    });
    expect(
      classifyKernel('ncclDevKernel_AllReduce_Sum_bf16_RING_LL(ncclDevComm*, unsigned long, ncclWork*)').category,
    ).toBe('collective');
    expect(classifyKernel('ncclKernel_ReduceScatter_RING_LL_Sum_float(ncclDevComm*)').category).toBe('collective');
    expect(classifyKernel('ncclDevKernel_AllGather_RING_LL(ncclDevComm*)').category).toBe('collective');
  });

  it('splits non-GEMM kernels into casts, permutes, norms, SwiGLU, RoPE, router and the rest', () => {
    const kind = (name: string) => {
      const c = classifyKernel(name);
      return c.category === 'non-gemm' ? c.kind : c.category;
    };
    expect(kind(NAMES.cast)).toBe('fp8-cast-transpose');
    expect(
      kind(
        'void dpsk::grouped_gemm::cuda::utils::transpose<512, 128, 4, 4>(unsigned char const*, unsigned char*, int, int)',
      ),
    ).toBe('fp8-cast-transpose');
    expect(
      kind('void cuda::swiglu_forward_with_weight_and_per_token_cast_to_fp8_with_channels_impl<__nv_bfloat16, true>'),
    ).toBe('fp8-cast-transpose');
    expect(kind('cuda::expand_to_fused_with_scales_impl(int4 const*, int4*, float const*, float*, int const*)')).toBe(
      'permute',
    );
    expect(kind('void cuda::reduce_fused_impl<__nv_bfloat16, false, false>(int4 const*, float const*)')).toBe(
      'permute',
    );
    expect(kind('void layer_norm::ln_fwd_kernel<layer_norm::Kernel_traits<__nv_bfloat16>>')).toBe('norm');
    expect(kind('void cuda::swiglu_forward_backward_with_weight_impl<__nv_bfloat16>(__nv_bfloat16*)')).toBe('swiglu');
    expect(kind('rotary_kernel')).toBe('rope');
    expect(kind('void at::native::sbtopk::gatherTopK<float, unsigned int, 2, false>')).toBe('router');
    expect(kind('void at::native::vectorized_elementwise_kernel<4, at::native::CUDAFunctor_add<c10::BFloat16>>')).toBe(
      'copy-add-other',
    );
    expect(kind('dpsk::grouped_gemm::cuda::utils::fill_tensormaps_kernel(CUtensorMap_st, CUtensorMap_st*)')).toBe(
      'copy-add-other',
    );
  });
});

describe('helpers', () => {
  it('reads F/B/W ranges and leaves other names whole', () => {
    expect(parseAnnotation('combine(B)')).toEqual({ name: 'combine(B)', part: 'combine', phase: 'B' });
    expect(parseAnnotation('ProfilerStep#1')).toEqual({ name: 'ProfilerStep#1', part: undefined, phase: undefined });
  });

  it('takes GEMM sizes from each operator family', () => {
    expect(
      gemmShape('aten::mm', [
        [64, 32],
        [32, 16],
      ]),
    ).toEqual({ m: 64, k: 32, n: 16, groups: 1 });
    expect(gemmShape('aten::addmm', [[16], [64, 32], [32, 16]])).toEqual({ m: 64, k: 32, n: 16, groups: 1 });
    expect(
      gemmShape('aten::bmm', [
        [4, 64, 32],
        [4, 32, 16],
      ]),
    ).toEqual({ groups: 4, m: 64, k: 32, n: 16 });
    expect(
      gemmShape('aten::matmul', [
        [2, 3, 64, 32],
        [32, 16],
      ]),
    ).toEqual({ groups: 6, m: 64, k: 32, n: 16 });
    expect(gemmShape('aten::linear', [[2, 64, 32], [16, 32], [16]])).toEqual({ groups: 1, m: 128, k: 32, n: 16 });
    expect(gemmShape('aten::_grouped_mm', [[256, 32], [8, 32, 16], [8]])).toEqual({ groups: 8, m: 32, k: 32, n: 16 });
    expect(
      gemmShape('aten::mm', [
        [64, 32],
        [31, 16],
      ]),
    ).toBeUndefined(); // inner sizes disagree
  });

  it('counts concurrent time once: unions, covered time, wall shares by priority', () => {
    const merged = mergeIntervals([
      [5, 10],
      [0, 3],
      [2, 4],
      [10, 12],
    ]);
    expect(merged).toEqual([
      [0, 4],
      [5, 12],
    ]);
    expect(coveredTime(merged, 3, 6)).toBe(2);
    // The second stream counts only where the first is idle: 100 of its 200.
    expect(
      wallShares([
        [
          [0, 100],
          [100, 200],
        ],
        [[150, 350]],
      ]),
    ).toEqual([[100, 100], [150]]);
    expect(mostCommon([112, 20, 112, 64])).toBe(112);
    expect(mostCommon([20, 112])).toBe(112); // ties go to the larger
    expect(mostCommon([])).toBeNull();
  });
});

describe('summary of a hand-timed trace', () => {
  it('finds span, streams, categories, CTAs and gaps', async () => {
    const s = summarizeTrace(await readTrace(writeTrace(dir, 'hand.json', handTimedTrace())));
    expect(s.spanMs).toBeCloseTo(0.8, 12); // 1000 to 1800 us
    expect(s.streams.map((st) => [st.id, st.kind, st.busyMs])).toEqual([
      [7, 'compute', 0.37],
      [27, 'communication', 0.34],
      [23, 'compute', 0.2],
    ]);
    expect(s.categories.gemm).toEqual({ count: 3, totalMs: 0.5 });
    expect(s.categories.attention).toEqual({ count: 1, totalMs: 0.05 });
    expect(s.categories['all-to-all']).toEqual({ count: 1, totalMs: 0.3 });
    expect(s.categories['all-to-all-wait']).toEqual({ count: 1, totalMs: 0.04 });
    expect(s.categories['non-gemm']).toEqual({ count: 1, totalMs: 0.02 });
    expect(s.categories.collective).toEqual({ count: 0, totalMs: 0 });
    expect(s.gemmCtas).toBe(112); // [112], [2, 56] and [112] grids
    expect(s.allToAllCtas).toBe(20);
    expect(s.device.worldSize).toBe(64);
    // Compute union [1000,1150) [1160,1180) [1500,1800) = 470 us of 800: 330 us idle, one 10 us gap and one 320 us wait.
    expect(s.computeBusyMs).toBeCloseTo(0.47, 12);
    expect(s.gapsMs).toBeCloseTo(0.33, 12);
    expect(s.gaps.short).toEqual({ count: 1, totalMs: 0.01 });
    expect(s.gaps.waits).toEqual({ count: 1, totalMs: 0.32 });
    expect(s.gaps.medium.count).toBe(0);
  });

  it('attributes kernels through the launch correlation, autograd launches to the range that spans them', async () => {
    const s = summarizeTrace(await readTrace(writeTrace(dir, 'hand.json', handTimedTrace())));
    const byName = Object.fromEntries(s.annotations.map((a) => [a.name, a]));
    expect(byName['attn(F)']).toMatchObject({
      ranges: 1,
      kernels: 3,
      byCategory: { gemm: 0.1, attention: 0.05, 'non-gemm': 0.02 },
    });
    expect(byName['dispatch(F)']).toMatchObject({
      kernels: 2,
      byCategory: { 'all-to-all': 0.3, 'all-to-all-wait': 0.04 },
    });
    expect(byName['mlp(B)']).toMatchObject({ kernels: 1, byCategory: { gemm: 0.2 } }); // launched from the autograd thread
    expect(byName['mlp(W)']).toMatchObject({ kernels: 1, byCategory: { gemm: 0.2 } });
    expect(s.allToAll).toEqual([
      {
        op: 'dispatch',
        library: 'deepep',
        annotation: 'dispatch(F)',
        phase: 'F',
        count: 1,
        totalMs: 0.3,
        meanMs: 0.3,
        ctas: 20,
      },
    ]);
  });

  it('rates a GEMM whose operator recorded its shape: 2 m n k / time', async () => {
    const s = summarizeTrace(await readTrace(writeTrace(dir, 'hand.json', handTimedTrace())));
    expect(s.gemmRates).toHaveLength(1);
    expect(s.gemmRates[0]).toMatchObject({
      dtype: 'fp8',
      shape: { m: 4096, n: 2048, k: 7168, groups: 1 },
      phase: 'F',
      count: 1,
      ctas: 112,
    });
    expect(s.gemmRates[0]!.tflops).toBeCloseTo((2 * 4096 * 2048 * 7168) / 100e-6 / 1e12, 9);
    expect(s.gemmsWithoutShape).toBe(2);
  });

  it('splits one layer into categories that add up to the span', async () => {
    const l = layerBreakdown(summarizeTrace(await readTrace(writeTrace(dir, 'hand.json', handTimedTrace()))))!;
    expect(l.layers).toBe(1);
    expect(l.gemmForwardMs).toBeCloseTo(0.1, 12);
    expect(l.gemmInputBackwardMs).toBeCloseTo(0.2, 12);
    expect(l.gemmWeightBackwardMs).toBeCloseTo(0.1, 12); // half of it overlaps the grouped GEMM on stream 7
    expect(l.attention).toEqual({ totalMs: 0.05, forwardMs: 0.05, backwardMs: 0, backwardPrePostMs: 0 });
    expect(l.nonGemm.totalMs).toBeCloseTo(0.02, 12);
    expect(l.nonGemm['fp8-cast-transpose']).toBeCloseTo(0.02, 12);
    expect(l.gapsMs).toBeCloseTo(0.33, 12);
    const parts =
      l.gemmForwardMs +
      l.gemmInputBackwardMs +
      l.gemmWeightBackwardMs +
      l.gemmOtherMs +
      l.attention.totalMs +
      l.nonGemm.totalMs +
      l.gapsMs;
    expect(parts).toBeCloseTo(l.totalMs, 12);
    expect(l.allToAll['dispatch(F)']).toEqual({ kernelOp: 'dispatch', kernelMs: 0.3, notifyMs: 0.04 });
  });

  it('reads gzip and the bare-array form to the same summary', async () => {
    const plain = summarizeTrace(await readTrace(writeTrace(dir, 'plain.json', handTimedTrace(), { bare: true })));
    const gz = summarizeTrace(
      await readTrace(writeTrace(dir, 'hand.json.gz', handTimedTrace(), { gzip: true, bare: true })),
    );
    expect({ ...gz, file: '' }).toEqual({ ...plain, file: '' });
    expect(plain.spanMs).toBeCloseTo(0.8, 12);
  });

  it('has no per-layer section when no range names a phase', async () => {
    const events = handTimedTrace().filter((e) => e.cat !== 'user_annotation');
    expect(layerBreakdown(summarizeTrace(await readTrace(writeTrace(dir, 'bare.json', events))))).toBeUndefined();
  });
});
