/**
 * Parameter counts of the model's pieces ("items"), for memory, the optimizer and the published-figure checks.
 * Counts are whole-model (before any parallel split); biases are ignored (none of these models has large ones).
 */
import type { Workload } from '../profiles/schemas.js';

/** The pieces a pipeline stage is cut from, in model order. `mtp-proj` is the MTP module's norms and projection. */
export const ITEM_KINDS = ['embedding', 'dense', 'moe', 'head', 'mtp-proj'] as const;
export type ItemKind = (typeof ITEM_KINDS)[number];
export const ITEM_INDEX: { readonly [K in ItemKind]: number } = {
  embedding: 0,
  dense: 1,
  moe: 2,
  head: 3,
  'mtp-proj': 4,
};

export interface ItemParams {
  /** Replicated across expert-parallel ranks (attention, norms, shared experts, router, dense FFN, embedding). */
  readonly nonExpert: number;
  /** Routed experts (split over EP). */
  readonly expert: number;
  /** Routed-expert parameters one token uses (topK experts). */
  readonly expertActive: number;
}

/** Attention projections and norms of one layer (both layer kinds share them). */
export function attentionParams(w: Workload): number {
  const h = w.hiddenSize;
  const a = w.attention;
  switch (a.type) {
    case 'mla': {
      const qDown = h * a.qLoraRank + a.qLoraRank; // with its norm
      const qUp = a.qLoraRank * a.heads * (a.qkNopeHeadDim + a.qkRopeHeadDim);
      const kvDown = h * (a.kvLoraRank + a.qkRopeHeadDim) + a.kvLoraRank;
      const kvUp = a.kvLoraRank * a.heads * (a.qkNopeHeadDim + a.vHeadDim);
      const out = a.heads * a.vHeadDim * h;
      return qDown + qUp + kvDown + kvUp + out + 2 * h; // + input and post-attention norms
    }
    case 'gqa':
      return h * (a.heads + 2 * a.kvHeads) * a.headDim + a.heads * a.headDim * h + 2 * h;
  }
}

/** Weight matrices of one MLP: SwiGLU has gate, up and down; GeLU (GPT) up and down. */
export function mlpMatrices(w: Workload): number {
  return (w.mlpActivation ?? 'swiglu') === 'swiglu' ? 3 : 2;
}

/** One MLP (dense FFN or one expert) of `intermediate` columns. */
export function mlpParams(w: Workload, intermediate: number): number {
  return mlpMatrices(w) * w.hiddenSize * intermediate;
}

export function itemParams(w: Workload, kind: ItemKind): ItemParams {
  const h = w.hiddenSize;
  switch (kind) {
    case 'embedding': {
      const positions = w.positionEmbedding === 'learned' ? w.seqLength * h : 0;
      return { nonExpert: w.vocabSize * h + positions, expert: 0, expertActive: 0 };
    }
    case 'head':
      return { nonExpert: w.vocabSize * h + h, expert: 0, expertActive: 0 }; // + final norm
    case 'dense':
      return { nonExpert: attentionParams(w) + mlpParams(w, w.denseIntermediateSize), expert: 0, expertActive: 0 };
    case 'moe': {
      const moe = w.moe;
      if (!moe) throw new Error('internal invariant broken: moe item in a dense workload');
      const perExpert = mlpParams(w, moe.expertIntermediateSize);
      const router = moe.routedExperts * h;
      return {
        nonExpert: attentionParams(w) + router + moe.sharedExperts * perExpert,
        expert: moe.routedExperts * perExpert,
        expertActive: moe.activeExperts * perExpert,
      };
    }
    case 'mtp-proj':
      return { nonExpert: 2 * h * h + 3 * h, expert: 0, expertActive: 0 }; // [norm(h); norm(emb)] -> h, + final norm
  }
}

/** Kind of the transformer layer at `index` (the first `denseLayers` are dense); the MTP layer copies the last one. */
export function layerKind(w: Workload, index: number): 'dense' | 'moe' {
  return index < w.denseLayers ? 'dense' : 'moe';
}

export interface ModelParams {
  /** Main model: embedding, layers, head (the MTP module excluded, as in the published totals). */
  readonly total: number;
  /** Used per token by the main model: everything but the routed experts a token does not pick. */
  readonly active: number;
  /** The MTP modules' own parameters (they share the embedding and head). */
  readonly mtpOwn: number;
}

export function modelParams(w: Workload): ModelParams {
  let total = 0;
  let active = 0;
  const add = (p: ItemParams) => {
    total += p.nonExpert + p.expert;
    active += p.nonExpert + p.expertActive;
  };
  add(itemParams(w, 'embedding'));
  for (let i = 0; i < w.layers; i++) add(itemParams(w, layerKind(w, i)));
  add(itemParams(w, 'head'));
  const mtpLayer = itemParams(w, layerKind(w, w.layers - 1));
  const mtpOwn = w.mtpDepth * (itemParams(w, 'mtp-proj').nonExpert + mtpLayer.nonExpert + mtpLayer.expert);
  return { total, active, mtpOwn };
}

/**
 * Parameters one rank stores for the items it holds (whole-model counts, before the TP/EP split). The embedding
 * and the output head are shared with the MTP modules: stored once on a rank holding several users of them, but a
 * rank with an MTP projection and no embedding keeps its own copy of the embedding (as without DualPipe's
 * co-location of the first and last stages).
 */
export function heldParams(w: Workload, items: Iterable<ItemKind>): ItemParams {
  let nonExpert = 0,
    expert = 0,
    expertActive = 0;
  let needsEmbedding = false,
    needsHead = false;
  for (const kind of items) {
    if (kind === 'head') needsHead = true;
    if (kind === 'embedding' || kind === 'mtp-proj') needsEmbedding = true;
    if (kind === 'head' || kind === 'embedding') continue;
    const p = itemParams(w, kind);
    nonExpert += p.nonExpert;
    expert += p.expert;
    expertActive += p.expertActive;
  }
  if (needsEmbedding) nonExpert += itemParams(w, 'embedding').nonExpert;
  if (needsHead) nonExpert += itemParams(w, 'head').nonExpert;
  return { nonExpert, expert, expertActive };
}
