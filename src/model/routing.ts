/**
 * Expected reach of one token under top-k routing over an expert-parallel group, for the all-to-all volumes.
 *
 * Placement: the EP group's `ep` GPUs fill `ep / gpusPerNode` whole nodes (or part of one), experts spread evenly.
 * Routing model: uniform. With a node limit M (DeepSeek's node-limited routing) the token first picks M of the
 * group's nodes, then its k experts uniformly without replacement among those nodes' experts. Real routing is
 * correlated with token content; the uniform model is the usual prior and has no free parameter.
 *
 * For a pool of P experts and a subset of size s (a node's or a GPU's experts), the chance the k picks miss the
 * subset is prod_{i<k} (P - s - i) / (P - i); the expected number of subsets hit is (pool subsets) x (1 - that).
 */

export interface RoutingInput {
  readonly routedExperts: number;
  readonly topK: number;
  readonly ep: number;
  readonly gpusPerNode: number;
  /** Most nodes a token may reach; undefined = unlimited. */
  readonly nodeLimit: number | undefined;
}

export interface Routing {
  /** Nodes the EP group spans. */
  readonly nodes: number;
  /** GPUs of the group in each node. */
  readonly gpusPerNodeInGroup: number;
  /** Nodes a token may pick from: min(node limit, nodes). */
  readonly candidateNodes: number;
  /** Expected distinct nodes holding at least one of a token's experts. */
  readonly nodesPerToken: number;
  /** Of those, nodes other than the token's own (each costs one IB transfer). */
  readonly remoteNodesPerToken: number;
  /** Expected distinct GPUs holding at least one of the token's experts (one copy each: logical traffic). */
  readonly gpusPerToken: number;
  /** Copies forwarded over NVLink: destination GPUs other than the one the token lands on in each node. */
  readonly nvlinkCopiesPerToken: number;
  /** topK / nodesPerToken. */
  readonly expertsPerNodeVisited: number;
}

/** Chance that k picks without replacement from `pool` items all miss a given subset of `subset` items. */
export function missProbability(pool: number, subset: number, k: number): number {
  let p = 1;
  for (let i = 0; i < k; i++) p *= Math.max(0, pool - subset - i) / (pool - i);
  return p;
}

/** Smallest node limit that still holds a token's top-k experts. */
export function minNodeLimit(routedExperts: number, topK: number, ep: number, gpusPerNode: number): number {
  const nodes = Math.max(1, ep / gpusPerNode);
  return Math.ceil(topK / (routedExperts / nodes));
}

export function expectedRouting(input: RoutingInput): Routing {
  const { routedExperts, topK, ep, gpusPerNode } = input;
  const gpusPerNodeInGroup = Math.min(ep, gpusPerNode);
  const nodes = ep / gpusPerNodeInGroup;
  const candidateNodes = Math.min(input.nodeLimit ?? nodes, nodes);
  const expertsPerNode = routedExperts / nodes;
  const expertsPerGpu = routedExperts / ep;
  const pool = candidateNodes * expertsPerNode;
  const nodesPerToken = candidateNodes * (1 - missProbability(pool, expertsPerNode, topK));
  const gpusPerToken = candidateNodes * gpusPerNodeInGroup * (1 - missProbability(pool, expertsPerGpu, topK));
  // Under uniform node choice every node of the group, the token's own included, is equally likely to be visited.
  const remoteNodesPerToken = nodesPerToken * (1 - 1 / nodes);
  // A token lands on one GPU per visited node (itself at home, the same-index GPU elsewhere), equally likely to be
  // any of the node's GPUs, and forwards to the other destination GPUs of that node.
  const nvlinkCopiesPerToken = gpusPerToken * (1 - 1 / gpusPerNodeInGroup);
  return {
    nodes,
    gpusPerNodeInGroup,
    candidateNodes,
    nodesPerToken,
    remoteNodesPerToken,
    gpusPerToken,
    nvlinkCopiesPerToken,
    expertsPerNodeVisited: topK / nodesPerToken,
  };
}
