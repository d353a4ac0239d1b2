import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { withCalculated } from '../calculated/calculated.service.ts';
import { browserSuite, javaScriptModes, mainHeading, useBrowserSite } from '../testing/browser.ts';
import { newUser } from '../testing/fixtures.ts';

describe('reports in the browser', browserSuite, () => {
  // The council tax report needs its dataset; the DfE set is left out (minutes to load).
  const site = useBrowserSite(['ons-els', 'tidy-csv', 'mhclg-ctr']);
  before(async () => {
    for (const url of ['/reports', '/assets/openlg.css?v=1']) await fetch(`${site.baseUrl}${url}`);
  });

  for (const width of [1280, 320])
    for (const mode of javaScriptModes)
      it(`a councillor runs the council overview for their council at ${width} px (${mode.label})`, async () => {
        const page = await site.open('/', mode);
        await page.setViewportSize({ width, height: 900 });
        // Narrower than a tablet, with JavaScript, the navigation folds behind its Menu button
        // (once the script has run: waited for by the click, not tested at once).
        if (mode.javaScript && width < 641)
          await page.getByRole('button', { name: 'Menu' }).click();
        await page.getByRole('link', { name: 'Reports', exact: true }).click();
        assert.equal(await mainHeading(page), 'Reports');
        await site.assertStep(page, width);
        await page.getByRole('link', { name: 'Council overview' }).click();
        await page.getByRole('combobox', { name: 'Council' }).selectOption({ label: 'Hartlepool' });
        await page.getByRole('combobox', { name: 'Figures' }).selectOption('2022');
        await page.getByRole('button', { name: 'Run the report' }).click();
        await page.waitForURL((url) => url.searchParams.get('area') === 'E06000001');
        assert.equal(await mainHeading(page), 'Hartlepool: council overview');
        const summary = (await page.locator('#section-1 ~ div').first().textContent()) ?? '';
        assert.match(summary, /Hartlepool’s employment rate is [\d.]+% \(2022\), \d+\w\w of 16 /);
        // Every chart has its figures in a table after it.
        assert.equal(await page.locator('.openlg-chart svg').count(), 3);
        assert.ok((await page.locator('table.govuk-table').count()) >= 9);
        await site.assertStep(page, width);
      });

  it('a signed-in reader asks for report emails, finds them in their account and stops', async () => {
    const user = await newUser(site.database, { organisation: 'E06000004', role: 'analyst' });
    const page = await site.open('/sign-in');
    await page.getByLabel('Email address').fill(user.email);
    await page.getByLabel('Password', { exact: true }).fill(user.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((url) => url.pathname === '/dashboard');
    await page.goto(`${site.baseUrl}/reports/council-overview?area=E06000001`);
    await page.getByRole('button', { name: 'Email me when these figures change' }).click();
    await page.waitForURL((url) => url.hash === '#report-emails');
    await site.assertStep(page, 1280);
    await page.getByRole('link', { name: 'Your report emails' }).click();
    assert.equal(await mainHeading(page), 'Your report emails');
    await page.setViewportSize({ width: 320, height: 900 });
    await site.assertStep(page, 320);
    await page.getByRole('button', { name: /^Stop the emails of Council overview for / }).click();
    await page.waitForURL((url) => url.pathname === '/account/subscriptions');
    assert.match((await page.locator('main').textContent()) ?? '', /You have no report emails/);
  });

  it('has no accessibility violations on its pages, errors included', async () => {
    for (const url of [
      '/reports',
      '/reports/council-tax-and-finance',
      '/reports/council-tax-and-finance?area=E07000223',
      '/reports/economy-and-skills?area=E06000001&group=custom:E06000002,E06000003',
      '/reports/council-overview?area=E06000001&since=2025-01-01',
      '/reports/council-overview?area=E06000001&asOf=2025-12-31',
    ])
      await site.assertAccessible(url);
    await site.assertAccessible('/reports/council-overview?area=nowhere&period=1900', {
      status: 400,
    });
    await site.assertAccessible('/reports/council-overview?area=E06000001&asOf=2026-02-30', {
      status: 400,
    });
  });
});

describe('the value-for-money report in the browser', browserSuite, () => {
  // Its quadrants need the DfE set, and its unit costs and council tax per head the calculated
  // measures: the price of a suite of its own.
  const site = useBrowserSite(['ons-els', 'tidy-csv', 'mhclg-ctr', 'dfe-lait']);
  before(async () => {
    const { calculated } = withCalculated(site.database);
    await calculated.installReadyMade();
    await calculated.recompute();
  });

  for (const mode of javaScriptModes)
    it(`a finance lead runs it for their council on a phone (${mode.label})`, async () => {
      const page = await site.open('/reports', mode);
      await page.setViewportSize({ width: 320, height: 900 });
      await page.getByRole('link', { name: 'Value for money' }).click();
      await page.getByRole('combobox', { name: 'Council' }).selectOption({ label: 'Hartlepool' });
      await page.getByRole('button', { name: 'Run the report' }).click();
      await page.waitForURL((url) => url.searchParams.get('area') === 'E06000001');
      assert.equal(await mainHeading(page), 'Hartlepool: value for money');
      // Three quadrants, each an image named by its title and followed by its table of figures.
      const quadrants = page.getByRole('img', { name: /against .*: Hartlepool among/ });
      assert.equal(await quadrants.count(), 3);
      const table = page.getByRole('table', {
        name: /^Spending on children looked after, per child looked after against /,
      });
      assert.equal(await table.count(), 1);
      assert.match((await table.getByRole('row').nth(1).textContent()) ?? '', /Hartlepool/);
      await site.assertStep(page, 320);
    });

  it('has no accessibility violations on its pages', async () => {
    for (const url of [
      '/reports/value-for-money?area=E06000001',
      '/reports/value-for-money?area=E07000223',
      '/reports/peer-challenge-data-pack?area=E10000003',
    ])
      await site.assertAccessible(url);
  });
});
