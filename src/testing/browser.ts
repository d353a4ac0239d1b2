import assert from 'node:assert/strict';
import { accessSync, constants } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { after, afterEach, before } from 'node:test';
import axe from 'axe-core';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { loadContextData, openContextApp, type TestApp } from './app.ts';
import type { Database } from '../db/database.ts';

/*
 * Browser tests: the real app, served on a loopback port, driven by Debian's chromium through
 * playwright-core. No browser is ever downloaded: `.ci/run` installs chromium from Debian and a
 * developer installs it the same way.
 *
 *   describe('the home page in a browser', browserSuite, () => {
 *     const site = useBrowserSite();
 *     it('has no accessibility problems', () => site.assertAccessible('/'));
 *     for (const mode of javaScriptModes)
 *       it(`finds a council (${mode.label})`, async () => {
 *         const page = await site.open('/', mode);
 *         …
 *       });
 *   });
 */

/** Where the browser is: OPENLG_CHROMIUM, or Debian's chromium package. */
export const chromiumPath = process.env.OPENLG_CHROMIUM || '/usr/bin/chromium';

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

const chromiumMissing = isExecutable(chromiumPath)
  ? undefined
  : `chromium was not found at ${chromiumPath}`;

/**
 * Without chromium, a developer's run skips the browser tests and says how to get it; CI (or
 * anyone who named a browser in OPENLG_CHROMIUM) fails instead, so that a missing browser can
 * never pass silently.
 */
const mustHaveChromium = Boolean(process.env.CI || process.env.OPENLG_CHROMIUM);

/**
 * Generous bounds, so that a hung browser or server fails the run instead of stalling it. Every
 * browser action and navigation has its own limit, so a test that waits for something that
 * never comes fails on that step, naming it.
 */
const timeouts = {
  /** Register, demo data and groups on a fresh database, and the browser start, together. */
  setup: 300_000,
  teardown: 60_000,
  /**
   * The suite's tests together (node:test applies a describe's timeout to the whole suite, and
   * passes it down to each test as well).
   */
  suite: 600_000,
  /** One browser action (a click, a fill, a wait for an element or a URL). */
  action: 15_000,
  navigation: 30_000,
};

/** Options for the `describe` of a browser suite: skipped without chromium, and time-limited. */
export const browserSuite: { skip?: string; timeout: number } = {
  timeout: timeouts.suite,
  ...(chromiumMissing && !mustHaveChromium
    ? {
        skip:
          `${chromiumMissing}: browser tests skipped. Install it with \`sudo apt-get install chromium\`, ` +
          'or set OPENLG_CHROMIUM to a Chromium executable.',
      }
    : {}),
};

export interface JavaScriptMode {
  javaScript: boolean;
  /** "JavaScript on" or "JavaScript off", for test names and screenshot names. */
  label: string;
}

/** Every journey runs in both: the site must work without JavaScript, which only enhances. */
export const javaScriptModes: readonly JavaScriptMode[] = [
  { javaScript: true, label: 'JavaScript on' },
  { javaScript: false, label: 'JavaScript off' },
];

export interface OpenOptions {
  /** Default true. */
  javaScript?: boolean;
  /** The status the page must answer with; default 200. */
  status?: number;
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  helpUrl: string;
  nodes: { target: string; html: string; summary: string }[];
}

export interface BrowserSite {
  /** `http://127.0.0.1:<port>`, where the app is served. */
  readonly baseUrl: string;
  /** The database the app serves, for a journey's own setup (a user to sign in as). */
  readonly database: Database;
  /**
   * Opens a path in a new browser context (closed after the test) with JavaScript on or off,
   * checks the status, and checks that the page's scripts ran only when JavaScript is on.
   */
  open(pathAndQuery: string, options?: OpenOptions): Promise<Page>;
  /** Runs axe-core on the page in front of it (it must have been opened with JavaScript on). */
  axe(page: Page): Promise<AxeViolation[]>;
  /**
   * Opens a page with JavaScript on, saves its screenshot, and fails on any axe-core violation
   * of any impact, and on any error the page logged (such as a Content-Security-Policy refusal)
   * or resource it failed to load. Returns the page, for further assertions.
   */
  assertAccessible(pathAndQuery: string, options?: { status?: number }): Promise<Page>;
  /**
   * The checks every step of a journey ends with: at a width of 320 px the page does not scroll
   * sideways, and a page opened with JavaScript on has no axe-core violation.
   */
  assertStep(page: Page, width: number): Promise<void>;
  /** Saves a full-page screenshot as test-results/screenshots/<name>.png; returns its path. */
  screenshot(page: Page, name: string): Promise<string>;
  /**
   * Errors the page logged or threw since it was opened, and the resources it failed to load
   * (the page's own status is checked by `open`).
   */
  errors(page: Page): readonly string[];
}

