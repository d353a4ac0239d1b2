import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import * as browser from '../testing/browser.ts';
import { newUser } from '../testing/fixtures.ts';
import { formatDate } from '../shared/format.ts';
import { addDays, addMonths } from './dates.ts';
import { recordEvent, signIn } from './challenge-steps.testing.ts';
import { samplePdf } from './documents.testing.ts';

/*
 * Issue 20: a peer challenge manager requests a corporate peer challenge and takes it through
 * scoping, the visit and the feedback to the published report, one dated form at a time, with
 * a mistake on the way; the deadlines appear with the feedback and the report's is met. Without
 * JavaScript and with it; each step passes axe and reads at 320 px.
 */
describe(
  'a manager takes a peer challenge to its report, in a browser',
  browser.browserSuite,
  () => {
    const site = browser.useBrowserSite();
    const email = 'manager@programme.example';
    let password = '';
    const today = new Date().toISOString().slice(0, 10);
    // Every event is dated in the past, as the forms ask: the challenge began 60 days ago.
    const day = (n: number) => addDays(today, n - 60);

    before(async () => {
      ({ password } = await newUser(site.database, {
        email,
        role: 'peer-challenge-manager',
        organisation: 'lga',
      }));
    });

    for (const [mode, council, code] of [
      [{ javaScript: false }, 'Hartlepool', 'E06000001'],
      [{ javaScript: true }, 'Darlington', 'E06000005'],
    ] as const)
      it(`requests a challenge and publishes its report (JavaScript ${mode.javaScript ? 'on' : 'off'})`, async () => {
        const page = await site.open('/sign-in', mode);
        await page.setViewportSize({ width: 320, height: 900 });
        await signIn(page, email, password);

        await page.goto(`${site.baseUrl}/peer-challenge/challenges`);
        await site.assertStep(page, 320);
        await page.getByRole('link', { name: 'Request a peer challenge' }).click();
        await page.waitForURL((url) => url.pathname === '/peer-challenge/challenges/new');
        await page.getByLabel('Corporate peer challenge').check();
        await page.getByLabel('Council', { exact: true }).fill(council);
        await page.getByLabel('Date requested').fill(addDays(today, 1));
        await page.getByRole('button', { name: 'Request the challenge' }).click();
        await page.locator('.govuk-error-summary').waitFor();
        assert.match(
          await page.locator('.govuk-error-summary').innerText(),
          /The date must be today or in the past/,
        );
        await site.assertStep(page, 320);
        await page.getByLabel('Date requested').fill(day(0));
        await page.getByRole('button', { name: 'Request the challenge' }).click();
        await page.waitForURL((url) => /^\/peer-challenge\/challenges\/\d+$/.test(url.pathname));
        assert.equal(await browser.mainHeading(page), `Corporate peer challenge: ${council}`);
        await site.assertStep(page, 320);

        await recordEvent(
          page,
          'book-window',
          { Date: day(0), 'First day of the window': day(30), 'Last day of the window': day(40) },
          `${formatDate(day(30))} to ${formatDate(day(40))}`,
        );
        await recordEvent(page, 'start-scoping', { Date: day(2) }, 'Scoping');
        await recordEvent(
          page,
          'receive-position-statement',
          { Date: day(10) },
          'Position statement received',
        );
        await recordEvent(page, 'assemble-team', { Date: day(15) }, 'Team assembled');
        await recordEvent(page, 'arrive-on-site', { Date: day(31) }, 'On site');
        assert.match(
          await page.locator('#deadlines ~ p').first().innerText(),
          /set on the visit’s last day/,
        );

        // The last day on site before the first is refused, and the form keeps what was typed.
        await page.locator('#form-give-feedback').getByLabel('Date', { exact: true }).fill(day(29));
        await page.locator('#form-give-feedback button').click();
        await page.locator('.govuk-error-summary').waitFor();
        assert.match(
          await page.locator('.govuk-error-summary').innerText(),
          /The date must be on or after/,
        );
        assert.equal(await page.locator('#give-feedback-on').inputValue(), day(29));
        await site.assertStep(page, 320);

        await recordEvent(page, 'give-feedback', { Date: day(34) }, 'Feedback given');
        const reportDue = formatDate(addMonths(day(34), 3));
        const deadlines = () => page.locator('#deadline-table').innerText();
        assert.match(
          await deadlines(),
          new RegExp(`Report published within 3 months of the visit\\s+${reportDue}\\s+Due`),
        );
        assert.match(
          await deadlines(),
          /Progress review 10 to 12 months after the visit[\s\S]*Upcoming, from/,
        );
        await recordEvent(page, 'draft-report', { Date: day(45) }, 'Report drafted');
        // The report is published as uploaded: the newest version.
        await page
          .locator('#report-file')
          .setInputFiles({ name: 'report.pdf', mimeType: 'application/pdf', buffer: samplePdf() });
        await page.getByRole('button', { name: 'Upload the report' }).click();
        await page.locator('#report-versions', { hasText: 'report.pdf' }).waitFor();
        await recordEvent(page, 'publish-report', { Date: day(55) }, 'Report published');
        assert.match(await page.locator('#report-published').innerText(), /Published on/);
        assert.match(
          await deadlines(),
          new RegExp(
            `Report published within 3 months of the visit\\s+${reportDue}\\s+Met on ${formatDate(day(55))}`,
          ),
        );
        assert.match(
          await deadlines(),
          /Action plan published within 3 months of the visit[\s\S]*Due/,
        );
        assert.match(
          await page.locator('#history + ol').innerText(),
          new RegExp(`${formatDate(day(55))}: Report published \\(from Report drafted\\)`),
        );
        assert.equal(
          await page.locator('#data-pack a').getAttribute('href'),
          `/reports/peer-challenge-data-pack?area=${code}&asOf=${day(2)}`,
        );
        await site.assertStep(page, 320);
        // The data pack the team read: the figures as they were published when scoping began.
        await page.locator('#data-pack a').click();
        await page.waitForURL((url) => url.pathname === '/reports/peer-challenge-data-pack');
        assert.match(
          await page.locator('main').innerText(),
          new RegExp(`As published on ${formatDate(day(2))}`),
        );

        await page.goto(`${site.baseUrl}/peer-challenge/challenges?state=report-published`);
        assert.match(await page.locator('#challenges').innerText(), new RegExp(council));
        await site.assertStep(page, 320);
      });
  },
);
