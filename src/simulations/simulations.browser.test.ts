import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { createServices } from '../app/services.ts';
import { browserSuite, shownText, useBrowserSite } from '../testing/browser.ts';
import { newUser } from '../testing/fixtures.ts';
import { exampleDefinition } from './simulations.fixture.ts';

describe('a budget simulation in a browser', browserSuite, () => {
  const site = useBrowserSite();
  const url = '/simulations/budget-2026';

  before(async () => {
    const { simulations } = createServices(site.database);
    const user = await newUser(site.database, {
      role: 'simulation-editor',
      organisation: 'E06000001',
    });
    const editor = {
      viewer: {
        userId: user.id,
        memberships: [{ organisation: 'E06000001', role: 'simulation-editor' as const }],
      },
      email: user.email,
      address: null,
    };
    const definition = exampleDefinition();
    definition.opensAt = new Date(Date.now() - 86_400_000).toISOString();
    definition.closesAt = new Date(Date.now() + 30 * 86_400_000).toISOString();
    await simulations.create(editor, {
      organisation: 'E06000001',
      slug: 'budget-2026',
      definition,
    });
    await simulations.setOpen(editor, 'budget-2026', true);
  });

  it('has no accessibility violation on the list and the form, at 320 px too', async () => {
    await site.assertAccessible('/simulations');
    const page = await site.assertAccessible(url);
    await page.setViewportSize({ width: 320, height: 900 });
    await site.assertStep(page, 320);
  });

  it('is completed without JavaScript: recalculate, refused unbalanced, then recorded', async () => {
    const page = await site.open(url, { javaScript: false });
    await page.setViewportSize({ width: 320, height: 900 });
    await page.getByLabel('Libraries (change in %)').fill('-10');
    await page.getByRole('button', { name: 'Recalculate' }).click();
    assert.equal(await shownText(page, '#balance'), 'Money still to find: £600,000');
    await site.screenshot(page, 'simulation-recalculated-javascript-off');
    await page.getByRole('button', { name: 'Submit my budget' }).click();
    assert.match(
      await shownText(page, '.govuk-error-summary'),
      /Your budget does not balance yet: find £600,000 more/,
    );
    await site.assertStep(page, 320);
    await site.screenshot(page, 'simulation-refused-javascript-off');
    await page.getByLabel('Libraries (change in %)').fill('-25');
    await page.getByRole('button', { name: 'Submit my budget' }).click();
    await page.waitForURL(/\/thank-you$/);
    assert.match(await shownText(page, 'main'), /Your budget is recorded/);
    await site.assertStep(page, 320);
  });
});
