import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { createServices } from '../app/services.ts';
import * as browser from '../testing/browser.ts';
import { newUser } from '../testing/fixtures.ts';
import { insertChallenges } from './peer-challenge.repository.ts';
import type { ChallengeState } from './vocabulary.ts';

/*
 * Issue 20: a council's administrator answers the feedback survey after its peer challenge, a
 * mistake first, in a browser; the public reads the peer days since 2011 and chooses a range
 * without JavaScript. Each step passes axe and reads at 320 px.
 */
describe('the feedback survey and the peer days in a browser', browser.browserSuite, () => {
  const site = browser.useBrowserSite();
  const email = 'leader.office@hartlepool.example';
  let password = '';
  let id = 0;

  before(async () => {
    const services = createServices(site.database);
    await services.peerChallenges.loadScenario();
    await services.peerDays.loadIllustrative();
    ({ password } = await newUser(site.database, {
      email,
      role: 'organisation-admin',
      organisation: 'E06000001',
    }));
    const step = (
      from_state: ChallengeState | null,
      to_state: ChallengeState,
      on_date: string,
    ) => ({ from_state, to_state, on_date, reason: null, by_user_id: null });
    [id = 0] = await insertChallenges(site.database.db, [
      {
        type: 'corporate-peer-challenge',
        area_code: 'E06000001',
        programme_year: '2026-27',
        state: 'feedback-given',
        window_start: '2026-06-01',
        window_end: '2026-06-30',
        on_site_start: '2026-06-09',
        on_site_end: '2026-06-12',
        manager_user_id: null,
        state_reason: null,
        illustrative: false,
        transitions: [
          step(null, 'requested', '2026-01-05'),
          step('requested', 'on-site', '2026-06-09'),
          step('on-site', 'feedback-given', '2026-06-12'),
        ],
      },
    ]);
  });

  it('lets the council answer as its leader, after a mistake', async () => {
    const page = await site.open('/sign-in');
    await page.setViewportSize({ width: 320, height: 900 });
    await page.getByLabel('Email address').fill(email);
    await page.getByLabel('Password', { exact: true }).fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((url) => url.pathname !== '/sign-in');
    await page.goto(`${site.baseUrl}/peer-challenge/challenges/${id}/survey`);
    await site.assertStep(page, 320);
    await page.getByRole('button', { name: 'Send your answers' }).click();
    await page.waitForLoadState();
    assert.match(await page.locator('.govuk-error-summary').innerText(), /Choose who is answering/);
    await site.assertStep(page, 320);
    await page.getByLabel('Leader', { exact: true }).check();
    for (const statement of [
      'The peer challenge was well tailored to our council’s needs',
      'The quality of the peer team was good or very good',
      'The challenge will make a difference to how we improve',
      'I would recommend a peer challenge to another council',
    ])
      await page
        .getByRole('group', { name: statement })
        .getByLabel('Agree', { exact: true })
        .check();
    await page.getByRole('button', { name: 'Send your answers' }).click();
    await page.waitForURL((url) => url.search === '?answered=council');
    assert.match(await browser.shownText(page, '#answered'), /your answer is recorded/);
    await site.assertStep(page, 320);
  });

  it('shows the peer days since 2011 and a range chosen without JavaScript', async () => {
    const accessible = await site.assertAccessible('/peer-challenge/peer-days');
    assert.match(await browser.shownText(accessible, '#since-start'), /^15,198 peer days/);
    const page = await site.open('/peer-challenge/peer-days', { javaScript: false });
    await page.setViewportSize({ width: 320, height: 900 });
    await page.getByLabel('From programme year').selectOption('2012-13');
    await page.getByLabel('To programme year').selectOption('2012-13');
    await page.getByRole('button', { name: 'Show' }).click();
    await page.waitForURL(/from=2012-13&to=2012-13/);
    assert.match(await browser.shownText(page, '#range-total'), /^4,150 peer days/);
    await site.assertStep(page, 320);
  });
});
