import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import JSZip from 'jszip';
import type { Page } from 'playwright-core';
import * as browser from '../testing/browser.ts';
import { newUser } from '../testing/fixtures.ts';
import { workbookCells } from '../testing/workbook.ts';

/*
 * Issue 18: an analyst builds a report from nothing, without JavaScript (and with it, each step
 * passing axe), shares it with their organisation and downloads it; a colleague opens it, and a
 * user of another council finds nothing there.
 */
describe('an analyst builds a report and shares it, in a browser', browser.browserSuite, () => {
  const site = browser.useBrowserSite();
  const width = 1280;
  const people = {
    analyst: { email: 'builder.analyst@hartlepool.example', organisation: 'E06000001' },
    colleague: { email: 'builder.colleague@hartlepool.example', organisation: 'E06000001' },
    stranger: { email: 'builder.stranger@darlington.example', organisation: 'E06000005' },
  };
  const passwords = new Map<string, string>();

  before(async () => {
    for (const person of Object.values(people)) {
      const user = await newUser(site.database, { ...person, role: 'analyst' });
      passwords.set(person.email, user.password);
    }
  });

  const signIn = async (who: keyof typeof people, mode: browser.JavaScriptMode) => {
    const page = await site.open('/sign-in', mode);
    await page.getByLabel('Email address').fill(people[who].email);
    await page.getByLabel('Password', { exact: true }).fill(passwords.get(people[who].email) ?? '');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((url) => url.pathname === '/dashboard');
    return page;
  };

  /** From the list of reports to a saved report of one table; the report's address. */
  const build = async (page: Page, name: string) => {
    await page.goto(`${site.baseUrl}/reports`);
    await page.getByRole('button', { name: 'Build a report' }).click();
    await page.waitForURL((url) => url.pathname === '/reports/new');
    await site.assertStep(page, width);
    await page.getByLabel('Name', { exact: true }).fill(name);
    await page.getByLabel('A blank report').check();
    await page.getByLabel('Your organisation').check();
    await page.locator('input[name="organisation"]').first().check();
    await page.getByRole('button', { name: 'Start building' }).click();
    await page.waitForURL((url) => url.pathname.endsWith('/edit'));
    await site.assertStep(page, width);

    await page.getByLabel('A table of measures').check();
    await page.getByRole('button', { name: 'Add section' }).click();
    await page.waitForURL((url) => url.pathname.endsWith('/sections/new'));
    await page.getByLabel('Heading').fill('Jobs and pay');
    await page.getByLabel('Find measures to add').fill('employment rate');
    await page.getByRole('button', { name: 'Search the measures' }).click();
    await page
      .getByRole('checkbox', { name: /^Employment rate/ })
      .first()
      .check();
    await site.assertStep(page, width);
    await page.getByRole('button', { name: 'Save section' }).click();
    await page.waitForURL((url) => url.pathname.endsWith('/edit'));
    assert.match(await browser.shownText(page, 'main'), /2\. Jobs and pay/);
    await site.assertStep(page, width);

    await page.getByLabel('Run it for').selectOption('E06000001');
    await page.getByRole('button', { name: 'Preview the report' }).click();
    await page.waitForSelector('h2:has-text("Jobs and pay")');
    await site.assertStep(page, width);
    return new URL(page.url());
  };

  /** The report's Word document and workbook, as the page links them, read back. */
  const downloads = async (page: Page) => {
    const href = async (text: RegExp) =>
      `${site.baseUrl}${await page.getByRole('link', { name: text }).getAttribute('href')}`;
    const docx = await page.request.get(await href(/Word document/));
    assert.equal(docx.status(), 200);
    const word = await JSZip.loadAsync(await docx.body());
    const document = (await word.file('word/document.xml')?.async('string')) ?? '';
    assert.match(document, /<w:tbl>/);
    assert.match(document, /Jobs and pay/);
    assert.match(document, /Employment rate/);
    const xlsx = await page.request.get(await href(/Excel workbook/));
    assert.equal(xlsx.status(), 200);
    const cells = await workbookCells(await xlsx.body());
    assert.ok(
      cells.some((c) => /Employment rate/.test(c)),
      'the table’s measure',
    );
  };

  for (const mode of browser.javaScriptModes)
    it(`builds, saves, downloads and shares a report (${mode.label})`, async () => {
      const page = await signIn('analyst', mode);
      const report = await build(page, `Committee pack (${mode.label})`);
      assert.match(await browser.shownText(page, 'main'), /Employment rate/);
      await downloads(page);

      const colleague = await signIn('colleague', mode);
      await colleague.goto(report.toString());
      assert.equal(
        await browser.mainHeading(colleague),
        'Hartlepool: Committee pack (' + mode.label + ')',
      );
      const stranger = await signIn('stranger', mode);
      const refused = await stranger.goto(report.toString());
      assert.equal(refused?.status(), 404);
      assert.doesNotMatch(await browser.shownText(stranger, 'main'), /Jobs and pay/);
    });
});
