import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { signIn } from '../peer-challenge/challenge-steps.testing.ts';
import { browserSuite, shownText, useBrowserSite } from '../testing/browser.ts';
import { newUser } from '../testing/fixtures.ts';
import { openExampleSimulation } from './simulations.fixture.ts';

/*
 * A resident's comment in a browser, 320 px wide, each page checked with axe: left with a
 * balanced budget without JavaScript, approved by an editor with a reason on the comments page,
 * then read on the results page.
 */
describe('a resident’s comment in a browser', browserSuite, () => {
  const site = useBrowserSite();
  const width = 320;
  let editor = { email: 'comments.editor@hartlepool.example', password: '' };

  before(async () => {
    await openExampleSimulation(site.database, 'budget-2026');
    const user = await newUser(site.database, {
      email: editor.email,
      role: 'simulation-editor',
      organisation: 'E06000001',
    });
    editor = { ...editor, password: user.password };
  });

  it('is left by a resident, approved by an editor and read on the results', async () => {
    const resident = await site.open('/simulations/budget-2026', { javaScript: false });
    await resident.setViewportSize({ width, height: 900 });
    await resident.getByLabel('Libraries (change in %)').fill('-25');
    await resident
      .getByLabel('Anything else you’d like to tell us?')
      .fill('Open the pool on Sundays');
    await resident.getByRole('button', { name: 'Continue' }).click();
    assert.match(await shownText(resident, 'main'), /Your comment\s*Open the pool on Sundays/);
    await resident.getByRole('button', { name: 'Submit budget' }).click();
    await resident.waitForURL(/\/thank-you\?budget=/);

    const page = await site.open('/sign-in');
    await page.setViewportSize({ width, height: 900 });
    await signIn(page, editor.email, editor.password);
    await page.goto(`${site.baseUrl}/simulations/budget-2026/comments`);
    assert.match(await shownText(page, 'main'), /Open the pool on Sundays/);
    await site.assertStep(page, width);
    await page.getByRole('button', { name: 'Approve' }).click();
    assert.match(await shownText(page, '.govuk-error-summary'), /Give the reason/);
    await site.assertStep(page, width);
    await page.getByRole('textbox', { name: /comment with response/ }).fill('A fair suggestion');
    await page.getByRole('button', { name: 'Approve' }).click();
    await page.waitForURL(/status=pending$/);
    assert.match(await shownText(page, 'main'), /Waiting for a decision: 0/);
    await page.goto(`${site.baseUrl}/simulations/budget-2026/results`);
    assert.match(
      await shownText(page, '#comments ~ .govuk-inset-text'),
      /Open the pool on Sundays/,
    );
    await site.assertStep(page, width);
  });
});
