/**
 * What an optimiser has asked and been told, shared by every optimiser: the set of asked points (so none is asked
 * twice), the pending ones, and the observations in the order they were told.
 */
import { assertInvariant } from '../../errors.js';
import type { Params, Point } from '../dimension.js';
import type { Observation } from '../optimizer.js';
import type { SearchSpace } from '../space.js';

/** A point's identity: its mixed-radix index in a discrete space, its canonical key otherwise. */
export type PointId = number | string;

export interface Told {
  point: number[];
  /** To maximise; null when infeasible. */
  value: number | null;
  /** See Observation.constraint. */
  constraint?: number;
  /** See Observation.unconstrainedValue. */
  unconstrainedValue?: number;
}

export class Archive {
  readonly space: SearchSpace;
  readonly told: Told[] = [];
  private readonly asked = new Set<PointId>();
  private readonly pendingById = new Map<PointId, number[]>();

  constructor(space: SearchSpace) {
    this.space = space;
  }

  id(point: Point): PointId {
    return this.space.isDiscrete ? this.space.indexOf(point) : this.space.key(point);
  }

  isAsked(point: Point): boolean {
    return this.asked.has(this.id(point));
  }

  isAskedId(id: PointId): boolean {
    return this.asked.has(id);
  }

  /** Records a point as asked (pending until told) and returns its config. */
  claim(point: Point): Params {
    const id = this.id(point);
    assertInvariant(!this.asked.has(id), 'an optimiser claimed a point twice');
    this.asked.add(id);
    this.pendingById.set(id, Array.from(point));
    return this.space.decode(point);
  }

  /** Records observations; returns them as points. */
  tell(observations: readonly Observation[]): Told[] {
    return observations.map(({ params, value, constraint, unconstrainedValue }) => {
      const point = this.space.encode(params);
      assertInvariant(point !== null, `told a config outside the space: ${JSON.stringify(params)}`);
      const id = this.id(point);
      this.asked.add(id);
      this.pendingById.delete(id);
      const told: Told = { point, value: value !== null && Number.isFinite(value) ? value : null };
      if (constraint !== undefined && Number.isFinite(constraint)) told.constraint = constraint;
      if (told.value === null && unconstrainedValue !== undefined && Number.isFinite(unconstrainedValue))
        told.unconstrainedValue = unconstrainedValue;
      this.told.push(told);
      return told;
    });
  }

  pending(): number[][] {
    return [...this.pendingById.values()];
  }

  feasible(): Told[] {
    return this.told.filter((t) => t.value !== null);
  }
}
