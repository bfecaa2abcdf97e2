import { describe, expect, it } from 'vitest';
import type { ItemCost } from '../../src/model/item-cost.js';
import { pairTime } from '../../src/model/overlap.js';

function cost(parts: Partial<ItemCost>): ItemCost {
  return {
    attnF: 0,
    attnB: 0,
    attnW: 0,
    mlpF: 0,
    mlpB: 0,
    mlpW: 0,
    dispatchF: 0,
    combineF: 0,
    dispatchB: 0,
    combineB: 0,
    tpF: 0,
    tpB: 0,
    memoryF: 0,
    memoryB: 0,
    memoryW: 0,
    allToAllLimit: undefined,
    ...parts,
  };
}
const timing = () => ({ time: 0, computeBusy: 0, commBusy: 0 });
const one = Uint8Array.of(0);

describe('DualPipe pair (two streams, DeepSeek order)', () => {
  it('without communication the pair is its compute, serially', () => {
    const c = cost({ attnF: 1, attnB: 2, attnW: 1, mlpF: 1, mlpB: 2, mlpW: 1 });
    const t = pairTime(one, one, [c], timing());
    expect(t.time).toBeCloseTo(8, 12);
    expect(t.computeBusy).toBeCloseTo(8, 12);
    expect(t.commBusy).toBe(0);
  });

  it('communication shorter than the compute around it hides completely in the steady state', () => {
    const c = cost({
      attnF: 2,
      attnB: 4,
      attnW: 2,
      mlpF: 2,
      mlpB: 4,
      mlpW: 2,
      dispatchF: 0.5,
      combineF: 0.5,
      dispatchB: 0.5,
      combineB: 0.5,
    });
    const t = pairTime(Uint8Array.of(0, 0, 0, 0), Uint8Array.of(0, 0, 0, 0), [c], timing());
    expect(t.computeBusy).toBeCloseTo(64, 9);
    expect(t.commBusy).toBeCloseTo(8, 9);
    expect(t.time).toBeCloseTo(64, 6);
  });

  it('communication longer than the compute bounds the pair from below and is partly exposed', () => {
    const c = cost({
      attnF: 1,
      attnB: 1,
      attnW: 1,
      mlpF: 1,
      mlpB: 1,
      mlpW: 1,
      dispatchF: 3,
      combineF: 3,
      dispatchB: 3,
      combineB: 3,
    });
    const t = pairTime(Uint8Array.of(0, 0), Uint8Array.of(0, 0), [c], timing());
    expect(t.commBusy).toBeCloseTo(24, 9);
    expect(t.time).toBeGreaterThanOrEqual(24 - 1e-9);
    expect(t.time).toBeLessThan(24 + 12);
  });

  it('more SMs to communication shortens the transfers: the pair cannot get longer when only comm shrinks', () => {
    const slow = cost({ attnF: 1, attnB: 2, mlpF: 1, mlpB: 2, dispatchF: 2, combineF: 2, dispatchB: 2, combineB: 2 });
    const fast = { ...slow, dispatchF: 1, combineF: 1, dispatchB: 1, combineB: 1 };
    const items = Uint8Array.of(0, 0, 0);
    expect(pairTime(items, items, [fast], timing()).time).toBeLessThanOrEqual(
      pairTime(items, items, [slow], timing()).time + 1e-12,
    );
  });
});
