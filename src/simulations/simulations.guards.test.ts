import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createServices } from '../app/services.ts';
import { openRegisterDatabase, openTestApp, type TestApp } from '../testing/app.ts';
import { HttpBrowser, mainText } from '../testing/http-browser.ts';
import { hiddenFields, openExampleSimulation } from './simulations.fixture.ts';
import { SubmissionLimited, type SimulationsService } from './simulations.service.ts';

/*
 * What stops one person or robot from swaying a simulation, on a real database (PGlite, or
 * PostgreSQL with DATABASE_URL): one budget a browser, a few an hour from one address, each
 * refused one recorded nothing and answered 429 with when to come back, a retry of a recorded
 * one still thanked; and the time a form was shown, believed only when its signature holds.
 */
describe('the limits on residents’ budgets, and the time a form was shown', () => {
  let test: TestApp;
  let simulations: SimulationsService;
  const url = '/simulations/budget-2026';

  before(async () => {
    test = await openTestApp(openRegisterDatabase, { OPENLG_BUDGETS_PER_ADDRESS: '2' });
    await openExampleSimulation(test.database, 'budget-2026');
    simulations = createServices(test.database).simulations;
  });
  after(() => test.close());

  const responses = async () =>
    (await test.database.db.selectFrom('simulation_responses').select('id').execute()).length;

  async function budgetFrom(browser: HttpBrowser) {
    const page = await browser.request('GET', url);
    return { ...hiddenFields(page.body), action: 'submit', 'line-libraries': '-25' };
  }

  it('takes one budget a browser, and thanks a retry of it', async () => {
    const browser = new HttpBrowser(test.app, '198.51.100.1');
    const form = await budgetFrom(browser);
    assert.equal((await browser.request('POST', url, form)).statusCode, 303);
    assert.equal((await browser.request('POST', url, form)).statusCode, 303);
    const second = await browser.request('POST', url, await budgetFrom(browser));
    assert.equal(second.statusCode, 429);
    const days = Number(second.headers['retry-after']) / 86_400;
    assert.ok(days > 29 && days <= 30, `Retry-After until it closes: ${days} days`);
    assert.match(mainText(second.body), /You have already sent a budget/);
    assert.match(mainText(second.body), /Your budget has not been recorded/);
    assert.equal(await responses(), 1);
  });

  it('takes a few an hour from one address, saying when to come back', async () => {
    const before = await responses();
    const shared = () => new HttpBrowser(test.app, '198.51.100.2');
    const first = shared();
    const firstForm = await budgetFrom(first);
    assert.equal((await first.request('POST', url, firstForm)).statusCode, 303);
    const second = shared();
    assert.equal((await second.request('POST', url, await budgetFrom(second))).statusCode, 303);
    const third = shared();
    const refused = await third.request('POST', url, await budgetFrom(third));
    assert.equal(refused.statusCode, 429);
    const seconds = Number(refused.headers['retry-after']);
    assert.ok(seconds > 3500 && seconds <= 3600, `Retry-After: ${seconds}`);
    const text = mainText(refused.body);
    assert.match(text, /Too many budgets have been sent from your internet connection/);
    assert.match(text, /up to 2 budgets an hour/);
    assert.match(text, /try again after \d{1,2}:\d\d[ap]m \(in about 60 minutes\)/);
    assert.equal(await responses(), before + 2);
    // A retry of one already recorded is thanked, and still recorded once.
    assert.equal((await first.request('POST', url, firstForm)).statusCode, 303);
    const elsewhere = new HttpBrowser(test.app, '198.51.100.3');
    assert.equal(
      (await elsewhere.request('POST', url, await budgetFrom(elsewhere))).statusCode,
      303,
    );
    assert.equal(await responses(), before + 3);
  });

  it('says so in Welsh on a Welsh page, keeping the language', async () => {
    const welsh = `${url}?lang=cy`;
    const browser = new HttpBrowser(test.app, '198.51.100.5');
    const form = async () => ({
      ...hiddenFields((await browser.request('GET', welsh)).body),
      action: 'submit',
      'line-libraries': '-25',
    });
    assert.equal((await browser.request('POST', welsh, await form())).statusCode, 303);
    const refused = await browser.request('POST', welsh, await form());
    assert.equal(refused.statusCode, 429);
    assert.match(refused.body, /<html lang="cy"/);
    const text = mainText(refused.body);
    assert.match(text, /Rydych chi eisoes wedi anfon cyllideb/);
    assert.match(text, /Nid yw eich cyllideb wedi’i chofnodi/);
    assert.doesNotMatch(text, /You have already sent a budget/);
  });

  it('records one budget of several sent at once from one browser, each retry thanked', async () => {
    const send = (key: string) =>
      simulations.submit(
        {
          slug: 'budget-2026',
          version: 1,
          percents: { libraries: -25 },
          councilTaxBasisPoints: 0,
          startedAt: new Date(Date.now() - 60_000),
          idempotencyKey: key,
          source: '198.51.100.4',
          address: '198.51.100.4',
          session: 'one-browser',
        },
        { perAddressPerHour: 0, perSession: 1 },
      );
    const keys = ['key-00000001', 'key-00000001', 'key-00000002', 'key-00000003', 'key-00000001'];
    const answers = await Promise.allSettled(keys.map(send));
    const thanked = answers.filter((a) => a.status === 'fulfilled');
    const refused = answers.filter(
      (a) => a.status === 'rejected' && a.reason instanceof SubmissionLimited,
    );
    const recorded = thanked.filter((a) => a.value.recorded);
    assert.equal(recorded.length, 1);
    assert.equal(thanked.length + refused.length, keys.length);
    assert.ok(thanked.every((a) => a.value.id === recorded[0]?.value.id));
    const key = await test.database.db
      .selectFrom('simulation_responses')
      .select('idempotency_key')
      .where('id', '=', recorded[0]?.value.id ?? 0)
      .executeTakeFirstOrThrow();
    // Every retry of the key recorded is thanked; each other key is refused.
    const sameKey = keys.filter((k) => k === key.idempotency_key).length;
    assert.equal(thanked.length, sameKey);
  });

  async function sendWithStart(address: string, started: (key: string) => Promise<string>) {
    const browser = new HttpBrowser(test.app, address);
    const hidden = hiddenFields((await browser.request('GET', url)).body);
    const key = hidden['key'] ?? '';
    const sent = await browser.request('POST', url, {
      ...hidden,
      started: await started(key),
      action: 'submit',
      'line-libraries': '-25',
    });
    assert.equal(sent.statusCode, 303);
    return test.database.db
      .selectFrom('simulation_responses')
      .select(['too_fast', 'started_at', 'submitted_at'])
      .where('idempotency_key', '=', key)
      .executeTakeFirstOrThrow();
  }

  it('believes the time a form was shown when the server signed it', async () => {
    const shown = new Date(Date.now() - 300_000);
    const row = await sendWithStart('198.51.100.10', (key) =>
      simulations.startToken('budget-2026', key, shown),
    );
    assert.equal(row.too_fast, false);
    assert.equal(row.started_at.getTime(), shown.getTime());
  });

  it('flags a made-up or altered time as too fast, never trusting it', async () => {
    const longAgo = Date.now() - 3_600_000;
    const madeUp = await sendWithStart('198.51.100.11', async () =>
      new Date(longAgo).toISOString(),
    );
    const altered = await sendWithStart('198.51.100.12', async (key) => {
      const signed = await simulations.startToken('budget-2026', key);
      return `${longAgo}.${signed.split('.')[1]}`;
    });
    for (const row of [madeUp, altered]) {
      assert.equal(row.too_fast, true);
      assert.equal(row.started_at.getTime(), row.submitted_at.getTime());
    }
  });
});
