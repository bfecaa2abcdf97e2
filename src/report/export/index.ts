/** `autotune export`: a study's best config (or one trial) as the settings a training framework reads. */

import { FRAMEWORKS, type FrameworkId } from '../../contract/frameworks.js';
import type { Catalog } from '../../profiles/catalog.js';
import type { StudyResult } from '../../search/index.js';
import type { CompareResult } from '../compare.js';
import { ExportBuilder, type ExportOutput } from './builder.js';
import { deepepBody } from './deepep.js';
import { loadFramework } from './frameworks.js';
import { megatronBody } from './megatron.js';
import { nemoBody } from './nemo.js';
import { type Chosen, chooseFromCompare, chooseFromStudy, launchPlan } from './plan.js';
import { torchtitanBody } from './torchtitan.js';

export { type ExportOutput, FRAMEWORKS, type FrameworkId };

const BODIES: { [F in FrameworkId]: (b: ExportBuilder) => void } = {
  megatron: megatronBody,
  torchtitan: torchtitanBody,
  deepep: deepepBody,
  nemo: nemoBody,
};

export interface ExportOptions {
  to: FrameworkId;
  catalog?: Catalog;
  frameworksDir?: string;
}

/** `where` (the result file) prefixes every error; `trial`: a trial number, default the best. */
export function exportStudy(
  where: string,
  result: StudyResult,
  options: ExportOptions & { trial?: number },
): ExportOutput {
  return exportChosen(chooseFromStudy(where, result, options.trial), options);
}

/** The tuned config of `chip` in a compare result. */
export function exportCompare(
  where: string,
  result: CompareResult,
  options: ExportOptions & { chip?: string },
): ExportOutput {
  return exportChosen(chooseFromCompare(where, result, options.chip), options);
}

function exportChosen(chosen: Chosen, options: ExportOptions): ExportOutput {
  const plan = launchPlan(chosen, options.catalog);
  const builder = new ExportBuilder(
    loadFramework(options.to, options.frameworksDir),
    plan,
    loadFramework('deepep', options.frameworksDir),
  );
  BODIES[options.to](builder);
  return builder.finish();
}
