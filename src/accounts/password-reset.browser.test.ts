import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { MailMessage } from '../mail/mailer.ts';
import {
  browserSuite,
  javaScriptModes,
  mainHeading,
  screenshotName,
  shownText,
  useBrowserSite,
} from '../testing/browser.ts';
import { newUser } from '../testing/fixtures.ts';
import { PasswordResetService } from './password-reset.service.ts';

describe('resetting a password, in a browser', browserSuite, () => {
  const site = useBrowserSite();

  /**
   * A reset link for `email`, made by the same service the page uses: the served app writes its
   * mail to the default outbox, which tests running side by side would share.
   */
  async function resetLink(email: string): Promise<string> {
    const sent: MailMessage[] = [];
    const mailer = { send: async (m: MailMessage) => (sent.push(m), { kind: 'smtp' as const }) };
    const resets = new PasswordResetService(site.database.db, mailer, site.baseUrl, (error) => {
      throw error;
    });
    await resets.request(email, { address: '203.0.113.9' });
    await resets.settle();
    const link = /^http\S+\/reset-password\/[\w-]{43}$/m.exec(sent[0]?.text ?? '')?.[0];
    assert.ok(link, 'a link was mailed');
    return link;
  }

  for (const mode of javaScriptModes)
    for (const width of [1280, 320])
      it(`asks for a link, then chooses a new password after a mistake (${width} px, ${mode.label})`, async () => {
        const page = await site.open('/sign-in', mode);
        await page.setViewportSize({ width, height: 900 });
        await page.getByRole('link', { name: 'Forgotten your password?' }).click();
        await page.waitForURL((url) => url.pathname === '/forgot-password');
        assert.equal(await mainHeading(page), 'Reset your password');
        await site.assertStep(page, width);

        await page.getByLabel('Email address').fill('nobody.here');
        await page.getByRole('button', { name: 'Send the link' }).click();
        await page.waitForSelector('.govuk-error-summary');
        assert.match(
          await shownText(page, '.govuk-error-summary'),
          /There is a problem Enter an email address in the correct format/,
        );
        assert.equal(await page.getByLabel('Email address').inputValue(), 'nobody.here');
        await site.assertStep(page, width);
        // An email no account has: the page answers as for one that has.
        await page
          .getByLabel('Email address')
          .fill(`nobody.${width}.${mode.label.length}@example.org`);
        await page.getByRole('button', { name: 'Send the link' }).click();
        await page.waitForSelector('h1:text("Check your email")');
        assert.match(await shownText(page, 'main'), /If an account has the email address nobody\./);
        await site.assertStep(page, width);

        const user = await newUser(site.database);
        await page.goto(await resetLink(user.email));
        assert.equal(await mainHeading(page), 'Choose a new password');
        await page.getByLabel('New password', { exact: true }).fill('short');
        await page.getByLabel('Type the new password again').fill('short');
        await page.getByRole('button', { name: 'Change password' }).click();
        await page.waitForSelector('.govuk-error-summary');
        assert.match(
          await shownText(page, '.govuk-error-summary'),
          /There is a problem Password must be 12 characters or more/,
        );
        assert.equal(await page.getByLabel('New password', { exact: true }).inputValue(), '');
        await site.assertStep(page, width);

        const password = 'copper meadow lighthouse';
        await page.getByLabel('New password', { exact: true }).fill(password);
        await page.getByLabel('Type the new password again').fill(password);
        await page.getByRole('button', { name: 'Change password' }).click();
        await page.waitForSelector('h1:text("Your password has been changed")');
        await site.assertStep(page, width);
        await site.screenshot(page, screenshotName(`/reset-password ${width}px`, mode.label));

        await page.getByRole('link', { name: 'Sign in with your new password' }).click();
        await page.getByLabel('Email address').fill(user.email);
        await page.getByLabel('Password', { exact: true }).fill(password);
        await page.getByRole('button', { name: 'Sign in' }).click();
        await page.waitForURL((url) => url.pathname === '/dashboard');
      });
});
