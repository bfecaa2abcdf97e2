/** The report's stylesheet: every colour of every chart is named here, once. */

/** Op kinds: the odd chunk (DualPipe's direction 1, the V's way back) in a lighter shade of the same hue. */
const OPS = `
.op.F{--c:#3b6fb6}.op.F.alt{--c:#93b7e3}
.op.B{--c:#d9482b}.op.B.alt{--c:#f1a08f}
.op.W{--c:#2f9e44}.op.W.alt{--c:#94d3a2}
.op.BW{--c:#8a4fb3}.op.BW.alt{--c:#c9a6e0}
.op.FB{--c:#e0a100}.op.FB.alt{--c:#f5d680}
.idle{--c:#e4e4e4}
rect.op,rect.idle{fill:var(--c)}
`;

/** Schedules (commSMs curves), studies side by side, regimes (sweeps), step and memory parts. */
const SERIES = `
.sch-gpipe{--c:#7f7f7f}.sch-1f1b{--c:#1f77b4}.sch-interleaved-1f1b{--c:#17becf}.sch-zb-h1{--c:#2ca02c}
.sch-zb-h2{--c:#98df8a}.sch-zb-v{--c:#ff7f0e}.sch-dualpipe{--c:#d62728}.sch-dualpipev{--c:#9467bd}
.s0{--c:#1f77b4}.s1{--c:#ff7f0e}.s2{--c:#2ca02c}.s3{--c:#d62728}.s4{--c:#9467bd}.s5{--c:#8c564b}
.tuned{--c:#1f77b4}.baseline{--c:#9a9a9a}
.regime-communication{--c:#d62728}.regime-compute{--c:#1f77b4}.regime-pipeline{--c:#ff7f0e}.regime-step-boundary{--c:#8c564b}.regime-memory-capacity{--c:#000}
.bd-f{--c:#3b6fb6}.bd-b{--c:#d9482b}.bd-w{--c:#2f9e44}.bd-fb{--c:#e0a100}.bd-comm{--c:#9467bd}.bd-bubble{--c:#c8c8c8}.bd-opt{--c:#8c564b}
.mem-param{--c:#1f77b4}.mem-grad{--c:#17becf}.mem-opt{--c:#9467bd}.mem-act{--c:#ff7f0e}.mem-buf{--c:#8c564b}
`;

export const STYLE = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;margin:0 auto;padding:0 24px 48px;max-width:1240px;color:#222;background:#fff}
h1{margin:20px 0 4px}h2{margin:36px 0 8px;padding-top:12px;border-top:2px solid #ccc}h3{margin:22px 0 6px}
code,pre{font:12.5px/1.4 ui-monospace,"DejaVu Sans Mono",monospace}pre{background:#f6f6f6;padding:8px;overflow:auto;max-height:320px}
.note{color:#555;font-size:13px}.problem{color:#a33}
table{border-collapse:collapse;margin:6px 0 10px}th,td{padding:3px 10px;border-bottom:1px solid #e3e3e3;vertical-align:top}
th{text-align:left;font-weight:600}td.right,th.right{text-align:right}caption{text-align:left;font-weight:600;padding:4px 0}
tr.highlight td{background:#fff6d6}.facts th{font-weight:500;color:#444;white-space:nowrap}
.table{overflow-x:auto}.scroll{overflow-x:auto;border:1px solid #eee}
.legend{list-style:none;padding:0;margin:6px 0;display:flex;flex-wrap:wrap;gap:4px 18px;font-size:13px}
.swatch{display:inline-block;width:12px;height:12px;margin-right:6px;vertical-align:-1px;background:var(--c,#888)}
.swatch.line{height:3px;vertical-align:3px}.swatch.dot{border-radius:50%}
.swatch.change{background:#999}
svg.chart{display:block;max-width:100%;height:auto;font-size:11px;fill:#333}
svg.gantt{max-width:none}
.axis line{stroke:#555}.axis .grid{stroke:#ececec}.axis .caption{font-size:12px;fill:#444}
.series .line{fill:none;stroke:var(--c);stroke-width:2}.series.best .line{stroke-width:2.4;stroke-opacity:.45}
.series .pt{fill:var(--c);stroke:#fff;stroke-width:.6}.series .pt[class*=regime-]{stroke:#222}
.series .pt.trial{stroke:#123;stroke-width:.8}
.floor{stroke:var(--c);stroke-width:1.6}.floor.infeasible{stroke:#c0392b}.floor.rejected{stroke:#888}
.rule line{stroke:#999;stroke-dasharray:4 3}.rule.deepseek line{stroke:#444;stroke-dasharray:6 3}.rule.own line{stroke:#b8860b}.rule text{fill:#444}
.highlight circle{fill:none;stroke:#111;stroke-width:2}.highlight text{font-weight:600;fill:#111}
.seg rect{fill:var(--c)}.seg text{fill:#fff;font-size:11px}.limit line{stroke:#c0392b;stroke-width:2}.limit text{fill:#c0392b}
.bar rect{fill:var(--c)}.bar text,.group .note{font-size:12px}.group-label{font-weight:600}
rect.op:hover{stroke:#000;stroke-width:1}.series .pt:hover{stroke:#000;stroke-width:1.5}
.focus{margin:14px 0;padding:4px 16px 12px;border-left:4px solid #dde6f3}
nav ol{margin:4px 0 0;padding-left:20px}
${OPS}${SERIES}
`;
