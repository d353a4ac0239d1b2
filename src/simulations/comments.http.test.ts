import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Kysely } from 'kysely';
import { down, up } from '../db/migrations/0039-simulation-comments.ts';
import { openTestApp, type TestApp } from '../testing/app.ts';
import { assertErrorSummary, errorSummaryOf } from '../testing/forms.ts';
import { HttpBrowser, mainText } from '../testing/http-browser.ts';
import { settingsValues } from './editor.form.ts';
import { simulationDefinition } from './simulation.schema.ts';
import {
  exampleDefinition,
  hiddenFields,
  openExampleSimulation,
  simulationEditorBrowser,
} from './simulations.fixture.ts';

/*
 * Residents' free-text comments, in process: asked on the form (limit enforced with the error
 * summary), stored pending with the response, read and decided on by the council's editors
 * (approve, hide, back to waiting, each with a reason, audited), listed on the results and in
 * the downloads only once approved; the question set on the settings page.
 */
describe('residents’ comments', () => {
  let test: TestApp;
  let editor: HttpBrowser;
  const url = '/simulations/budget-2026';
  const comments = `${url}/comments`;

  before(async () => {
    test = await openTestApp();
    await openExampleSimulation(test.database, 'budget-2026');
    editor = await simulationEditorBrowser(test);
  });
  after(() => test.close());

  const stored = () =>
    test.database.db
      .selectFrom('simulation_comments')
      .select(['response_id', 'body', 'status', 'moderated_reason'])
      .orderBy('response_id')
      .execute();

  async function send(comment: string, extra: Record<string, string> = {}) {
    const browser = new HttpBrowser(test.app);
    const page = await browser.request('GET', url);
    return browser.request('POST', url, {
      ...hiddenFields(page.body),
      action: 'submit',
      'line-libraries': '-25',
      comment,
      ...extra,
    });
  }

  it('asks the question, refuses a comment over the limit, and keeps one pending', async () => {
    const page = await test.app.inject({ url });
    assert.match(
      mainText(page.body),
      /Anything else you’d like to tell us\? Optional, up to 200 characters/,
    );
    const welsh = await test.app.inject({ url: `${url}?lang=cy` });
    assert.match(
      mainText(welsh.body),
      /Unrhyw beth arall yr hoffech ei ddweud wrthym\? Dewisol, hyd at 200 nod/,
    );
    const long = 'a'.repeat(201);
    const refused = await send(long);
    assert.equal(refused.statusCode, 400);
    assertErrorSummary(refused.body, ['Your comment must be 200 characters or fewer: it has 201']);
    assert.match(refused.body, /href="#comment"/);
    assert.ok(refused.body.includes(`>${long}</textarea>`));
    assert.deepEqual(await stored(), []);
    assert.equal((await send('  Keep the libraries open on Saturdays  ')).statusCode, 303);
    assert.deepEqual(
      (await stored()).map((c) => [c.body, c.status]),
      [['Keep the libraries open on Saturdays', 'pending']],
    );
  });

  it('hides a robot’s comment at once, with why', async () => {
    assert.equal((await send('Buy cheap watches', { website: 'spam' })).statusCode, 303);
    const robot = (await stored()).find((c) => c.body === 'Buy cheap watches');
    assert.equal(robot?.status, 'hidden');
    assert.match(robot?.moderated_reason ?? '', /hidden from people was filled/);
  });

  it('lets an editor approve, hide and restore a comment, each with a reason, audited', async () => {
    const [first] = await stored();
    const id = first!.response_id;
    const waiting = await editor.request('GET', comments);
    assert.equal(waiting.statusCode, 200);
    assert.match(
      mainText(waiting.body),
      /Waiting for a decision: 1 .* Keep the libraries open on Saturdays/,
    );
    const noReason = await editor.submit(
      comments,
      { decision: 'approve', reason: ' ' },
      `${comments}/${id}`,
    );
    assert.equal(noReason.statusCode, 400);
    assertErrorSummary(noReason.body, ['Give the reason']);
    assert.match(noReason.body, new RegExp(`href="#reason-${id}"`));
    const approved = await editor.submit(
      comments,
      { decision: 'approve', reason: 'Fair comment' },
      `${comments}/${id}?status=pending`,
    );
    assert.equal(approved.statusCode, 303, errorSummaryOf(approved.body));
    assert.equal((await stored())[0]?.status, 'approved');
    const again = await editor.submit(
      comments,
      { decision: 'approve', reason: 'Twice' },
      `${comments}/${id}`,
    );
    assert.equal(again.statusCode, 400);
    for (const [decision, status] of [
      ['hide', 'hidden'],
      ['restore', 'pending'],
      ['approve', 'approved'],
    ] as const) {
      const sent = await editor.submit(
        comments,
        { decision, reason: `Now ${status}` },
        `${comments}/${id}`,
      );
      assert.equal(sent.statusCode, 303, decision);
      assert.equal((await stored())[0]?.status, status);
    }
    const audit = await test.database.db
      .selectFrom('audit_events')
      .select(['action', 'after'])
      .where('action', 'like', 'simulation-comment-%')
      .orderBy('id')
      .execute();
    assert.deepEqual(
      audit.map((a) => a.action),
      [
        'simulation-comment-approved',
        'simulation-comment-hidden',
        'simulation-comment-restored',
        'simulation-comment-approved',
      ],
    );
    assert.match(JSON.stringify(audit[0]?.after), /Fair comment/);
  });

  it('lists approved comments on the results and in the downloads, and counts the rest', async () => {
    const results = await editor.request('GET', `${url}/results`);
    const text = mainText(results.body);
    assert.match(text, /What residents told us Comments the council checked and published: 1\./);
    assert.match(text, /Waiting for a decision: 0; hidden: 1/);
    assert.match(text, /Keep the libraries open on Saturdays/);
    assert.doesNotMatch(text, /Buy cheap watches/);
    const csv = await editor.request('GET', `${url}/results.csv`);
    assert.match(
      csv.body,
      /Residents’ comments,Response \d+,Comment,Keep the libraries open on Saturdays/,
    );
    assert.doesNotMatch(csv.body, /Buy cheap watches/);
  });

  it('shows the public no comment while fewer than 10 responses are counted', async () => {
    const published = await editor.submit(
      `${url}/results`,
      { public: 'yes' },
      `${url}/results/public`,
    );
    assert.equal(published.statusCode, 303);
    const page = await test.app.inject({ url: `${url}/results` });
    assert.equal(page.statusCode, 200);
    assert.match(mainText(page.body), /Fewer than 10 responses are counted so far/);
    assert.doesNotMatch(page.body, /Keep the libraries open on Saturdays|What residents told us/);
    const csv = await test.app.inject({ url: `${url}/results.csv` });
    assert.doesNotMatch(csv.body, /Keep the libraries open on Saturdays/);
  });

  it('sets the question, its Welsh and its limit on the settings page', async () => {
    const settings = '/account/simulations/budget-2026/settings';
    const values = settingsValues(simulationDefinition.parse(exampleDefinition()));
    const refused = await editor.submit(settings, { ...values, commentEn: '', commentCy: 'Sylw?' });
    assert.equal(refused.statusCode, 400);
    assertErrorSummary(refused.body, ['Give the question in English as well as in Welsh']);
    const tooLong = await editor.submit(settings, { ...values, commentMax: '9000' });
    assert.equal(tooLong.statusCode, 400);
    assert.match(refused.body, /href="#commentEn"/);
    assert.match(tooLong.body, /href="#commentMax"/);
    const saved = await editor.submit(settings, {
      ...values,
      commentEn: 'What else should we know?',
      commentCy: 'Beth arall ddylen ni ei wybod?',
      commentMax: '500',
    });
    assert.equal(saved.statusCode, 303, errorSummaryOf(saved.body));
    const row = await test.database.db
      .selectFrom('simulation_versions')
      .select('definition')
      .orderBy('version', 'desc')
      .executeTakeFirstOrThrow();
    const definition =
      typeof row.definition === 'string' ? JSON.parse(row.definition) : row.definition;
    assert.deepEqual((definition as { comment: unknown }).comment, {
      label: { en: 'What else should we know?', cy: 'Beth arall ddylen ni ei wybod?' },
      maxCharacters: 500,
    });
  });

  it('is dropped and made again by migration 0039', async () => {
    const migrated = test.database.db as unknown as Kysely<unknown>;
    await down(migrated);
    await up(migrated);
    assert.deepEqual(await stored(), []);
  });
});
