import type { Command } from 'commander';
import { formatTable } from '../../format/table.js';
import { Catalog } from '../../profiles/catalog.js';
import { exportControlFigures } from '../../profiles/export-control.js';

export function registerProfiles(program: Command): void {
  program
    .command('profiles')
    .description('list every chip, workload, cluster and kernel profile with its key figures')
    .option('--json', 'print the profiles as JSON')
    .action((opts: { json?: boolean }) => {
      const catalog = new Catalog();
      const kinds = {
        chips: catalog.ids('chip'),
        workloads: catalog.ids('workload'),
        clusters: catalog.ids('cluster'),
        kernels: catalog.ids('kernel'),
      };
      const chips = kinds.chips.map((id) => catalog.load('chip', id));
      const workloads = kinds.workloads.map((id) => catalog.load('workload', id));
      const clusters = kinds.clusters.map((id) => catalog.load('cluster', id));
      const kernels = kinds.kernels.map((id) => catalog.load('kernel', id));
      if (opts.json) {
        const out = {
          chips: chips.map((p) => ({
            ...p.data,
            exportControl: exportControlFigures(p.data),
            file: p.file,
            sha256: p.sha256,
          })),
          workloads: workloads.map((p) => ({ ...p.data, file: p.file, sha256: p.sha256 })),
          clusters: clusters.map((p) => ({ ...p.data, file: p.file, sha256: p.sha256 })),
          kernels: kernels.map((p) => ({ ...p.data, file: p.file, sha256: p.sha256 })),
        };
        process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
        return;
      }
      const sections = [
        'Chips',
        formatTable(
          [
            'id',
            'SMs',
            'BF16 TFLOPS',
            'FP8 TFLOPS',
            'HBM GiB',
            'HBM TB/s',
            'NVLink GB/s/dir (achieved)',
            'TPP',
            'perf. density',
            'TDP W',
          ],
          chips.map(({ data: c }) => {
            const ec = exportControlFigures(c);
            return [
              c.id,
              c.sms,
              c.bf16DenseTFLOPS,
              c.fp8DenseTFLOPS ?? '-',
              c.hbmGiB,
              c.hbmTBps,
              `${c.nvlink.lineGBpsPerDirection} (${c.nvlink.achievableGBpsPerDirection})`,
              ec.tpp,
              ec.performanceDensity === undefined ? '-' : ec.performanceDensity.toFixed(2),
              c.tdpW,
            ];
          }),
        ),
        '',
        'Workloads',
        formatTable(
          [
            'id',
            'layers',
            'hidden',
            'attention',
            'experts (active)',
            'params B (active)',
            'seq',
            'global batch',
            'GEMMs',
          ],
          workloads.map(({ data: w }) => [
            w.id,
            w.layers,
            w.hiddenSize,
            w.attention.type,
            w.moe ? `${w.moe.routedExperts}+${w.moe.sharedExperts} (${w.moe.activeExperts})` : 'dense',
            `${w.published.totalParamsB} (${w.published.activeParamsB})`,
            w.seqLength,
            w.globalBatchSequences,
            w.precision.gemm,
          ]),
        ),
        '',
        'Clusters',
        formatTable(
          ['id', 'GPUs/node', 'fabric', 'NICs/node', 'Gb/s per NIC', 'achieved GB/s per NIC', 'name'],
          clusters.map(({ data: c }) => [
            c.id,
            c.gpusPerNode,
            c.scaleOut.fabric,
            c.scaleOut.nicsPerNode,
            c.scaleOut.nicGbps,
            c.scaleOut.achievableGBpsPerNic,
            c.name,
          ]),
        ),
        '',
        'Communication kernels',
        formatTable(
          ['id', 'family', 'SMs/channel', 'default SMs', 'GB/s per SM (dispatch/combine)', 'name'],
          kernels.map(({ data: k }) => [
            k.id,
            k.family,
            k.smsPerChannel,
            k.defaultSMs,
            k.smsPerChannel === 0 ? 'holds no SM' : `${k.dispatchPerSmGBps}/${k.combinePerSmGBps}`,
            k.name,
          ]),
        ),
      ];
      process.stdout.write(`${sections.join('\n')}\n`);
    });
}
