// @vitest-environment node
/**
 * The console in a real browser (Debian's Chromium driven by playwright-core) against the real API
 * (createApiApp, what `emosweep serve` runs, via apps/api/test/harness.ts) on real services (Postgres, Temporal, MinIO from `npm run infra:up`):
 * sign in, register the small synthetic corpus, launch a sweep from the form, watch it complete
 * live, read the leaderboard, a confusion matrix and a comparison, create and trigger a schedule.
 * Each page: screenshots at 1280 px and 420 px into apps/console/.screenshots/ (ignored), an axe-core
 * scan with no serious or critical violation, and no console error.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import axe from 'axe-core';
import { ensureConsoleBuild } from './build';

const here = import.meta.dirname;
const consoleDir = path.resolve(here, '..');
const repoRoot = path.resolve(consoleDir, '../..');
const shots = path.join(consoleDir, '.screenshots');
const CHROMIUM = process.env.EMOSWEEP_CHROMIUM ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/**
 * The API as its own tests run it (apps/api/test/harness.ts: createApiApp — what `emosweep serve`
 * runs — on a fresh database, MinIO, a Temporal namespace of its own and an in-process worker).
 * Imported by path at run time so the console's typecheck does not compile the API.
 */
const API_HARNESS = path.join(repoRoot, 'apps/api/test/harness.ts');
interface TemporalClient {
  workflow: { list(o: { query: string }): AsyncIterable<{ workflowId: string }>; getHandle(id: string): { terminate(reason: string): Promise<unknown> } };
  schedule: { list(): AsyncIterable<{ scheduleId: string }>; getHandle(id: string): { delete(): Promise<void> } };
}
interface ApiHarness {
  url: string;
  operator: string;
  viewer: string;
  client: TemporalClient;
  close(): Promise<void>;
}
/** A Temporal namespace of the browser test's own (the API harness reads it when loaded). */
const NAMESPACE = 'emosweep-console-e2e';

/** Workflows and schedules left by an earlier (crashed) run would act on a database that is gone. */
async function clearNamespace(client: TemporalClient) {
  for await (const s of client.schedule.list()) await client.schedule.getHandle(s.scheduleId).delete().catch(() => undefined);
  for await (const w of client.workflow.list({ query: 'ExecutionStatus="Running"' })) await client.workflow.getHandle(w.workflowId).terminate('console e2e cleanup').catch(() => undefined);
}
interface HarnessModule {
  startApi(opts: { worker?: boolean }): Promise<ApiHarness>;
  smallCorpus(perSpeaker?: number): Promise<string>;
}
const optedOut = process.env.EMOSWEEP_CONSOLE_E2E === '0' || process.env.EMOSWEEP_SKIP_CHROMIUM === '1';
export const apiPresent = !optedOut && fs.existsSync(API_HARNESS) && fs.existsSync(path.join(repoRoot, 'apps/api/src/app.ts'));
if (!apiPresent) {
  console.warn(
    optedOut
      ? '[console e2e] SKIPPED: EMOSWEEP_CONSOLE_E2E=0 or EMOSWEEP_SKIP_CHROMIUM=1'
      : '[console e2e] SKIPPED: apps/api (src/app.ts, test/harness.ts) is not there; the browser test needs the API',
  );
}

async function waitUntil<T>(what: string, fn: () => Promise<T | undefined | null | false>, timeoutMs = 60_000, everyMs = 250): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

interface Ctx {
  api: ApiHarness;
  corpus: string;
  base: string;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  consoleErrors: string[];
  sweepId?: string;
  sweepName: string;
}
const ctx = {} as Ctx;

/** axe-core in the page: no serious or critical violation. */
async function axeScan(page: Page, name: string) {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: axe.source });
  const violations = await page.evaluate(async () => {
    const r = await (window as unknown as { axe: typeof axe }).axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) }));
  });
  fs.writeFileSync(path.join(shots, `${name}.axe.json`), JSON.stringify(violations, null, 2));
  const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad, `axe on ${name}: ${JSON.stringify(bad, null, 1)}`).toEqual([]);
}

/** Screenshots at 1280 px and at a narrow width; the narrow page must not scroll sideways. */
async function capture(page: Page, name: string) {
  await page.waitForTimeout(150);
  await page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true });
  const size = page.viewportSize()!;
  await page.setViewportSize({ width: 420, height: 900 });
  await page.waitForTimeout(250);
  await page.screenshot({ path: path.join(shots, `${name}.narrow.png`), fullPage: true });
  const overflow = await page.evaluate(() => {
    const over = document.documentElement.scrollWidth - window.innerWidth;
    const culprits = over > 1 ? [...document.querySelectorAll('body *')].filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1 && !e.closest('.table-wrap, pre')).slice(0, 4).map((e) => `${e.tagName.toLowerCase()}.${e.className}#${e.id}`) : [];
    return { over, culprits };
  });
  await page.setViewportSize(size);
  expect(overflow.over, `${name} scrolls sideways at 420 px by ${overflow.over} px: ${overflow.culprits.join(', ')}`).toBeLessThanOrEqual(1);
}

