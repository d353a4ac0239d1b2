import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  browserSuite,
  mainHeading,
  screenshotName,
  shownText,
  useBrowserSite,
} from '../testing/browser.ts';
import { newUser } from '../testing/fixtures.ts';
import { importValues } from '../testing/values.ts';
import { bandD, hartlepool, newcastle, realRows } from './uploads.testing.ts';

/** A moment as a UK clock shows it, as a datetime-local input takes it: 2026-12-04T14:05:30. */
function ukClock(at: Date): string {
  return at.toLocaleString('sv-SE', { timeZone: 'Europe/London' }).replace(' ', 'T');
}

describe('a steward lodging data, in a browser', browserSuite, () => {
  const site = useBrowserSite();

  /** Hartlepool's values of the measure the public's data API answers with. */
  async function publicValues(): Promise<{ period: string; value: number }[]> {
    const url = `${site.baseUrl}/api/v1/data?metric=${bandD.slug}&area=${hartlepool}&period=latest:100`;
    const answer = await fetch(url);
    assert.equal(answer.status, 200);
    return ((await answer.json()) as { observations: { period: string; value: number }[] })
      .observations;
  }

  it('uploads a file with a bad row, fixes it, embargoes it, and the public sees it only once the embargo ends', async () => {
    await importValues(site.database, bandD.slug, '2015-16', { [newcastle]: 1380.82 }, {}, bandD);
    const steward = await newUser(site.database, {
      organisation: hartlepool,
      role: 'data-steward',
    });
    const page = await site.open(`/organisations/${hartlepool}/data`);
    await page.waitForURL((url) => url.pathname === '/sign-in');
    await page.getByLabel('Email address').fill(steward.email);
    await page.getByLabel('Password', { exact: true }).fill(steward.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((url) => url.pathname === `/organisations/${hartlepool}/data`);
    assert.equal(await mainHeading(page), 'Your data');
    await site.assertStep(page, 1280);

    await page.getByRole('button', { name: 'Upload data' }).click();
    await page.waitForURL((url) => url.pathname.endsWith('/data/upload'));
    assert.equal(await mainHeading(page), 'Upload data');
    await site.assertStep(page, 1280);

    const bad = realRows().replace(',1418.70,,,\n', ',1418.70p,,,\n');
    const file = (text: string) => ({
      name: 'hartlepool.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(text),
    });
    await page.getByLabel('Your file').setInputFiles(file(bad));
    await page.getByRole('button', { name: 'Upload and check' }).click();
    await page.waitForSelector('.govuk-error-summary');
    assert.match(
      await shownText(page, '.govuk-error-summary'),
      /There is a problem Row 2, column “value”: "1418.70p" is not a number/,
    );
    await site.assertStep(page, 1280);
    await site.screenshot(page, screenshotName('/organisations/data/upload problems'));

    await page.getByLabel('Your file').setInputFiles(file(realRows()));
    await page.getByRole('button', { name: 'Upload and check' }).click();
    await page.waitForURL((url) => /\/data\/uploads\/\d+$/.test(url.pathname));
    assert.equal(await mainHeading(page), 'Check and publish hartlepool.csv');
    assert.match(await shownText(page, 'main'), /Rows read ?2 New values ?2/);
    await site.assertStep(page, 1280);

    // Far enough ahead to check both sides before it ends; a whole minute the input would shorten.
    const ends = new Date(Math.floor(Date.now() / 1000) * 1000 + 20_000);
    if (ends.getSeconds() === 0) ends.setSeconds(1);
    await page.getByLabel('Embargo until a date and time').check();
    await page.getByLabel('Embargo ends (UK time)').fill(ukClock(ends));
    await site.screenshot(page, screenshotName('/organisations/data/uploads confirm'));
    await page.getByRole('button', { name: 'Lodge the data' }).click();
    await page.waitForURL((url) => url.searchParams.has('lodged'));
    const workspace = await shownText(page, 'main');
    assert.match(workspace, /Your data is lodged/);
    assert.match(workspace, /hartlepool\.csv .* Embargoed until .* UK time/);
    assert.match(workspace, /Not yet public .* 2014\/15 1418\.7/);
    await site.assertStep(page, 1280);
    await site.screenshot(page, screenshotName('/organisations/data lodged'));

    assert.deepEqual(await publicValues(), [], 'the public cannot see it yet');
    assert.ok(Date.now() < ends.getTime(), 'checked before the embargo ended');

    await new Promise((resolve) => setTimeout(resolve, Math.max(0, ends.getTime() - Date.now())));
    let seen: { period: string; value: number }[] = [];
    for (let tries = 0; tries < 30 && seen.length < 2; tries++) {
      seen = await publicValues();
      if (seen.length < 2) await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    assert.deepEqual(
      seen.map((o) => o.value),
      [1418.7, 1418.7],
      'the public sees both values once the embargo ends',
    );
    await page.reload();
    assert.match(await shownText(page, 'main'), /hartlepool\.csv .* Published/);
  });
});
