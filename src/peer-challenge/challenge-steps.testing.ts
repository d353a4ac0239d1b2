import type { Page } from 'playwright-core';

/*
 * Steps a browser test takes on a challenge's page, shared by the tests that walk one.
 */

/** Fills in one event's form, sends it, and waits for the facts to say `shown`. */
export async function recordEvent(
  page: Page,
  kind: string,
  fields: Record<string, string>,
  shown: string,
) {
  const form = page.locator(`#form-${kind}`);
  for (const [label, value] of Object.entries(fields))
    await form.getByLabel(label, { exact: true }).fill(value);
  await form.locator('button').click();
  await page.locator('#facts', { hasText: shown }).waitFor();
}

/** Signs in, in a fresh browser context, and waits to leave the sign-in page. */
export async function signIn(page: Page, email: string, password: string) {
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => url.pathname !== '/sign-in');
}
