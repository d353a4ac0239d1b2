import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import {
  browserSuite,
  javaScriptModes,
  mainHeading,
  shownText,
  useBrowserSite,
} from '../testing/browser.ts';
import type { TestUser } from '../accounts/accounts.fixture.ts';
import { newUser } from '../testing/fixtures.ts';
import { importValues, lodgeValues } from '../testing/values.ts';

const hartlepool = 'E06000001';

describe('a steward corrects a value their council lodged, in a browser', browserSuite, () => {
  const site = useBrowserSite();
  let steward: TestUser;

  before(async () => {
    const database = site.database;
    steward = await newUser(database, { organisation: hartlepool, role: 'data-steward' });
    await importValues(database, 'browser-rate', '2023', { [hartlepool]: 4 });
    await lodgeValues(
      database,
      'browser-rate',
      '2024',
      { [hartlepool]: 40 },
      {
        organisation: hartlepool,
        user: steward,
      },
    );
  });

  it('shows the public only the public history, accessibly', async () => {
    const page = await site.assertAccessible(`/metrics/browser-rate/areas/${hartlepool}`);
    assert.doesNotMatch(await shownText(page, 'main'), /2024/);
  });

  for (const mode of javaScriptModes)
    it(`signs in, sees the embargoed value, corrects it after a mistake (${mode.label})`, async () => {
      const width = 1280;
      const page = await site.open('/sign-in', mode);
      await page.getByLabel('Email address').fill(steward.email);
      await page.getByLabel('Password', { exact: true }).fill(steward.password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL((url) => url.pathname === '/dashboard');
      await page.goto(`${site.baseUrl}/metrics/browser-rate/areas/${hartlepool}`);
      assert.match(await shownText(page, 'main'), /Embargoed until/);
      await site.assertStep(page, width);

      await page.getByRole('link', { name: 'Correct the value for 2024' }).click();
      assert.equal(await mainHeading(page), 'Correct Test browser-rate');
      await site.assertStep(page, width);
      await page.getByLabel('Value').first().fill('forty-two');
      await page.getByRole('button', { name: 'Save correction' }).click();
      await page.waitForSelector('.govuk-error-summary');
      assert.match(
        await shownText(page, '.govuk-error-summary'),
        /Value must be a number.*Say why the value is being corrected/,
      );
      assert.equal(await page.getByLabel('Value').first().inputValue(), 'forty-two');
      await site.assertStep(page, width);

      await page
        .getByLabel('Value')
        .first()
        .fill(mode.label.length % 2 ? '42' : '43');
      await page.getByLabel('Why is it being corrected?').fill('The return had a typing error');
      await page.getByRole('button', { name: 'Save correction' }).click();
      await page.waitForSelector('.govuk-notification-banner--success');
      assert.match(await shownText(page, 'main'), /Earlier values for 2024/);
      await site.assertStep(page, width);
    });
});