async function check(page: Page, name: string) {
  await capture(page, name);
  await axeScan(page, name);
}

describe.skipIf(!apiPresent)('console in a real browser against the real API', () => {
  beforeAll(async () => {
    fs.mkdirSync(shots, { recursive: true });
    if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: apt-get install -y chromium (infra/setup.sh does)`);
    await ensureConsoleBuild(); // before the API starts: it serves dist/ when index.html exists
    process.env.EMOSWEEP_API_TEST_NAMESPACE ??= NAMESPACE;
    const harness = (await import(/* @vite-ignore */ pathToFileURL(API_HARNESS).href)) as HarnessModule;
    ctx.corpus = await harness.smallCorpus();
    ctx.api = await harness.startApi({ worker: true });
    ctx.base = ctx.api.url;
    await clearNamespace(ctx.api.client);
    await waitUntil('the API to be ready', async () => (await fetch(`${ctx.base}/readyz`).catch(() => undefined))?.ok, 60_000);
    const index = await fetch(`${ctx.base}/sweeps/deep-link`, { headers: { accept: 'text/html' } });
    expect(await index.text(), 'the API serves the console (with the SPA fallback)').toContain('<div id="root">');
    ctx.browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
    ctx.context = await ctx.browser.newContext({ viewport: { width: 1280, height: 900 }, baseURL: ctx.base, acceptDownloads: true });
    ctx.page = await ctx.context.newPage();
    ctx.consoleErrors = [];
    ctx.page.on('console', (m) => {
      if (m.type() === 'error') ctx.consoleErrors.push(m.text());
    });
    ctx.page.on('pageerror', (e) => ctx.consoleErrors.push(`pageerror: ${e.message}`));
    ctx.sweepName = `e2e-${Date.now().toString(36)}`;
  }, 600_000);

  afterAll(async () => {
    await ctx.browser?.close().catch(() => undefined);
    if (ctx.api) await clearNamespace(ctx.api.client).catch(() => undefined);
    await ctx.api?.close().catch(() => undefined);
  }, 120_000);

  afterEach(async ({ task }) => {
    if (task.result?.state === 'fail' && ctx.page) {
      await ctx.page.screenshot({ path: path.join(shots, `FAILED-${task.name.slice(0, 40).replace(/[^a-z0-9]+/gi, '-')}.png`), fullPage: true }).catch(() => undefined);
    }
  });

  it('signs in: a bad token is refused, a viewer sees no mutations, an operator does', async () => {
    const { page } = ctx;
    await page.goto('/');
    await page.waitForURL(/\/signin/);
    await page.getByLabel('API token').fill('not-a-token');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.locator('.field .error').textContent()).toMatch(/did not accept/);
    await check(page, '01-signin');

    await page.getByLabel('API token').fill(ctx.api.viewer);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((u) => u.pathname === '/');
    await expect.poll(() => page.locator('.app-header .badge').textContent()).toBe('viewer');
    expect(await page.getByRole('link', { name: 'Launch' }).count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Launch a sweep' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Sign out' }).click();

    await page.getByLabel('API token').fill(ctx.api.operator);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((u) => u.pathname === '/');
    await expect.poll(() => page.locator('.app-header .badge').textContent()).toBe('operator');
    await expect.poll(() => page.getByText('No sweeps yet').count()).toBe(1);
    await check(page, '02-sweeps-empty');
    // the only console line so far is the browser's own network log of the refused bad token (401);
    // the role comes from `me`, which no valid token is refused
    expect(ctx.consoleErrors.every((m) => /Failed to load resource: the server responded with a status of 401/.test(m)), ctx.consoleErrors.join('\n')).toBe(true);
    ctx.consoleErrors.length = 0;
  });

  it('registers the small synthetic corpus and shows its counts', async () => {
    const { page } = ctx;
    await page.getByRole('link', { name: 'Datasets' }).click();
    await expect.poll(() => page.getByText('No dataset registered').count()).toBe(1);
    await page.getByLabel('Format').selectOption('iemocap');
    await page.getByLabel('Root').fill(ctx.corpus);
    await page.getByRole('button', { name: 'Register' }).click();
    await expect.poll(() => page.getByText(/Registered /).count(), { timeout: 120_000 }).toBe(1);
    await expect.poll(() => page.getByRole('rowheader', { name: 'Session5' }).count()).toBeGreaterThan(0);
    await check(page, '03-datasets');
  }, 180_000);

  it('launches a small sweep from the form, with live counts and the YAML view', async () => {
    const { page } = ctx;
    await page.getByRole('link', { name: 'Launch', exact: true }).click();
    await page.waitForURL(/\/launch/);
    await page.getByLabel('Registered dataset').selectOption({ index: 1 });
    await page.getByLabel('Name').fill(ctx.sweepName);
    // quick-check preset: mfcc + melspec × lstm; make it small and fast
    await page.getByRole('group', { name: 'Representation' }).getByLabel('melspec').uncheck();
    await page.getByRole('group', { name: 'Learning rate' }).getByRole('button', { name: '1e-2' }).click();
    await page.getByLabel('Epochs').fill('2');
    await page.getByLabel('Batch size').fill('8');
    await page.getByLabel('Concurrent folds').fill('2');
    await expect.poll(() => page.getByTestId('count-foldruns').textContent()).toBe('10');
    await expect.poll(() => page.getByTestId('counts').textContent(), { timeout: 10_000 }).toMatch(/Checked by the API/);
    await page.getByLabel('Epochs').fill('0');
    await expect.poll(() => page.locator('#f-training-epochs-err').textContent()).toMatch(/not an integer from 1 to 1000/);
    await page.getByLabel('Epochs').fill('2');
    await check(page, '04-launch-form');

    await page.getByRole('tab', { name: 'YAML' }).click();
    const yaml = await page.getByLabel('Sweep spec YAML').inputValue();
    expect(yaml).toContain(`name: ${ctx.sweepName}`);
    expect(yaml).toMatch(/lr: \[ ?0\.01, 0\.001 ?\]|lr: \[ ?0\.001, 0\.01 ?\]/);
    await check(page, '05-launch-yaml');
    await page.getByRole('tab', { name: 'Form' }).click();

    await page.getByRole('button', { name: /^Launch 10 fold runs/ }).click();
    await page.waitForURL(/\/sweeps\/[0-9a-f-]{36}$/, { timeout: 30_000 });
    ctx.sweepId = page.url().split('/').pop();
  }, 120_000);

  it('watches the sweep complete live: cells change status and show UA, then the sweep completes', async () => {
    const { page } = ctx;
    const seen = new Set<string>();
    await waitUntil(
      'the sweep to complete',
      async () => {
        for (const s of await page.locator('button.cell').evaluateAll((els) => els.map((e) => e.getAttribute('data-status') ?? ''))) seen.add(s);
        const badge = (await page.locator('h1 .badge').textContent())?.trim();
        if (badge === 'failed') throw new Error(`the sweep failed: ${await page.locator('.banner.error').textContent()}`);
        return badge === 'completed';
      },
      420_000,
      200,
    );
    // states arrived while the page was open (no reload): the subscription pushed them
    expect([...seen].some((s) => s === 'running' || s === 'pending')).toBe(true);
    expect(seen.has('completed')).toBe(true);
    await expect.poll(() => page.locator('button.cell.completed').count()).toBe(10);
    expect(await page.locator('button.cell.completed').first().textContent()).toMatch(/%$/);
    expect(await page.getByTestId('progress').textContent()).toContain('10 / 10');
    // a trial's mean ± band over folds, then one fold's curves
    await page.locator('table.folds th button.trial').first().click();
    await expect.poll(() => page.locator('.chart svg').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    await page.locator('button.cell').first().click();
    await expect.poll(() => page.getByRole('heading', { name: /Curves: fold/ }).count()).toBe(1);
    await check(page, '06-sweep');
  }, 480_000);

  it('reads the results: leaderboard, parallel coordinates, axis effect, confusion matrix, comparison, CSV', async () => {
    const { page } = ctx;
    await page.getByRole('link', { name: 'Results', exact: true }).first().click();
    await page.waitForURL(/\/results/);
    await expect.poll(() => page.locator('[data-testid=leaderboard] tbody tr').count(), { timeout: 20_000 }).toBe(2);
    await page.getByRole('button', { name: /^WA/ }).click();
    await expect.poll(() => page.locator('th[aria-sort=descending]').textContent()).toMatch(/WA/);
    await expect.poll(() => page.locator('[data-testid=confusion-table] tbody tr').count(), { timeout: 20_000 }).toBe(4);
    await page.getByRole('checkbox', { name: 'row-normalised' }).uncheck();
    await page.getByLabel('Fold', { exact: true }).selectOption('Session1');
    await expect.poll(() => page.locator('[data-testid=confusion-table] caption').textContent()).toMatch(/Counts/);
    await expect.poll(() => page.getByTestId('comparison').textContent(), { timeout: 20_000 }).toMatch(/p = /);
    expect(await page.getByTestId('comparison').textContent()).toMatch(/t-test/i);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
    const csv = fs.readFileSync((await download.path())!, 'utf8');
    expect(csv.split('\r\n')[0]).toContain('ua_mean');
    expect(csv.trim().split('\r\n')).toHaveLength(3);
    await check(page, '07-results');
  }, 120_000);

  it('creates a schedule from the sweep (next five runs before saving), triggers it and pauses it', async () => {
    const { page } = ctx;
    await page.goto(`/schedules?from=${ctx.sweepId}`);
    await expect.poll(() => page.getByTestId('next-runs').locator('li').count()).toBe(5);
    await page.getByLabel('Cron (minute hour day month weekday)').fill('0 3 * * *');
    await page.getByLabel('Time zone').selectOption('Europe/Paris');
    await expect.poll(() => page.getByTestId('next-runs').textContent()).toContain('Europe/Paris');
    await page.getByLabel('Name').fill(`${ctx.sweepName}-nightly`);
    await page.getByRole('button', { name: 'Save schedule' }).click();
    await expect.poll(() => page.getByTestId('schedule').count(), { timeout: 30_000 }).toBe(1);
    await page.getByRole('button', { name: 'Run now' }).click();
    await expect.poll(() => page.getByText(/triggered/).count()).toBeGreaterThan(0);
    await expect.poll(() => page.getByTestId('schedule').locator('tbody tr').count(), { timeout: 60_000 }).toBeGreaterThan(0);
    // the triggered run is a whole sweep: when it completes, its best UA joins the metric over nights
    await page.getByTestId('schedule').locator('tbody tr a').first().click();
    await page.waitForURL(/\/sweeps\//);
    await expect.poll(() => page.locator('h1 .badge').textContent(), { timeout: 300_000, interval: 500 }).toBe('completed');
    await page.getByRole('link', { name: 'Schedules' }).click();
    await expect.poll(() => page.getByTestId('schedule').locator('tbody tr td.num').first().textContent(), { timeout: 30_000 }).toMatch(/%$/);
    await expect.poll(() => page.getByTestId('schedule').locator('.chart svg').count()).toBe(1);
    await page.getByRole('button', { name: 'Pause' }).click();
    await expect.poll(() => page.getByTestId('schedule').locator('.badge.paused').count()).toBe(1);
    await check(page, '08-schedules');
  }, 420_000);

  it('deletes the schedule', async () => {
    const { page } = ctx;
    await page.getByRole('link', { name: 'Schedules' }).click();
    await expect.poll(() => page.getByTestId('schedule').count(), { timeout: 20_000 }).toBe(1);
    await page.getByTestId('schedule').getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('button', { name: 'Yes, delete' }).click();
    await expect.poll(() => page.getByText('No schedules yet').count(), { timeout: 20_000 }).toBe(1);
  }, 60_000);

  it('shows the feature-set cache: computed once, reused by the scheduled run', async () => {
    const { page } = ctx;
    await page.getByRole('link', { name: 'Datasets' }).click();
    const cache = page.locator('table', { hasText: 'Reused' });
    await expect.poll(() => cache.locator('tbody tr').count(), { timeout: 20_000 }).toBe(1);
    expect(await cache.locator('tbody tr').first().textContent()).toMatch(/mfcc.*ready.*1×/);
    await check(page, '09-datasets-cache');
  }, 60_000);

  it('shows the sweeps list, and says so when the API is down', async () => {
    const { page } = ctx;
    await page.goto('/');
    await expect.poll(() => page.getByRole('link', { name: ctx.sweepName, exact: true }).count()).toBeGreaterThan(0);
    await check(page, '10-sweeps');
    expect(ctx.consoleErrors, 'console errors').toEqual([]);

    // API down: the GraphQL endpoint refuses connections (the page itself is already loaded)
    const down = await ctx.context.newPage();
    await down.route('**/graphql', (r) => r.abort('connectionrefused'));
    await down.goto('/signin');
    await down.getByLabel('API token').fill(ctx.api.operator);
    await down.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => down.locator('.field .error').textContent()).toMatch(/not reachable/);
    await down.evaluate((t) => {
      sessionStorage.setItem('emosweep.token', t);
      sessionStorage.setItem('emosweep.role', 'operator');
    }, ctx.api.operator);
    await down.goto('/');
    await expect.poll(() => down.getByText('The API is not reachable').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    await down.screenshot({ path: path.join(shots, '11-api-down.png'), fullPage: true });
    await axeScan(down, '11-api-down');
    await down.close();
  }, 60_000);
});
