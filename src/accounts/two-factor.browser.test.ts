import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sql } from 'kysely';
import type { Page } from 'playwright-core';
import {
  browserSuite,
  javaScriptModes,
  mainHeading,
  screenshotName,
  shownText,
  useBrowserSite,
} from '../testing/browser.ts';
import { newUser } from '../testing/fixtures.ts';
import { base32Decode, hotp, timeStep } from './totp.ts';

/** The code an authenticator app holding `secret` shows now. */
const codeNow = (secret: string) =>
  hotp(base32Decode(secret) ?? Buffer.alloc(0), timeStep(Date.now()));

describe('two-factor sign-in, in a browser', browserSuite, () => {
  const site = useBrowserSite();

  const signOut = async (page: Page) => {
    const menu = page.getByRole('button', { name: /Menu/ });
    if (await menu.isVisible()) await menu.click();
    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await page.waitForSelector('h1:text("You have signed out")');
  };

  for (const mode of javaScriptModes)
    for (const width of [1280, 320])
      it(`an administrator sets it up, then signs in with a code (${width} px, ${mode.label})`, async () => {
        const admin = await newUser(site.database, { role: 'administrator' });
        const page = await site.open('/sign-in', mode);
        await page.setViewportSize({ width, height: 900 });
        await page.getByLabel('Email address').fill(admin.email);
        await page.getByLabel('Password', { exact: true }).fill(admin.password);
        await page.getByRole('button', { name: 'Sign in' }).click();
        // Signed in only to set it up: the account page sends them here.
        await page.waitForURL((url) => url.pathname === '/account/two-factor');
        assert.equal(await mainHeading(page), 'Set up two-factor sign-in');
        assert.match(await shownText(page, 'main'), /As an administrator you must set up/);
        await site.assertStep(page, width);

        await site.screenshot(page, screenshotName(`/account/two-factor ${width}px`, mode.label));
        const secret = (await shownText(page, '#secret')).replace(/\s/g, '');
        assert.match(secret, /^[A-Z2-7]{32}$/);
        await page.getByLabel('Code from your app').fill('000000');
        await page.getByRole('button', { name: 'Turn on two-factor sign-in' }).click();
        await page.waitForSelector('.govuk-error-summary');
        assert.match(
          await shownText(page, '.govuk-error-summary'),
          /There is a problem Enter the 6-digit code your app shows now/,
        );
        await site.assertStep(page, width);

        await page.getByLabel('Code from your app').fill(codeNow(secret));
        await page.getByRole('button', { name: 'Turn on two-factor sign-in' }).click();
        await page.waitForSelector('h1:text("Two-factor sign-in is on")');
        const codes = await page.locator('.openlg-recovery-codes code').allTextContents();
        assert.equal(codes.length, 10);
        await site.assertStep(page, width);
        await page.getByRole('link', { name: 'Continue to your account' }).click();
        await page.waitForURL((url) => url.pathname === '/account');
        await signOut(page);

        // The app's next code comes (the step last accepted moves back, rather than waiting).
        await sql`update user_two_factor set last_used_step = last_used_step - 3`.execute(
          site.database.db,
        );
        await page.goto(`${site.baseUrl}/sign-in`);
        await page.getByLabel('Email address').fill(admin.email);
        await page.getByLabel('Password', { exact: true }).fill(admin.password);
        await page.getByRole('button', { name: 'Sign in' }).click();
        await page.waitForURL((url) => url.pathname === '/sign-in/two-factor');
        assert.equal(await mainHeading(page), 'Enter a code from your authenticator app');
        await site.assertStep(page, width);
        await page.getByLabel('Enter a code from your authenticator app').fill(codeNow(secret));
        await page.getByRole('button', { name: 'Continue' }).click();
        await page.waitForURL((url) => url.pathname === '/dashboard');
        await page.goto(`${site.baseUrl}/account`);
        assert.match(await shownText(page, 'main'), /Two-factor sign-in On: signing in asks/);
        await site.assertStep(page, width);
        await site.screenshot(page, screenshotName(`/two-factor ${width}px`, mode.label));
      });
});
