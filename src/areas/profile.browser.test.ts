import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import {
  browserSuite,
  javaScriptModes,
  mainHeading,
  screenshotName,
  shownText,
  useBrowserSite,
} from '../testing/browser.ts';

/** Journey 3's last screen, described in the issue's closing note. */
const journeyScreenshot = path.resolve(
  import.meta.dirname,
  '../../test-results/journey-3-profile.png',
);

/**
 * A councillor asks "are we getting better or worse, and where are we worst?" of Barnsley's
 * profile, reading the answer from the screen at a desktop and a phone width.
 */
describe('journey 3: a council profile that answers', browserSuite, () => {
  const site = useBrowserSite();

  for (const mode of javaScriptModes)
    for (const width of [1280, 320])
      it(`answers where Barnsley is worst and what got worse (${mode.label}, ${width} px)`, async () => {
        const page = await site.open('/areas/E08000016', mode);
        await page.setViewportSize({ width, height: 900 });
        assert.equal(await mainHeading(page), 'Barnsley');
        assert.match(await page.title(), /^Barnsley compared with its 15 nearest neighbours/);
        // The group is said in words, with why a metropolitan district is in it.
        const intro = await shownText(page, '#how-it-compares + p');
        assert.match(intro, /ranked within its 15 nearest neighbours \(16 councils/);
        assert.match(intro, /A metropolitan district runs social care/);

        // At a glance: how many measures are in the worst quarter, and which got worse.
        const glance = await shownText(page, '#at-a-glance + p');
        assert.match(
          glance,
          /Of the \d+ measures with a figure for Barnsley, \d+ (is|are) in the worst quarter/,
        );
        assert.match(
          await shownText(page, '#glance-worst'),
          /^Where Barnsley is in the worst quarter \(\d+\)$/,
        );
        const worst = page.locator('#glance-worst + ul > li');
        assert.ok((await worst.count()) > 0);
        assert.match((await worst.first().textContent()) ?? '', /of 16, worst quarter/);
        assert.match(await shownText(page, '#glance-worsened'), /^What got worse \(\d+\)$/);

        // Sorted worst first, without JavaScript needed: the worst quarter leads each table.
        await page.getByRole('link', { name: 'worst in the group first' }).click();
        await page.waitForURL((url) => url.searchParams.get('sort') === 'worst');
        assert.equal(
          await shownText(page, '#order [aria-current="true"]'),
          'worst in the group first',
        );
        const firstRow = page
          .locator('#measures ~ .openlg-table-scroll table')
          .first()
          .locator('tbody tr')
          .first();
        assert.match((await firstRow.textContent()) ?? '', /worst quarter/);

        // Printed for a committee paper: the answer without the form and the links to re-sort.
        await page.emulateMedia({ media: 'print' });
        assert.equal(await page.locator('form[action^="/areas/E08000016"]').isVisible(), false);
        assert.equal(await page.locator('#order').isVisible(), false);
        assert.ok(await page.locator('#glance-worst').isVisible());
        await page.emulateMedia({ media: 'screen' });

        // Every other measure, folded by theme, opens to its table.
        const other = page.locator('#other-measures ~ details', { hasText: 'Economy and skills' });
        await other.locator('summary').click();
        assert.ok(await other.getByRole('link', { name: 'Economically inactive' }).isVisible());

        await site.assertStep(page, width);
        await site.screenshot(page, screenshotName(`journey-3-profile-${width}`, mode.label));
        if (mode.javaScript && width === 1280)
          await page.screenshot({ path: journeyScreenshot, fullPage: true });
      });
});
