import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createServices, type Services } from '../app/services.ts';
import { dataDir, openDemoApp, type TestApp } from '../testing/app.ts';
import { newUser } from '../testing/fixtures.ts';
import { assertErrorSummary } from '../testing/forms.ts';
import { HttpBrowser, readerWords } from '../testing/http-browser.ts';
import { keepFlags } from './early-warning.repository.ts';

interface DataAnswer {
  observations: { value: number | null }[];
}

/*
 * Early warning on the whole demo's real figures (ONS, DfE, council tax): the flags the rules
 * raise, each traced back to the public figure it names, the watch list and a council's page as
 * an improvement adviser reads them, and the notes they keep, audited.
 */
describe('early warning on the real figures', () => {
  let t: TestApp;
  let services: Services;
  let adviser: HttpBrowser;

  before(async () => {
    t = await openDemoApp();
    services = createServices(t.database);
    await services.groups.ensureGroups(dataDir);
    await services.overview.recompute();
    const person = await newUser(t.database, { role: 'improvement-adviser', organisation: 'lga' });
    adviser = new HttpBrowser(t.app);
    await adviser.signIn(person.email, person.password);
  });
  after(() => t.close());

  it('raises flags of every kind of rule, each on a minority of councils', async () => {
    const result = await services.earlyWarning.recompute();
    assert.equal(result.councils, 317);
    assert.equal(result.raised, result.flags);
    const list = await services.earlyWarning.watchList({
      memberships: [{ organisation: 'lga', role: 'improvement-adviser' }],
    });
    const rules = new Map<string, Set<string>>();
    for (const council of list.councils)
      for (const flag of council.standing)
        rules.set(flag.rule.id, (rules.get(flag.rule.id) ?? new Set()).add(council.code));
    for (const rule of services.earlyWarning.rules.rules.filter((r) => r.kind !== 'above')) {
      const flagged = rules.get(rule.id)?.size ?? 0;
      assert.ok(flagged > 0 && flagged < 317 / 3, `${rule.id} flags ${flagged} councils`);
    }
  });

  it('names in each flag figures that are the public figures', async () => {
    const list = await services.earlyWarning.watchList({
      memberships: [{ organisation: 'lga', role: 'improvement-adviser' }],
    });
    const flags = list.councils.flatMap((c) => c.standing);
    assert.ok(flags.length > 100);
    for (const flag of flags.filter((_, i) => i % 7 === 0)) {
      for (const evidence of flag.evidence.slice(0, 2)) {
        const url = `/api/v1/data?metric=${evidence.metric}&area=${flag.area}&period=${evidence.period}`;
        const answer = (await t.app.inject({ method: 'GET', url })).json<DataAnswer>();
        assert.equal(answer.observations[0]?.value, evidence.value, url);
      }
    }
  });

  it('keeps a standing flag’s first day, and clears one the figures no longer raise', async () => {
    await keepFlags(
      t.database.db,
      [
        ...(await t.database.db
          .selectFrom('early_warning_flags')
          .select(['area_code', 'rule', 'theme', 'summary', 'evidence'])
          .where('cleared_at', 'is', null)
          .execute()),
        {
          area_code: 'E06000001',
          rule: 'retired-rule',
          theme: 'economy-and-skills',
          summary: 'Raised by a rule a later version dropped',
          evidence: [],
        },
      ],
      1,
    );
    const again = await services.earlyWarning.recompute();
    assert.deepEqual([again.raised, again.cleared], [0, 1]);
    const page = await adviser.request('GET', '/early-warning');
    assert.match(readerWords(page.body), /Hartlepool .*retired-rule \(Economy and skills\)/);
    const council = await adviser.request('GET', '/early-warning/E06000001');
    assert.match(readerWords(council.body), /Cleared flags \(1\) retired-rule: Economy and skills/);
    assert.match(council.body, /A rule of version 1 of the rules, no longer in use\./);
  });

  it('shows the watch list, most flags first, privately', async () => {
    const page = await adviser.request('GET', '/early-warning');
    assert.equal(page.statusCode, 200);
    assert.equal(page.headers['cache-control'], 'private, no-store');
    const counts = [...page.body.matchAll(/govuk-table__cell--numeric">(\d+)</g)].map((m) =>
      Number(m[1]),
    );
    assert.ok(counts.length > 50);
    assert.deepEqual(
      counts,
      [...counts].sort((a, b) => b - a),
    );
    assert.match(page.body, /The rules \(version 1\)/);
  });

  it('shows a council’s flags with the figures that raised them, linked to their history', async () => {
    const [first] = (
      await services.earlyWarning.watchList({
        memberships: [{ organisation: 'lga', role: 'administrator' }],
      })
    ).councils;
    assert.ok(first);
    const page = await adviser.request('GET', `/early-warning/${first.code}`);
    assert.equal(page.statusCode, 200);
    const words = readerWords(page.body);
    assert.match(words, new RegExp(`Standing flags \\(${first.standing.length}\\)`));
    assert.equal(
      (page.body.match(/The figures that raised it<\/caption>/g) ?? []).length,
      first.standing.length,
    );
    const metric = first.standing[0]?.evidence[0]?.metric;
    assert.ok(page.body.includes(`href="/metrics/${metric}/areas/${first.code}"`));
  });

  it('keeps an adviser’s note, audited, and says what is wrong with one', async () => {
    const url = '/early-warning/E06000001';
    const wrong = await adviser.submit(url, { body: '  ' }, `${url}/notes`);
    assert.equal(wrong.statusCode, 400);
    assertErrorSummary(wrong.body, ['Choose what kind of note this is', 'Enter the note']);
    const long = await adviser.submit(
      url,
      { kind: 'meeting-held', body: 'x'.repeat(4_001) },
      `${url}/notes`,
    );
    assertErrorSummary(long.body, ['The note must be 4,000 characters or fewer']);
    assert.match(long.body, /value="meeting-held" checked/);
    const made = await adviser.submit(
      url,
      { kind: 'meeting-held', body: 'Met the chief executive.' },
      `${url}/notes`,
    );
    assert.equal(made.statusCode, 303);
    const page = await adviser.request('GET', url);
    assert.match(readerWords(page.body), /Meeting held Met the chief executive\./);
    const audited = await t.database.db
      .selectFrom('audit_events')
      .select(['action', 'subject'])
      .where('action', '=', 'early-warning-note-added')
      .execute();
    assert.deepEqual(audited, [{ action: 'early-warning-note-added', subject: 'E06000001' }]);
    const list = await adviser.request('GET', '/early-warning');
    assert.match(readerWords(list.body), /Hartlepool .*Meeting held/);
  });
});
