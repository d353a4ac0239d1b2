import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  browserSuite,
  javaScriptModes,
  mainHeading,
  screenshotName,
  shownText,
  useBrowserSite,
} from '../testing/browser.ts';
import { newUser } from '../testing/fixtures.ts';

describe('signing in, in a browser', browserSuite, () => {
  const site = useBrowserSite();

  for (const mode of javaScriptModes)
    for (const width of [1280, 320])
      it(`signs in after a mistake, sees the account, signs out (${width} px, ${mode.label})`, async () => {
        const user = await newUser(site.database, { name: `Browser Person ${width}` });
        const page = await site.open('/', mode);
        await page.setViewportSize({ width, height: 900 });
        // Without JavaScript at 320 px the service navigation is a list, always shown; with it,
        // a menu button opens it once the script has seen the narrower window: the click waits
        // for it (testing its visibility at once raced the script, and failed under load).
        const menu = page.getByRole('button', { name: /Menu/ });
        if (mode.javaScript && width < 641) await menu.click();
        await page.getByRole('link', { name: 'Sign in' }).click();
        await page.waitForURL((url) => url.pathname === '/sign-in');
        assert.equal(await mainHeading(page), 'Sign in');
        await site.assertStep(page, width);

        await page.getByLabel('Email address').fill(user.email);
        await page.getByLabel('Password', { exact: true }).fill('not my password');
        await page.getByRole('button', { name: 'Sign in' }).click();
        await page.waitForSelector('.govuk-error-summary');
        assert.match(
          await shownText(page, '.govuk-error-summary'),
          /There is a problem Enter a correct email address and password/,
        );
        assert.equal(await page.getByLabel('Email address').inputValue(), user.email);
        assert.equal(await page.getByLabel('Password', { exact: true }).inputValue(), '');
        await site.assertStep(page, width);

        await page.getByLabel('Password', { exact: true }).fill(user.password);
        await page.getByRole('button', { name: 'Sign in' }).click();
        await page.waitForURL((url) => url.pathname === '/dashboard');
        assert.equal(await mainHeading(page), 'Your dashboards');
        await site.assertStep(page, width);
        await page.goto(`${site.baseUrl}/account`);
        assert.equal(await mainHeading(page), 'Your account');
        assert.match(await shownText(page, 'main'), new RegExp(`Name Browser Person ${width}`));
        await site.assertStep(page, width);
        await site.screenshot(page, screenshotName(`/account ${width}px`, mode.label));

        if (await menu.isVisible()) await menu.click();
        await page.getByRole('button', { name: 'Sign out', exact: true }).click();
        await page.waitForSelector('h1:text("You have signed out")');
        await site.assertStep(page, width);
        // The session has ended: the account page sends the browser to sign in.
        await page.goto(`${site.baseUrl}/account`);
        await page.waitForURL((url) => url.pathname === '/sign-in');
      });
});
