import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { browserSuite, shownText, useBrowserSite } from '../testing/browser.ts';
import { openExampleSimulation } from './simulations.fixture.ts';

describe('a budget simulation in Welsh in a browser', browserSuite, () => {
  const site = useBrowserSite();
  const url = '/simulations/budget-2026?lang=cy';

  before(async () => {
    await openExampleSimulation(site.database, 'budget-2026');
  });

  it('has no accessibility violation in Welsh, refused with the error summary too', async () => {
    const page = await site.assertAccessible(url);
    await page.getByRole('button', { name: 'Parhau' }).click();
    await page.waitForURL(/\?lang=cy$/);
    assert.match(await shownText(page, '.govuk-error-summary'), /Nid yw eich cyllideb yn mantoli/);
    await site.assertStep(page, 1024);
    await page.getByRole('link', { name: 'English' }).click();
    assert.match(await shownText(page, '#balance'), /Money still to find/);
  });

  it('moves the sliders in Welsh: their names, steps, balance and changes', async () => {
    const page = await site.open(url);
    const libraries = page.getByRole('slider', { name: 'Llithro i newid Llyfrgelloedd' });
    await libraries.fill('-10');
    assert.equal(
      await libraries.getAttribute('aria-valuetext'),
      '-10%: arbed £400,000. Two libraries close on Saturdays',
    );
    const effect = page.locator('#line-libraries-effect');
    assert.equal(
      await shownText(page, '#line-libraries-effect'),
      'Mae hyn yn arbed £400,000. Two libraries close on Saturdays',
    );
    assert.equal(
      await effect.locator('span[lang="en"]').textContent(),
      'Two libraries close on Saturdays',
    );
    assert.equal(await shownText(page, '#balance p'), 'Arian sydd i’w ganfod o hyd: £600,000');
    await page
      .locator('#balance-announcement', { hasText: /^Arian sydd i’w ganfod o hyd: £600,000$/ })
      .waitFor();
    // The council gave no Welsh name for parks: the slider's label marks its English.
    const parks = page.getByRole('slider', { name: 'Llithro i newid Parks' });
    assert.equal(
      await page.locator('label[for="line-parks-slider"] span[lang="en"]').textContent(),
      'Parks',
    );
    await parks.fill('0');
    assert.equal(await parks.getAttribute('aria-valuetext'), '0%: dim newid');
    const tax = page.getByRole('slider', { name: 'Llithro i ddewis y codiad yn y dreth gyngor' });
    await tax.fill('1');
    assert.match(
      (await tax.getAttribute('aria-valuetext')) ?? '',
      /^1%: £22\.86 y flwyddyn yn fwy am gartref Band D, £563,953\.45 wedi’i godi$/,
    );
    assert.equal(
      await shownText(page, '#balance p'),
      'Mae eich cyllideb yn mantoli, o fewn £36,046.55',
    );
    const changes = await page.locator('#changes h2, #changes dt, #changes dd').allTextContents();
    assert.deepEqual(
      changes.map((text) => text.trim()),
      ['Eich newidiadau', 'Llyfrgelloedd', 'Arbed £400,000'],
    );
    await page.setViewportSize({ width: 320, height: 900 });
    await site.assertStep(page, 320);
    await site.screenshot(page, 'simulation-sliders-welsh');
    await page.getByRole('button', { name: 'Parhau' }).click();
    await page.getByRole('heading', { name: 'Gwiriwch eich cyllideb' }).waitFor();
    assert.match(page.url(), /\?lang=cy$/);
    await site.assertStep(page, 320);
    assert.deepEqual(site.errors(page), []);
  });
});
