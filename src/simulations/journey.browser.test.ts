import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import type { Page } from 'playwright-core';
import { signIn } from '../peer-challenge/challenge-steps.testing.ts';
import { dataDir } from '../testing/app.ts';
import { browserSuite, shownText, useBrowserSite } from '../testing/browser.ts';
import { newUser } from '../testing/fixtures.ts';
import { ukInputValue } from '../uploads/london-time.ts';

/*
 * Issue 21's "done when", in a browser: an editor sets up a simulation for Hartlepool (its
 * council-tax lever prefilled from the real MHCLG figures), opens it; residents complete it
 * with JavaScript (sliders), without (number inputs and Recalculate) and with the keyboard
 * alone, each first refused an unbalanced budget with the error summary, then checking it on the
 * "Check your budget" page before submitting it; the editor then reads
 * the three responses on the results page. Every step: 0 axe violations, and no sideways
 * scrolling at 320 px or with text at 200%.
 */

const council = 'E06000001';
const slug = 'hartlepool-budget-2027';
const resident = `/simulations/${slug}`;
const width = 320;

/** Hartlepool's own 2022-23 figures from the MHCLG table beside the workbooks openlg loads. */
async function realCouncilTax(): Promise<{ requirement: string; bandD: string }> {
  const file = path.join(
    dataDir,
    'metrics/mhclg-council-tax/council_tax_requirement_band_d_2014-15_to_2022-23.csv',
  );
  const rows = parse(await readFile(file), { columns: true }) as Record<string, string>[];
  const row = rows.find((r) => r['year'] === '2022-23' && r['gss_code'] === council);
  assert.ok(row, 'Hartlepool’s 2022-23 row');
  const pounds = (n: number, digits: number) =>
    `£${n.toLocaleString('en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits })}`;
  // The council's own: its parishes' precepts taken out of the requirement and the Band D.
  const requirement =
    Number(row['council_tax_requirement_gbp']) - Number(row['parish_precepts_gbp']);
  return {
    requirement: pounds(requirement, 0),
    bandD: pounds(Number(row['avg_band_d_excl_parish_gbp']), 2),
  };
}

/** No sideways scrolling at 320 px, nor at 640 px with every text twice its size (200% zoom). */
async function assertReflows(page: Page): Promise<void> {
  const scrollWidth = () =>
    page.evaluate('document.documentElement.scrollWidth') as Promise<number>;
  await page.setViewportSize({ width, height: 900 });
  assert.ok((await scrollWidth()) <= width, `${page.url()} scrolls sideways at ${width} px`);
  await page.setViewportSize({ width: 2 * width, height: 900 });
  await page.evaluate("document.documentElement.style.fontSize = '200%'");
  assert.ok((await scrollWidth()) <= 2 * width, `${page.url()} scrolls sideways with text at 200%`);
  await page.evaluate("document.documentElement.style.fontSize = ''");
  await page.setViewportSize({ width, height: 900 });
}

/** Presses Tab until the element the selector names has the focus: the keyboard alone. */
async function tabTo(page: Page, selector: string): Promise<void> {
  for (let presses = 0; presses < 80; presses++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(`document.activeElement?.matches(${JSON.stringify(selector)})`)) return;
  }
  assert.fail(`Tab never reached ${selector}`);
}

const balanceOf = (page: Page) => shownText(page, '#balance p');

/**
 * A line's number input's id: the editor renamed the draft's first service, whose id (made
 * from its first words) never changes.
 */
async function fieldOf(page: Page, name: string): Promise<string> {
  const id = await page.getByLabel(`${name} (change in %)`).getAttribute('id');
  assert.ok(id, name);
  return id;
}