/** Screenshots are test artefacts, kept in the gitignored test-results folder. */
export const screenshotDir = path.resolve(import.meta.dirname, '../../test-results/screenshots');

/** "/areas?q=hart" with JavaScript off -> "areas-q-hart-javascript-off". */
export function screenshotName(pathAndQuery: string, label = ''): string {
  const slug = `${pathAndQuery} ${label}`
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return slug || 'home';
}

/**
 * The demo datasets the browser tests load: the ONS indicators and the context metrics, which the
 * context database already holds (a copy, not a load: loading took minutes a suite).
 */
const defaultDatasets = ['ons-els', 'tidy-csv'];

/**
 * Serves the app on a fresh register database with demo data, and starts chromium, before the
 * suite; closes every context after each test and the browser and server after the suite.
 * Call it inside a `describe(…, browserSuite, …)`.
 */
export function useBrowserSite(
  datasets: readonly string[] = defaultDatasets,
  /** More of the served app's environment, such as its own outbox for mail. */
  env: Readonly<Record<string, string>> = {},
): BrowserSite {
  let testApp: TestApp | undefined;
  let browser: Browser | undefined;
  let baseUrl = '';
  const contexts = new Set<BrowserContext>();
  const pageErrors = new WeakMap<Page, string[]>();
  const scripted = new WeakSet<Page>();
  // The test app logs nothing: a failing request's error is kept here to explain a bad status.
  const serverErrors: string[] = [];

  before(
    async () => {
      if (chromiumMissing)
        throw new Error(
          `${chromiumMissing}. Install it with \`sudo apt-get install chromium\` ` +
            '(.ci/run does), or point OPENLG_CHROMIUM at a Chromium executable.',
        );
      const serve = async () => {
        testApp = await openContextApp(env);
        testApp.app.addHook('onError', async (request, _reply, error) => {
          serverErrors.push(`${request.method} ${request.url}: ${error.stack ?? error.message}`);
        });
        const more = datasets.filter((kind) => !defaultDatasets.includes(kind));
        if (more.length > 0) await loadContextData(testApp.database, more);
        await testApp.app.listen({ host: '127.0.0.1', port: 0 });
        const { port } = testApp.app.server.address() as AddressInfo;
        baseUrl = `http://127.0.0.1:${port}`;
      };
      const launch = async () => {
        browser = await chromium.launch({
          executablePath: chromiumPath,
          timeout: timeouts.navigation,
          // Containers often give /dev/shm only 64 MB, too little for Chromium's renderers.
          args: ['--disable-dev-shm-usage'],
        });
      };
      // Settled, not raced: if one fails, the other has finished too, and `after` closes it.
      const started = await Promise.allSettled([
        serve(),
        launch(),
        mkdir(screenshotDir, { recursive: true }),
      ]);
      for (const result of started) if (result.status === 'rejected') throw result.reason;
    },
    { timeout: timeouts.setup },
  );

  afterEach(
    async () => {
      const open = [...contexts];
      contexts.clear();
      await Promise.all(open.map((context) => context.close()));
    },
    { timeout: timeouts.teardown },
  );

  // Both are closed even when the other fails, or when setup stopped half-way.
  after(
    async () => {
      const results = await Promise.allSettled([browser?.close(), testApp?.close()]);
      for (const result of results) if (result.status === 'rejected') throw result.reason;
    },
    { timeout: timeouts.teardown },
  );

  const site: BrowserSite = {
    get baseUrl() {
      return baseUrl;
    },
    get database() {
      assert.ok(testApp, 'the site is served before the suite’s tests');
      return testApp.database;
    },

    async open(pathAndQuery, { javaScript = true, status = 200 } = {}) {
      assert.ok(browser, 'the browser did not start');
      const context = await browser.newContext({
        baseURL: baseUrl,
        javaScriptEnabled: javaScript,
        viewport: { width: 1024, height: 768 },
        locale: 'en-GB',
      });
      contexts.add(context);
      context.setDefaultTimeout(timeouts.action);
      context.setDefaultNavigationTimeout(timeouts.navigation);
      const page = await context.newPage();
      if (javaScript) scripted.add(page);
      const errors: string[] = [];
      pageErrors.set(page, errors);
      // Chromium logs every failed load as "Failed to load resource", without the address and
      // for the page itself too (a 404 page is expected): failed loads are recorded from the
      // responses instead, leaving out the page's own document.
      page.on('console', (message) => {
        if (message.type() === 'error' && !message.text().startsWith('Failed to load resource'))
          errors.push(message.text());
      });
      page.on('pageerror', (error) => errors.push(error.message));
      page.on('response', (response) => {
        if (response.status() >= 400 && !response.request().isNavigationRequest())
          errors.push(`${response.status()} ${response.url()}`);
      });
      page.on('requestfailed', (request) => {
        const reason = request.failure()?.errorText ?? 'failed';
        // Leaving a page cancels what it was still loading: not a fault of the page.
        if (reason !== 'net::ERR_ABORTED') errors.push(`${reason} ${request.url()}`);
      });

      const logged = serverErrors.length;
      const response = await page.goto(pathAndQuery);
      assert.ok(response, `no response for ${pathAndQuery}`);
      assert.equal(
        response.status(),
        status,
        [`status of ${pathAndQuery}`, ...serverErrors.slice(logged)].join('\n'),
      );
      // The layout's inline script marks the body: proof of the mode the page was seen in.
      if ((await response.headerValue('content-type'))?.startsWith('text/html'))
        assert.equal(
          /\bjs-enabled\b/.test((await page.locator('body').getAttribute('class')) ?? ''),
          javaScript,
          `${pathAndQuery} ran its scripts: expected ${javaScript}`,
        );
      return page;
    },

    async axe(page) {
      // axe-core must run inside the page, and it needs JavaScript: with JavaScript off its
      // checks never finish. The page's Content-Security-Policy allows only scripts bearing
      // the nonce, so page.addScriptTag({ content: axe.source }) is refused. We do not turn the
      // policy off (bypassCSP) either: it also forbids inline styles, and a page checked with
      // them applied would not be the page people see (colour contrast, hidden content).
      // Instead the source is evaluated through the DevTools protocol, which the policy does
      // not govern (as @axe-core/playwright does): the page is checked exactly as served.
      assert.ok(scripted.has(page), 'axe-core needs a page opened with JavaScript on');
      await page.evaluate(axe.source);
      // page.evaluate has no time limit of its own.
      let timer: NodeJS.Timeout | undefined;
      const limit = new Promise<never>((_resolve, reject) => {
        timer = setTimeout(
          () => reject(new Error(`axe-core did not finish on ${page.url()}`)),
          timeouts.navigation,
        );
      });
      const run = page.evaluate(async () => {
        interface Result {
          id: string;
          impact?: string | null;
          help: string;
          helpUrl: string;
          nodes: { target: unknown[]; html: string; failureSummary?: string }[];
        }
        const runner = (
          globalThis as unknown as {
            axe: { run(options: object): Promise<{ violations: Result[] }> };
          }
        ).axe;
        const { violations } = await runner.run({ resultTypes: ['violations'] });
        return violations.map((v) => ({
          id: v.id,
          impact: v.impact ?? null,
          help: v.help,
          helpUrl: v.helpUrl,
          nodes: v.nodes.map((n) => ({
            target: n.target.map(String).join(' '),
            html: n.html,
            summary: n.failureSummary ?? '',
          })),
        }));
      });
      try {
        return await Promise.race([run, limit]);
      } finally {
        clearTimeout(timer);
      }
    },

    async assertAccessible(pathAndQuery, { status = 200 } = {}) {
      const page = await site.open(pathAndQuery, { javaScript: true, status });
      await site.screenshot(page, screenshotName(pathAndQuery));
      const violations = await site.axe(page);
      assert.deepEqual(
        violations.map(describeViolation),
        [],
        `axe-core found ${violations.length} violation(s) on ${pathAndQuery}`,
      );
      assert.deepEqual(site.errors(page), [], `errors logged by ${pathAndQuery}`);
      return page;
    },

    async assertStep(page, width) {
      if (width <= 320) {
        const scrollWidth = Number(await page.evaluate('document.documentElement.scrollWidth'));
        assert.ok(scrollWidth <= width, `the page is ${scrollWidth} px wide at ${width} px`);
      }
      if (!scripted.has(page)) return;
      const violations = await site.axe(page);
      assert.deepEqual(violations.map(describeViolation), [], `axe-core on ${page.url()}`);
    },

    async screenshot(page, name) {
      const file = path.join(screenshotDir, `${name}.png`);
      await page.screenshot({ path: file, fullPage: true });
      return file;
    },

    errors(page) {
      return pageErrors.get(page) ?? [];
    },
  };
  return site;
}

/** The page's one h1, its whitespace collapsed (there must be exactly one). */
export async function mainHeading(page: Page): Promise<string> {
  const text = await page.getByRole('heading', { level: 1 }).textContent();
  return (text ?? '').replace(/\s+/g, ' ').trim();
}

/** The text of the first element the selector finds, its whitespace collapsed. */
export async function shownText(page: Page, selector: string): Promise<string> {
  return ((await page.locator(selector).first().textContent()) ?? '').replace(/\s+/g, ' ').trim();
}

/** One violation as a readable line per element, for assertion messages. */
function describeViolation(violation: AxeViolation): string {
  const where = violation.nodes
    .map((node) => `\n    at ${node.target}: ${node.html}\n      ${node.summary}`)
    .join('');
  return `${violation.impact ?? 'unknown'} ${violation.id}: ${violation.help} (${violation.helpUrl})${where}`;
}
