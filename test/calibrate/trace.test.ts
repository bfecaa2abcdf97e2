import { describe, expect, it } from 'vitest';
import { loadMeasurementFile, shippedMeasurementFiles } from '../../src/calibrate/measurements.js';
import { ownedParams, type ParamOwner } from '../../src/calibrate/parameters.js';
import { tensorArith } from '../../src/calibrate/tensor-arith.js';
import { disposeGroups, groupTraces, replay, traceOf } from '../../src/calibrate/trace.js';
import { numberArith } from '../../src/model/arith.js';
import { catalog, context, tf } from './helpers.js';

describe('calibrate: traced, batched replay of the model formulas', () => {
  it('gives the plain-number predictions for every shipped measurement', async () => {
    const { tf: t, backend } = await tf;
    expect(['wasm', 'cpu']).toContain(backend);
    const files = shippedMeasurementFiles().filter((path) =>
      catalog.ids('chip').includes(loadMeasurementFile(path).data.chip),
    );
    expect(files.length).toBeGreaterThan(4);
    for (const path of files) {
      const ctx = context([path]);
      const kernels = [...new Set(ctx.measurements.flatMap((m) => (m.kind === 'alltoall' ? [m.kernel] : [])))];
      const owners: ParamOwner[] = [{ kind: 'chip' }, ...kernels.map((id) => ({ kind: 'kernel', id }) as const)];
      const params = owners.flatMap((o) => ownedParams(o, ctx.chip.data, ctx.kernel));
      const values = Object.fromEntries(params.map((p) => [p.key, p.initial]));
      const predict = ctx.predictor.predict.bind(ctx.predictor);
      const groups = groupTraces(
        t,
        ctx.measurements.map((m) => traceOf(predict, Object.keys(values), m)),
      );
      const tensors = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, t.scalar(v)]));
      for (const group of groups) {
        const replayed = t.broadcastTo(replay(tensorArith(t), group, tensors), [group.rows.length]).dataSync();
        group.rows.forEach((row, i) => {
          const expected = predict(numberArith, values, ctx.measurements[row]!);
          expect(replayed[i]! / expected, `${path} row ${row}`).toBeCloseTo(1, 4);
        });
      }
      disposeGroups(groups);
      Object.values(tensors).forEach((x) => x.dispose());
    }
  });

  it('groups rows of one formula together, so a step costs the same for 1 or 10 GEMMs', async () => {
    const { tf: t } = await tf;
    const ctx = context(['models/measurements/deepgemm-h800-2025-04.json']);
    const predict = ctx.predictor.predict.bind(ctx.predictor);
    const groups = groupTraces(
      t,
      ctx.measurements.map((m) => traceOf(predict, [], m)),
    );
    expect(groups).toHaveLength(1);
    expect(groups[0]!.rows).toHaveLength(10);
    disposeGroups(groups);
  });
});
