import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import * as browser from '../testing/browser.ts';
import { newUser } from '../testing/fixtures.ts';
import {
  hartlepool,
  importAskedMetrics,
  newCollection,
  newPeople,
  testCollections,
} from './collections.fixture.ts';

describe(
  'a steward fills in a data collection’s return, in a browser',
  browser.browserSuite,
  () => {
    const site = browser.useBrowserSite();
    const steward = { email: 'collections.steward@hartlepool.example', password: '' };
    const collections = new Map<string, number>();

    before(async () => {
      const database = site.database;
      await importAskedMetrics(database);
      const people = await newPeople(database);
      steward.password = (
        await newUser(database, {
          email: steward.email,
          organisation: hartlepool,
          role: 'data-steward',
        })
      ).password;
      const service = testCollections(database);
      for (const mode of browser.javaScriptModes)
        collections.set(
          mode.label,
          await newCollection(service, people.admin.actor, `Housing returns (${mode.label})`),
        );
    });

    for (const mode of browser.javaScriptModes)
      it(`finds the return, is told what is wrong, saves a draft and submits (${mode.label})`, async () => {
        const width = 1280;
        const id = collections.get(mode.label);
        const page = await site.open('/sign-in', mode);
        await page.getByLabel('Email address').fill(steward.email);
        await page.getByLabel('Password', { exact: true }).fill(steward.password);
        await page.getByRole('button', { name: 'Sign in' }).click();
        await page.waitForURL((url) => url.pathname === '/dashboard');
        await page.goto(`${site.baseUrl}/organisations/${hartlepool}/collections`);
        await site.assertStep(page, width);
        await page.getByRole('link', { name: `Housing returns (${mode.label})` }).click();
        await page.waitForURL((url) => url.pathname.endsWith(`/collections/${id}`));
        assert.equal(await browser.mainHeading(page), `Housing returns (${mode.label})`);
        await site.assertStep(page, width);

        const figure = page.getByRole('textbox', { name: 'Figure' });
        await figure.first().fill('a lot');
        await figure.nth(1).fill('140');
        await page.getByRole('button', { name: 'Submit return' }).click();
        await page.waitForSelector('.govuk-error-summary');
        assert.match(
          await browser.shownText(page, '.govuk-error-summary'),
          /Enter Test homes-built as a number.*between 0 and 100/,
        );
        assert.equal(await figure.first().inputValue(), 'a lot');
        await site.assertStep(page, width);

        await figure.first().fill('1,250');
        await figure.nth(1).fill('');
        await page.getByRole('button', { name: 'Save draft' }).click();
        await page.waitForSelector('.govuk-notification-banner--success');
        assert.match(await browser.shownText(page, 'main'), /Your draft is saved/);
        assert.equal(await figure.first().inputValue(), '1250');
        await site.assertStep(page, width);

        await page.getByLabel('If there is no figure, why').nth(1).selectOption('suppressed');
        await page.getByRole('button', { name: 'Submit return' }).click();
        await page.waitForSelector('.govuk-notification-banner--success');
        assert.match(await browser.shownText(page, 'main'), /Your return is submitted/);
        await site.assertStep(page, width);
      });
  },
);
