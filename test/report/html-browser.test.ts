/**
 * The HTML report in a real browser: headless Chromium (Debian's package, driven by puppeteer-core, which downloads
 * nothing) opens the page, which must log no error; the Gantt chart must hold one rect per op and the convergence
 * chart one marker per trial, as the browser sees them; screenshots go to test-output/ (ignored by git).
 * Without a Chromium binary the suite is skipped, and its name says why.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import puppeteer, { type Browser } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCompare } from '../../src/report/compare.js';
import { writeHtmlReport } from '../../src/report/html/page.js';
import { buildSchedule } from '../../src/schedule/index.js';
import { runStudy, type StudyResult } from '../../src/search/index.js';
import { catalog, tinySpec } from './helpers.js';

/** CHROMIUM_PATH, when set, is the only candidate. */
const CANDIDATES = process.env.CHROMIUM_PATH
  ? [process.env.CHROMIUM_PATH]
  : ['/usr/bin/chromium', '/usr/bin/chromium-browser'];
const chromium = CANDIDATES.find((p) => existsSync(p));
const SKIP_REASON = `skipped: no Chromium binary at ${CANDIDATES.join(' or ')} (apt-get install chromium, or set CHROMIUM_PATH)`;
if (!chromium) console.warn(`html-browser.test.ts ${SKIP_REASON}`);

const ROOT = join(import.meta.dirname, '..', '..');
const SHOTS = join(ROOT, 'test-output');
const dir = mkdtempSync(join(tmpdir(), 'autotune-html-'));

/** Opens a page, collects console errors and page errors, and runs `check` on it. */
async function open(browser: Browser, file: string, javaScript = true) {
  const page = await browser.newPage();
  await page.setJavaScriptEnabled(javaScript);
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warn') errors.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`pageerror: ${(e as Error).message}`));
  page.on('requestfailed', (r) => errors.push(`request failed: ${r.url()}`));
  await page.setViewport({ width: 1280, height: 900 });
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
  return { page, errors };
}

const opsOf = (study: StudyResult): number => {
  const b = study.best!;
  return buildSchedule(b.config.schedule, {
    pp: b.config.pp,
    microBatches: b.metrics!.details.microBatches,
    vpp: b.config.vpp,
  }).opCount;
};

describe.skipIf(!chromium)(`the HTML report in headless Chromium${chromium ? '' : ` (${SKIP_REASON})`}`, () => {
  let browser: Browser;
  let study: StudyResult;
  let other: StudyResult;

  beforeAll(async () => {
    [study, other] = [
      await runStudy({ spec: tinySpec(), threads: 0 }),
      await runStudy({ spec: tinySpec({ name: 'tiny-h20', chip: 'h20' }), threads: 0 }),
    ];
    browser = await puppeteer.launch({ executablePath: chromium!, args: ['--no-sandbox', '--disable-gpu'] });
    mkdirSync(SHOTS, { recursive: true });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('shows a study with no console error, one rect per op and one marker per trial', async () => {
    const file = join(dir, 'study.html');
    writeHtmlReport(file, [{ kind: 'study', file: 'tiny.json', result: study }], catalog);
    const { page, errors } = await open(browser, file);
    const seen = await page.evaluate(() => ({
      ops: document.querySelectorAll('#result-1-best-gantt rect.op').length,
      // Drawn, not just present: every op has a positive width inside the chart.
      drawn: [...document.querySelectorAll('#result-1-best-gantt rect.op')].filter(
        (r) => (r as SVGRectElement).getBBox().width > 0,
      ).length,
      trials: document.querySelectorAll('#result-1-convergence [data-trial]').length,
      curves: document.querySelectorAll('#result-1-best-commsms .series').length,
      scripts: document.querySelectorAll('script:not([type="application/json"])').length,
      tooltip: document.querySelector('#result-1-best-gantt rect.op title')?.textContent ?? '',
    }));
    expect(errors).toEqual([]);
    expect(seen.ops).toBe(opsOf(study));
    expect(seen.drawn).toBe(seen.ops);
    expect(seen.trials).toBe(study.trials.length);
    expect(seen.curves).toBeGreaterThanOrEqual(1);
    expect(seen.scripts).toBe(0);
    expect(seen.tooltip).toMatch(/^rank 0: F \(forward\), micro-batch 0, chunk 0 \(stage 0\); 0 s to \d/);
    const shot = join(SHOTS, 'report-study.png');
    await page.screenshot({ path: shot, fullPage: true });
    expect(readFileSync(shot).subarray(1, 4).toString()).toBe('PNG');
    await page.close();
    // The same marks with JavaScript off: nothing is drawn by a script.
    const bare = await open(browser, file, false);
    expect(await bare.page.evaluate(() => document.querySelectorAll('#result-1-best-gantt rect.op').length)).toBe(
      seen.ops,
    );
    await bare.page.close();
  });

  it('shows two studies side by side and a comparison', async () => {
    const compare = await runCompare({ spec: tinySpec({ budget: 4 }), chips: ['h800-sxm', 'h20'], catalog });
    const file = join(dir, 'several.html');
    writeHtmlReport(
      file,
      [
        { kind: 'study', file: 'tiny.json', result: study },
        { kind: 'study', file: 'tiny-h20.json', result: other },
        { kind: 'compare', file: 'compare.json', result: compare },
      ],
      catalog,
    );
    const { page, errors } = await open(browser, file);
    const seen = await page.evaluate(() => ({
      side: document.querySelectorAll('#side-by-side-convergence [data-trial]').length,
      gantt2: document.querySelectorAll('#result-2-best-gantt rect.op').length,
      bars: document.querySelectorAll('#result-3 svg.bars .bar').length,
    }));
    expect(errors).toEqual([]);
    expect(seen.side).toBe(study.trials.length + other.trials.length);
    expect(seen.gantt2).toBe(opsOf(other));
    expect(seen.bars).toBe(
      compare.chips.filter((c) => c.tuned).length + compare.chips.filter((c) => c.baseline).length,
    );
    await page.screenshot({ path: join(SHOTS, 'report-several.png'), fullPage: true });
    await page.close();
  });
});
