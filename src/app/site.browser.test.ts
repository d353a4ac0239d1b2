import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import {
  browserSuite,
  javaScriptModes,
  mainHeading,
  screenshotName,
  useBrowserSite,
} from '../testing/browser.ts';

/** Journey screenshots sit beside the page screenshots: test-results/site-*.png. */
const resultsDir = path.resolve(import.meta.dirname, '../../test-results');

/** One page of each type, with the h1 a person sees on it. */
const pageTypes: { name: string; url: string; heading: string | RegExp; status?: number }[] = [
  { name: 'home', url: '/', heading: 'Compare councils with councils like them' },
  { name: 'profile', url: '/areas/E06000001', heading: 'Hartlepool' },
  {
    name: 'measure',
    url: '/metrics/gcses-in-english-and-maths?area=E06000001',
    heading: /GCSEs in English and Maths/,
  },
  {
    name: 'compare',
    url: '/compare?areas=E06000001,E06000002,E06000003&metrics=employment-rate&metrics=gcses-in-english-and-maths',
    heading: /^Compare/,
  },
  { name: 'neighbours', url: '/areas/E07000223/neighbours', heading: /Adur/ },
  { name: 'search', url: '/areas?q=hart', heading: /hart|Find a council/i },
  { name: 'methodology', url: '/methodology', heading: 'How openlg compares councils' },
  { name: 'api', url: '/api', heading: 'Open data API' },
  { name: 'status', url: '/status', heading: 'The service is working' },
  { name: 'accessibility', url: '/accessibility', heading: 'Accessibility statement' },
  { name: 'privacy', url: '/privacy', heading: 'Privacy notice' },
  { name: 'contact', url: '/contact', heading: 'Contact and feedback' },
  { name: 'not found', url: '/no-such-page', heading: 'Page not found', status: 404 },
];

/**
 * How far the page itself scrolls sideways, and what sticks out past the screen's edge (what
 * scrolls inside its own box does not widen the page). Written as page source: the tests are
 * compiled without the DOM's types.
 */
const overflowScript = `(() => {
  const width = document.documentElement.clientWidth;
  const scrollsItself = (element) => {
    for (let up = element.parentElement; up; up = up.parentElement)
      if (getComputedStyle(up).overflowX !== 'visible') return true;
    return false;
  };
  const outside = [...document.querySelectorAll('body *')]
    .filter((element) => element.getBoundingClientRect().right > width + 1 && !scrollsItself(element))
    .slice(0, 5)
    .map((element) => element.outerHTML.slice(0, 120));
  return { scrollWidth: document.documentElement.scrollWidth, outside };
})()`;

async function sidewaysOverflow(page: Page): Promise<{ scrollWidth: number; outside: string[] }> {
  return (await page.evaluate(overflowScript)) as { scrollWidth: number; outside: string[] };
}

describe('every page type on a phone and a desktop', browserSuite, () => {
  const site = useBrowserSite();

  for (const mode of javaScriptModes)
    for (const { name, url, heading, status = 200 } of pageTypes)
      it(`${name}: no sideways scroll at 320 px (${mode.label})`, async () => {
        const page = await site.open(url, { javaScript: mode.javaScript, status });
        await page.setViewportSize({ width: 320, height: 640 });
        const title = await mainHeading(page);
        if (typeof heading === 'string') assert.equal(title, heading);
        else assert.match(title, heading);
        const { scrollWidth, outside } = await sidewaysOverflow(page);
        assert.ok(scrollWidth <= 320, `${url} is ${scrollWidth} px wide:\n${outside.join('\n')}`);
        const shot = {
          path: path.join(resultsDir, `site-${screenshotName(name, `320 ${mode.label}`)}.png`),
          fullPage: true,
        };
        // Chromium now and then fails to capture a long page on a loaded machine ("Unable to
        // capture screenshot", once in CI on /api): the picture is evidence, so it tries again.
        await page.screenshot(shot).catch(() => page.screenshot(shot));
        if (mode.javaScript) assert.deepEqual(await site.axe(page), [], `axe on ${url} at 320 px`);
      });

  for (const mode of javaScriptModes)
    it(`the home page is laid out in columns at 1280 px (${mode.label})`, async () => {
      const page = await site.open('/', mode);
      await page.setViewportSize({ width: 1280, height: 800 });
      const height = Number(await page.evaluate('document.documentElement.scrollHeight'));
      // It was 11,740 px, every council listed one under another.
      assert.ok(height < 3000, `the home page is ${height} px tall`);
      const themes = await page.getByRole('heading', { name: 'Measures by theme' }).boundingBox();
      const regions = await page.getByRole('heading', { name: 'Councils by region' }).boundingBox();
      assert.ok(themes && regions && themes.y === regions.y && regions.x > themes.x + 300);

      // A type of council opens to its councils, read down several columns.
      await page.getByText('District councils (164)').click();
      const districts = page.locator('#type-district').getByRole('link');
      assert.equal(await districts.count(), 164);
      const lefts = new Set(
        await Promise.all(
          (await districts.all()).map(async (link) =>
            Math.round((await link.boundingBox())?.x ?? 0),
          ),
        ),
      );
      assert.ok(lefts.size >= 3, `districts are in ${lefts.size} column(s)`);
      await page.screenshot({
        path: path.join(resultsDir, `site-${screenshotName('home 1280', mode.label)}.png`),
        fullPage: true,
      });
      if (mode.javaScript) assert.deepEqual(await site.axe(page), []);
    });

  it('shows a wide table in its own named box that scrolls sideways, with a visible cue', async () => {
    const page = await site.open('/methodology');
    await page.setViewportSize({ width: 320, height: 640 });
    const name = 'Table: How good is it?';
    const box = page.getByRole('region', { name });
    assert.equal(await box.getAttribute('tabindex'), '0');
    const { scrolls, cue } = (await page.evaluate(
      `(() => { const box = document.querySelector('[aria-label="${name}"]');
        return { scrolls: box.scrollWidth > box.clientWidth, cue: getComputedStyle(box).backgroundImage }; })()`,
    )) as { scrolls: boolean; cue: string };
    assert.ok(scrolls, 'the table is wider than a phone, so its box scrolls');
    assert.match(cue, /radial-gradient/);
    // The keyboard reaches the box, and the arrow keys scroll it.
    await box.focus();
    await page.keyboard.press('ArrowRight');
    // Polled from here: waitForFunction compiles a string predicate inside the page, which the
    // page's CSP (no 'unsafe-eval') refuses whenever the first look does not already pass.
    const scrolled = `document.querySelector('[aria-label="${name}"]').scrollLeft`;
    let left = 0;
    for (let tries = 0; tries < 50 && left <= 0; tries++) {
      left = Number(await page.evaluate(scrolled));
      if (left <= 0) await page.waitForTimeout(100);
    }
    assert.ok(left > 0, 'the arrow key scrolls the box sideways');
  });

  it('the footer leads to the statement, notice, contact and status pages', async () => {
    const page = await site.open('/');
    const footer = page.getByRole('contentinfo');
    await footer.getByRole('link', { name: 'Service status' }).click();
    await page.waitForURL((url) => url.pathname === '/status');
    assert.equal(await mainHeading(page), 'The service is working');
    const database = page.locator('.govuk-summary-list__row', { hasText: 'Database' });
    assert.match((await database.textContent()) ?? '', /answering/);
    await page.getByRole('link', { name: 'give your feedback' }).click();
    await page.waitForURL((url) => url.pathname === '/contact');
    assert.equal(await mainHeading(page), 'Contact and feedback');
  });
});