describe('a budget simulation for a real council, end to end', browserSuite, () => {
  const site = useBrowserSite(['ons-els', 'tidy-csv', 'mhclg-ctr']);
  const editor = { email: 'budget.editor@hartlepool.example', password: '' };

  before(async () => {
    const user = await newUser(site.database, {
      email: editor.email,
      role: 'simulation-editor',
      organisation: council,
    });
    editor.password = user.password;
  });

  async function signedIn(url: string): Promise<Page> {
    const page = await site.open('/sign-in');
    await page.setViewportSize({ width, height: 900 });
    await signIn(page, editor.email, editor.password);
    await page.goto(`${site.baseUrl}${url}`);
    return page;
  }

  async function step(page: Page): Promise<void> {
    await site.assertStep(page, width);
    await assertReflows(page);
  }

  it('is set up by the council’s editor, the lever from the real figures', async () => {
    const real = await realCouncilTax();
    const page = await signedIn('/account/simulations/new');
    const figures = await shownText(page, 'main .govuk-summary-list');
    assert.ok(figures.includes(`Council tax requirement${real.requirement} in 2022/23`), figures);
    assert.ok(figures.includes(`Band D${real.bandD} in 2022/23`), figures);
    await step(page);
    await page.getByLabel('Address').fill(slug);
    await page.getByLabel('Title', { exact: true }).fill('Help Hartlepool balance its budget');
    await page.getByRole('button', { name: 'Create the draft' }).click();
    await page.waitForURL((url) => url.pathname === `/account/simulations/${slug}`);

    await page.getByRole('link', { name: /First service/ }).click();
    await page.getByLabel('Name', { exact: true }).fill('Libraries');
    await page.getByLabel('Budget this year, in pounds').fill('4000000');
    await page.getByLabel('Largest cut residents may choose').fill('-30');
    await page.getByLabel('Largest rise residents may choose').fill('10');
    await page.getByLabel('Step', { exact: true }).fill('5');
    await page
      .getByLabel('What happens at each step (optional)')
      .fill('-10: Two libraries close on Saturdays');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL((url) => url.pathname === `/account/simulations/${slug}`);

    await page.getByRole('link', { name: 'Add an income line' }).click();
    await page.getByLabel('Name', { exact: true }).fill('Parking charges');
    await page.getByLabel('Income this year, in pounds').fill('2500000');
    await page.getByLabel('Largest cut residents may choose').fill('-10');
    await page.getByLabel('Largest rise residents may choose').fill('20');
    await page.getByLabel('Step', { exact: true }).fill('10');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL((url) => url.pathname === `/account/simulations/${slug}`);

    await page.getByRole('link', { name: 'Change the title, target, dates and look' }).click();
    await page.getByLabel('Find a savings target').check();
    await page.getByLabel('Savings to find, in pounds').fill('1000000');
    await page.getByLabel('Tolerance, in pounds').fill('50000');
    const minute = (ms: number) => ukInputValue(new Date(ms));
    await page.getByLabel('Opens (UK time)').fill(minute(Date.now() - 3_600_000));
    await page.getByLabel('Closes (UK time)').fill(minute(Date.now() + 30 * 86_400_000));
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL((url) => url.pathname === `/account/simulations/${slug}`);
    await step(page);
    await page.getByRole('button', { name: 'Open it to residents' }).click();
    assert.match(await shownText(page, '.govuk-notification-banner'), /Open: residents can/);
  });

  it('is completed with JavaScript: the sliders run the server’s maths', async () => {
    const page = await site.open(resident);
    await page.setViewportSize({ width, height: 900 });
    // 1% of £45,788,000; 1% of Band D £1,836.81, to the penny
    assert.match(
      await shownText(page, 'main'),
      /1%: £18\.37 a year more for a Band D home, £457,880 raised/,
    );
    const libraries = page.getByRole('slider', { name: 'Slide to change Libraries' });
    const announced = page.locator('#balance-announcement');
    await libraries.fill('-10');
    // Said to a screen reader once the resident pauses (a second), not at every step.
    assert.equal(await announced.textContent(), '');
    assert.equal(await announced.getAttribute('aria-live'), 'polite');
    assert.equal(await page.getByLabel('Libraries (change in %)').inputValue(), '-10');
    assert.equal(
      await libraries.getAttribute('aria-valuetext'),
      '-10%: saves £400,000. Two libraries close on Saturdays',
    );
    assert.equal(
      await shownText(page, `#${await fieldOf(page, 'Libraries')}-effect`),
      'This saves £400,000. Two libraries close on Saturdays',
    );
    assert.equal(await balanceOf(page), 'Money still to find: £600,000');
    await page
      .locator('#balance-announcement', { hasText: /^Money still to find: £600,000$/ })
      .waitFor();

    await page.getByLabel('Parking charges (change in %)').fill('20');
    const parking = page.getByRole('slider', { name: 'Slide to change Parking charges' });
    assert.equal(await parking.inputValue(), '20');
    const tax = page.getByRole('slider', { name: 'Slide to choose the council tax rise' });
    await tax.fill('1');
    assert.ok(await page.locator('input[name="council-tax"][value="100"]').isChecked());
    const shown = await balanceOf(page);
    assert.equal(shown, 'You have found £357,880 more than needed');
    await step(page);
    await site.screenshot(page, 'simulation-sliders-javascript-on');
    const changesOf = () => page.locator('#changes dt, #changes dd').allTextContents();
    const changes = await changesOf();
    assert.deepEqual(
      changes.map((text) => text.trim()),
      ['Libraries', 'Saves £400,000', 'Parking charges', 'Raises £500,000'],
    );
    // The server's own sums say the same.
    await page.getByRole('button', { name: 'Recalculate' }).click();
    assert.equal(await balanceOf(page), shown);
    assert.deepEqual(await changesOf(), changes);

    await page.getByRole('button', { name: 'Continue' }).click();
    assert.match(
      await shownText(page, '.govuk-error-summary'),
      /Your budget finds £357,880 more than needed/,
    );
    await step(page);
    await tax.fill('0');
    await page.getByLabel('Parking charges (change in %)').fill('10');
    await libraries.fill('-20');
    assert.equal(await balanceOf(page), 'Your budget balances, to within £50,000');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('heading', { name: 'Check your budget' }).waitFor();
    // The check page has no sliders, and their script is not there to fail.
    assert.equal(await page.getByRole('slider').count(), 0);
    assert.match(await shownText(page, 'main'), /Libraries\s*This saves £800,000/);
    assert.match(await shownText(page, 'main'), /Council tax rise\s*0%/);
    assert.deepEqual(site.errors(page), []);
    await step(page);
    await site.screenshot(page, 'simulation-check-javascript-on');
    await page.getByRole('button', { name: 'Submit budget' }).click();
    await page.waitForURL(/\/thank-you\?budget=/);
    assert.match(await shownText(page, '#budget-choices'), /Libraries -20%: saves £800,000/);
    const picture = page.getByRole('img', { name: /Your budget as a picture/ });
    await page.waitForLoadState('load');
    const drawn = await picture.evaluate((image) =>
      'naturalWidth' in image ? image.naturalWidth : 0,
    );
    assert.equal(drawn, 640, 'the picture loaded');
    assert.deepEqual(site.errors(page), []);
    await step(page);
    await site.screenshot(page, 'simulation-thank-you-javascript-on');
  });

  it('is completed without JavaScript: number inputs and Recalculate', async () => {
    const page = await site.open(resident, { javaScript: false });
    await page.setViewportSize({ width, height: 900 });
    assert.equal(await page.getByRole('slider').count(), 0);
    await page.getByLabel('Libraries (change in %)').fill('-10');
    await page.getByRole('button', { name: 'Recalculate' }).click();
    assert.equal(await balanceOf(page), 'Money still to find: £600,000');
    assert.match(await shownText(page, 'main'), /Two libraries close on Saturdays/);
    await step(page);
    await page.getByRole('button', { name: 'Continue' }).click();
    assert.match(
      await shownText(page, '.govuk-error-summary'),
      /Your budget does not balance yet: find £600,000 more/,
    );
    await step(page);
    await page.getByLabel('Libraries (change in %)').fill('-25');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('heading', { name: 'Check your budget' }).waitFor();
    await step(page);
    // Change goes back to the form with every answer kept.
    await page.getByRole('button', { name: 'Change Libraries' }).click();
    assert.equal(await page.getByLabel('Libraries (change in %)').inputValue(), '-25');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('button', { name: 'Submit budget' }).click();
    await page.waitForURL(/\/thank-you\?budget=/);
    assert.match(await shownText(page, '#budget-balance'), /^Your budget balances$/);
    await step(page);
  });

  it('is completed with the keyboard alone', async () => {
    const page = await site.open(resident);
    await page.setViewportSize({ width, height: 900 });
    const field = await fieldOf(page, 'Libraries');
    const libraries = page.locator(`#${field}-slider`);
    await tabTo(page, `#${field}-slider`);
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    assert.equal(await libraries.inputValue(), '-10');
    assert.equal(await page.locator(`#${field}`).inputValue(), '-10');
    await page.keyboard.press('End');
    assert.equal(await libraries.getAttribute('aria-valuetext'), '+10%: costs £400,000 more');
    await page.keyboard.press('PageDown');
    assert.ok(Number(await libraries.inputValue()) < 10, 'Page Down moves the slider down');
    await page.keyboard.press('Home');
    assert.equal(await libraries.getAttribute('aria-valuetext'), '-30%: saves £1,200,000');
    assert.equal(await balanceOf(page), 'You have found £200,000 more than needed');
    await tabTo(page, 'button[value="review"]');
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.pathname === resident);
    assert.match(
      await shownText(page, '.govuk-error-summary'),
      /Your budget finds £200,000 more than needed/,
    );
    await step(page);

    await tabTo(page, `#${await fieldOf(page, 'Parking charges')}-slider`);
    await page.keyboard.press('ArrowLeft');
    assert.equal(await balanceOf(page), 'Your budget balances, to within £50,000');
    await tabTo(page, 'button[value="review"]');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Check your budget' }).waitFor();
    await tabTo(page, 'button[value="submit"]');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/thank-you\?budget=/);
    assert.match(await shownText(page, '#budget-choices'), /Parking charges -10%: loses £250,000/);
    await step(page);
  });

  it('is read by the editor on the results page', async () => {
    const page = await signedIn(`${resident}/results`);
    const main = await shownText(page, 'main');
    assert.match(main, /Version 1: 3 responses \(3 with excluded\)/);
    // Libraries -20%, -25% and -30%; parking +10%, no change and -10%
    assert.match(main, /LibrariesService-25\.0%-25%/);
    assert.match(main, /Parking chargesIncome0\.0%0%/);
    await step(page);
  });
});
