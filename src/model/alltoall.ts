/**
 * Expert-parallel all-to-all time, written once over `Arith` (calibration differentiates the same code).
 * Two link tiers run concurrently (IB/RoCE across nodes, NVLink inside a node: DeepEP forwards IB arrivals over
 * NVLink while more arrive), so the slower tier dominates; the SMs the kernel holds bound the total (logical) bytes
 * it can move. The SM bound and the link bound meet at a soft knee (exponent p): near the knee neither side runs at
 * its own limit, as measured bandwidth-vs-SM curves show; p -> infinity gives a hard min.
 */
import type { Arith } from './arith.js';
import type { Routing } from './routing.js';

/** Bytes one GPU sends in one all-to-all (it receives as much: traffic is symmetric under uniform routing). */
export interface AllToAllVolume {
  /** Over its NIC(s): once per remote destination node. */
  readonly scaleOutBytes: number;
  /** Over NVLink: forwarding inside each destination node to the GPUs that hold the experts. */
  readonly scaleUpBytes: number;
  /** Everything the kernel moves: one copy per distinct destination GPU, the local node included. */
  readonly logicalBytes: number;
}

/** The volume of `tokenBytes` per token (tokens x hidden x bytes per value) routed as `routing` expects. */
export function allToAllVolume(routing: Routing, tokenBytes: number): AllToAllVolume {
  return {
    scaleOutBytes: routing.remoteNodesPerToken * tokenBytes,
    scaleUpBytes: routing.nvlinkCopiesPerToken * tokenBytes,
    logicalBytes: routing.gpusPerToken * tokenBytes,
  };
}

export interface AllToAllRates<T> {
  /** Achievable NIC bandwidth per GPU (per NIC x NICs per GPU), bytes/s. */
  readonly scaleOutBytesPerS: number;
  /** Achievable NVLink bandwidth per GPU per direction, bytes/s. */
  readonly scaleUpBytesPerS: number;
  /** Fraction of each link's achievable bandwidth the kernel reaches. */
  readonly linkFraction: T;
  /** Logical bytes/s one SM moves (dispatch or combine rate of the kernel profile). */
  readonly perSmBytesPerS: T;
  readonly saturationExponent: T;
  /** Launch, notify and link latency of one all-to-all, seconds. */
  readonly latencyS: T;
}

/**
 * t = (t_link^p + t_sm^p)^(1/p) + latency, with
 *   t_link = max(scaleOutBytes / (NIC x f), scaleUpBytes / (NVLink x f))   (the slower tier dominates)
 *   t_sm   = logicalBytes / (commSMs x perSm)                              (absent when the kernel holds no SM)
 */
export function allToAllTime<T>(ar: Arith<T>, rates: AllToAllRates<T>, volume: AllToAllVolume, commSMs: number): T {
  const scaleOut = ar.div(
    ar.constant(volume.scaleOutBytes),
    ar.mul(ar.constant(rates.scaleOutBytesPerS), rates.linkFraction),
  );
  const scaleUp = ar.div(
    ar.constant(volume.scaleUpBytes),
    ar.mul(ar.constant(rates.scaleUpBytesPerS), rates.linkFraction),
  );
  const link = ar.max(scaleOut, scaleUp);
  if (commSMs === 0) return ar.add(link, rates.latencyS);
  const sm = ar.div(ar.constant(volume.logicalBytes), ar.mul(ar.constant(commSMs), rates.perSmBytesPerS));
  const p = rates.saturationExponent;
  const knee = ar.pow(ar.add(ar.pow(link, p), ar.pow(sm, p)), ar.div(ar.constant(1), p));
  return ar.add(knee, rates.latencyS);
}

export const ALL_TO_ALL_LIMITS = ['scale-out', 'scale-up', 'comm-sms'] as const;
/** Which term bounds an all-to-all: the NIC, NVLink, or the SMs the kernel holds. */
export type AllToAllLimit = (typeof ALL_TO_ALL_LIMITS)[number];

export function allToAllLimit(rates: AllToAllRates<number>, volume: AllToAllVolume, commSMs: number): AllToAllLimit {
  const scaleOut = volume.scaleOutBytes / (rates.scaleOutBytesPerS * rates.linkFraction);
  const scaleUp = volume.scaleUpBytes / (rates.scaleUpBytesPerS * rates.linkFraction);
  const sm = commSMs === 0 ? 0 : volume.logicalBytes / (commSMs * rates.perSmBytesPerS);
  if (sm >= scaleOut && sm >= scaleUp) return 'comm-sms';
  return scaleOut >= scaleUp ? 'scale-out' : 'scale-up';
}
