import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import {
  browserSuite,
  javaScriptModes,
  mainHeading,
  screenshotName,
  useBrowserSite,
} from '../testing/browser.ts';

describe('pages in a browser', browserSuite, () => {
  const site = useBrowserSite();

  describe('have no accessibility violations of any impact', () => {
    for (const { name, url, status = 200, heading } of [
      { name: 'the home page', url: '/', heading: 'Compare councils with councils like them' },
      { name: 'an area profile', url: '/areas/E06000001', heading: 'Hartlepool' },
      { name: 'an abolished council’s profile', url: '/areas/E10000006', heading: 'Cumbria' },
      { name: 'search results', url: '/areas?q=kingston', heading: /^Find a council/ },
      { name: 'the methodology', url: '/methodology', heading: 'How openlg compares councils' },
      { name: 'the API guide', url: '/api', heading: 'Open data API' },
      { name: 'the measures', url: '/metrics?q=employment', heading: 'Measures' },
      {
        name: 'a metric page',
        url: '/metrics/gcses-in-english-and-maths?area=E06000001',
        heading: 'GCSEs in English and Maths',
      },
      {
        name: 'similar councils',
        url: '/areas/E07000223/neighbours',
        heading: 'Councils similar to Adur',
      },
      {
        name: 'the compare page',
        url: '/compare?areas=E06000001,E06000002,E06000003&metrics=employment-rate&metrics=gcses-in-english-and-maths',
        heading: 'Compare councils',
      },
      { name: 'an unknown area', url: '/areas/E06999999', status: 404, heading: 'Page not found' },
      { name: 'an unknown address', url: '/no-such-page', status: 404, heading: 'Page not found' },
    ] satisfies { name: string; url: string; status?: number; heading: string | RegExp }[])
      it(`${name}: ${url}`, async () => {
        const page = await site.assertAccessible(url, { status });
        if (typeof heading === 'string') assert.equal(await mainHeading(page), heading);
        else assert.match(await mainHeading(page), heading);
      });
  });

  it('says on an abolished council’s page when it ended and what replaced it', async () => {
    const page = await site.open('/areas/E10000006');
    const warning = (await page.locator('.govuk-warning-text').textContent()) ?? '';
    assert.match(warning.replace(/\s+/g, ' '), /Cumbria was abolished on 1 April 2023/);
    const successors = page.locator('.govuk-warning-text').getByRole('link');
    assert.deepEqual((await successors.allTextContents()).sort(), [
      'Cumberland',
      'Westmorland and Furness',
    ]);
  });

  for (const mode of javaScriptModes) {
    // A misspelt name lists the council (an exact one would open its profile at once).
    it(`finds Hartlepool from the home page search box and opens its profile (${mode.label})`, async () => {
      const page = await site.open('/', mode);
      const search = page.getByRole('search');
      await search.getByRole('searchbox', { name: /Find a council/ }).fill('Hartlepol');
      await search.getByRole('button', { name: 'Search' }).click();
      await page.waitForURL(
        (url) => url.pathname === '/areas' && url.searchParams.get('q') === 'Hartlepol',
      );
      assert.match(await mainHeading(page), /^Find a council/);
      const councils = page.locator('#results-heading');
      assert.match((await councils.textContent()) ?? '', /^\s*\d+ \w+ for “Hartlepol”\s*$/);
      await site.screenshot(page, screenshotName('/areas?q=Hartlepol', mode.label));

      // The list of councils found, named by that heading.
      await page
        .locator('ul[aria-labelledby="results-heading"]')
        .getByRole('link', { name: 'Hartlepool', exact: true })
        .click();
      await page.waitForURL((url) => url.pathname === '/areas/E06000001');
      assert.equal(await mainHeading(page), 'Hartlepool');
      // The title names the council and the group its profile compares it with.
      assert.equal(
        await page.title(),
        'Hartlepool compared with its 15 nearest neighbours – openlg',
      );
      assert.match((await page.locator('main').textContent()) ?? '', /GSS code\s*E06000001/);
      await site.screenshot(page, screenshotName('/areas/E06000001', mode.label));
      assert.deepEqual(site.errors(page), []);
    });

    it(`compares Hartlepool with its region, opens GCSEs and downloads the CSV (${mode.label})`, async () => {
      const page = await site.open('/areas/E06000001', mode);
      await page.getByLabel('Compare with').selectOption('region:upper:e12000001');
      await page.getByRole('button', { name: 'Compare' }).click();
      await page.waitForURL((url) => url.searchParams.get('group') === 'region:upper:e12000001');
      const intro = (await page.locator('#how-it-compares + p').textContent()) ?? '';
      assert.match(intro.replace(/\s+/g, ' '), /County-level councils in North East/);
      // The measure is linked from the summary at a glance and from its row: either will do.
      await page
        .getByRole('link', { name: 'GCSEs in English and Maths', exact: true })
        .first()
        .click();
      await page.waitForURL(
        (url) =>
          url.pathname === '/metrics/gcses-in-english-and-maths' &&
          url.searchParams.get('area') === 'E06000001' &&
          url.searchParams.get('group') === 'region:upper:e12000001',
      );
      assert.equal(await mainHeading(page), 'GCSEs in English and Maths');
      await site.screenshot(
        page,
        screenshotName('/metrics/gcses-in-english-and-maths', mode.label),
      );
      const download = page.waitForEvent('download');
      await page.getByRole('link', { name: /\(CSV\)$/ }).click();
      const file = await (await download).path();
      const csv = await readFile(file, 'utf8');
      assert.match(csv, /gcses-in-english-and-maths,E06000001,Hartlepool,/);
      assert.ok(csv.split('\n').length >= 12, csv);
      assert.deepEqual(site.errors(page), []);
    });

    it(`finds a district and opens its similar councils (${mode.label})`, async () => {
      const page = await site.open('/', mode);
      const search = page.getByRole('search');
      await search.getByRole('searchbox', { name: /Find a council/ }).fill('Adur');
      await search.getByRole('button', { name: 'Search' }).click();
      // A council's exact name goes straight to its profile.
      await page.waitForURL((url) => url.pathname === '/areas/E07000223');
      await page.getByRole('link', { name: /^Councils similar to Adur/ }).click();
      await page.waitForURL((url) => url.pathname === '/areas/E07000223/neighbours');
      assert.equal(await mainHeading(page), 'Councils similar to Adur');
      assert.equal(await page.locator('tbody tr').count(), 15);
      await site.screenshot(page, screenshotName('/areas/E07000223/neighbours', mode.label));
      assert.deepEqual(site.errors(page), []);
    });

    it(`opens the API guide from the header navigation (${mode.label})`, async () => {
      const page = await site.open('/', mode);
      const menu = page.getByRole('navigation', { name: 'Menu' });
      await menu.getByRole('link', { name: 'Open data API' }).click();
      await page.waitForURL((url) => url.pathname === '/api');
      assert.equal(await mainHeading(page), 'Open data API');
      // The navigation now marks the guide as the current section.
      assert.equal(
        await menu.getByRole('link', { name: 'Open data API' }).getAttribute('aria-current'),
        'true',
      );
      await site.screenshot(page, screenshotName('/api', mode.label));
      assert.deepEqual(site.errors(page), []);
    });
  }
});
