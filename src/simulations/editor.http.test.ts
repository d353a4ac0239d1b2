import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openTestApp, type TestApp } from '../testing/app.ts';
import { assertErrorSummary, errorSummaryOf } from '../testing/forms.ts';
import type { HttpBrowser } from '../testing/http-browser.ts';
import { mainText } from '../testing/http-browser.ts';
import { openCouncilTaxDatabase, simulationEditorBrowser } from './simulations.fixture.ts';

/*
 * A simulation editor sets one up in process, reading the pages' HTML: create it (the lever
 * from Hartlepool's real figures), a line with a mistake then fixed, a colour white text cannot
 * be read on, the preview (nothing recorded), open, a change after opening (version 2), close.
 */
describe('the simulation editors’ pages', () => {
  let test: TestApp;
  let editor: HttpBrowser;
  const home = '/account/simulations/budget-2027';

  before(async () => {
    test = await openTestApp(openCouncilTaxDatabase);
    editor = await simulationEditorBrowser(test);
  });
  after(() => test.close());

  const definition = async (version: number) => {
    const row = await test.database.db
      .selectFrom('simulation_versions')
      .select(['definition', 'opened_at'])
      .where('version', '=', version)
      .executeTakeFirstOrThrow();
    const parsed = typeof row.definition === 'string' ? JSON.parse(row.definition) : row.definition;
    return { definition: parsed as Record<string, unknown>, opened: row.opened_at !== null };
  };

  /** A line's fields as its page shows them, to post back changed. */
  const lineOf = async (id: string) => {
    const page = (await editor.request('GET', `${home}/services/${id}`)).body;
    const fields: Record<string, string> = {};
    for (const m of page.matchAll(
      /<input class="govuk-input[^"]*" id="(\w+)" name="\w+" type="text"(?: [a-z]+="[^"]*")* value="([^"]*)"/g,
    ))
      fields[m[1] ?? ''] = m[2] ?? '';
    return fields;
  };

  it('creates a draft for the editor’s council, the lever from its real figures', async () => {
    const account = await editor.request('GET', '/account');
    assert.match(account.body, /href="\/account\/simulations">Budget simulations: set them up</);
    const list = await editor.request('GET', '/account/simulations');
    assert.equal(list.statusCode, 200);
    assert.equal(list.headers['cache-control'], 'private, no-store');
    const form = await editor.request('GET', '/account/simulations/new');
    assert.match(form.body, /<option value="E06000001" selected>Hartlepool<\/option>/);
    assert.match(mainText(form.body), /Band D £1,836\.81 in 2022\/23, the council’s own/);
    const refused = await editor.submit('/account/simulations/new', {
      council: 'E06000001',
      slug: 'Budget 2027',
      titleEn: '',
    });
    assert.equal(refused.statusCode, 400);
    assertErrorSummary(refused.body, ['Enter the address as lower-case words']);
    assert.match(refused.body, /value="Budget 2027"/);
    const made = await editor.submit('/account/simulations/new', {
      council: 'E06000001',
      slug: 'budget-2027',
      titleEn: 'Help balance Hartlepool’s budget',
      titleCy: '',
    });
    assert.equal(made.statusCode, 303);
    assert.equal(made.headers.location, `${home}?done=created`);
    const overview = mainText((await editor.request('GET', home)).body);
    assert.match(overview, /State Draft/);
    assert.match(
      overview,
      /2023\/24: from 0 up to 4\.99%, on a requirement of £45,788,000 and a Band D of £1,836\.81/,
    );
    const lever = mainText((await editor.request('GET', `${home}/council-tax`)).body);
    assert.match(lever, /£45,788,000 in 2022\/23, the council’s own/);
    assert.match(lever, /Referendum limit 4\.99%: Referendums relating to council tax increases/);
    const listed = mainText((await editor.request('GET', '/account/simulations')).body);
    assert.match(listed, /Help balance Hartlepool’s budget Hartlepool Draft 1 0/);
  });

  it('adds a line, refusing a mistake with what was typed, then saving it fixed', async () => {
    const add = `${home}/services/new`;
    const line = {
      nameEn: 'Libraries',
      nameCy: 'Llyfrgelloedd',
      descriptionEn: '',
      descriptionCy: '',
      baselinePounds: '4,000,000',
      minPercent: '-30',
      maxPercent: '12',
      stepPercent: '5',
      consequencesEn: '-10: Two libraries close on Saturdays\nsoon: all of them',
      consequencesCy: '',
    };
    const refused = await editor.submit(add, line);
    assert.equal(refused.statusCode, 400);
    assertErrorSummary(refused.body, ['Line 2: write the step, a colon, then what happens']);
    assert.match(refused.body, /soon: all of them<\/textarea>/);
    const offGrid = await editor.submit(add, {
      ...line,
      consequencesEn: '-10: Two libraries close on Saturdays',
    });
    assert.equal(offGrid.statusCode, 400);
    assertErrorSummary(offGrid.body, [
      'The largest cut: the range must start and end on a whole number of steps',
    ]);
    assert.match(offGrid.body, /value="12"/);
    assert.equal(((await definition(1)).definition.services as unknown[]).length, 1);
    const saved = await editor.submit(add, {
      ...line,
      maxPercent: '10',
      consequencesEn: '-10: Two libraries close on Saturdays',
    });
    assert.equal(saved.statusCode, 303);
    const overview = mainText((await editor.request('GET', home)).body);
    assert.match(overview, /Libraries : change £4,000,000 -30% to \+10%, steps of 5% 1/);
    const removed = await editor.submit(`${home}/services/first-service/remove`, {});
    assert.equal(removed.statusCode, 303);
    assert.equal(((await definition(1)).definition.services as unknown[]).length, 1);
  });

  it('groups services and asks "about you" questions, an answer list too short refused', async () => {
    const group = await editor.submit(`${home}/groups/new`, { nameEn: 'Communities', nameCy: '' });
    assert.equal(group.statusCode, 303);
    const question = `${home}/questions/new`;
    const refused = await editor.submit(question, {
      kind: 'choice',
      labelEn: 'Your age',
      optionsEn: 'Under 35',
    });
    assert.equal(refused.statusCode, 400);
    assertErrorSummary(refused.body, ['The answers: there must be at least 2']);
    assert.match(refused.body, />Under 35<\/textarea>/);
    const saved = await editor.submit(question, {
      kind: 'choice',
      labelEn: 'Your age',
      optionsEn: 'Under 35\n35 to 64\n65 and over',
      optionsCy: 'Dan 35',
    });
    assert.equal(saved.statusCode, 303);
    const { definition: saved1 } = await definition(1);
    assert.deepEqual(saved1.groups, [{ id: 'communities', name: { en: 'Communities', cy: '' } }]);
    assert.deepEqual(
      (saved1.aboutYou as { options: { id: string }[] }[])[0]?.options.map((o) => o.id),
      ['under-35', '35-to-64', '65-and-over'],
    );
    const moved = await editor.submit(`${home}/services/libraries`, {
      ...(await lineOf('libraries')),
      group: 'communities',
    });
    assert.equal(moved.statusCode, 303);
    const preview = mainText((await editor.request('GET', `${home}/preview`)).body);
    assert.match(preview, /Communities Libraries/);
    assert.match(preview, /About you \(optional\) Your age/);
  });

  it('refuses a colour white text cannot be read on, naming the field', async () => {
    const settings = `${home}/settings`;
    const values = {
      titleEn: 'Help balance Hartlepool’s budget',
      opensAt: '2026-01-01T09:00',
      closesAt: '2036-01-01T09:00',
    };
    const refused = await editor.submit(settings, {
      ...values,
      target: 'savings',
      targetPounds: '1000000',
      tolerancePounds: '50000',
      consentEn: 'We keep your answers for a year.',
      colour: '#ffdd00',
    });
    assert.equal(refused.statusCode, 400);
    assertErrorSummary(refused.body, [
      'The colour: white text on this colour is below the 4.5:1 contrast WCAG AA needs',
    ]);
    assert.match(refused.body, /href="#colour"/);
    assert.match(refused.body, /value="#ffdd00"/);
    assert.deepEqual((await definition(1)).definition.target, { kind: 'balance' });
    const saved = await editor.submit(settings, {
      ...values,
      target: 'savings',
      targetPounds: '1000000',
      tolerancePounds: '50000',
      consentEn: 'We keep your answers for a year.',
      colour: '#1d70b8',
    });
    assert.equal(saved.statusCode, 303, errorSummaryOf(saved.body));
    assert.deepEqual((await definition(1)).definition.target, {
      kind: 'savings',
      pounds: 1_000_000,
    });
  });

  it('previews it as residents will see it, recording nothing', async () => {
    const preview = await editor.request('GET', `${home}/preview`);
    assert.equal(preview.statusCode, 200);
    const text = mainText(preview.body);
    assert.match(text, /A preview of version 1, exactly as residents will see it/);
    assert.match(text, /Money still to find: £1,000,000/);
    assert.match(preview.body, /action="\/account\/simulations\/budget-2027\/preview"/);
    const hidden = Object.fromEntries(
      [...preview.body.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map(
        (m) => [m[1] ?? '', m[2] ?? ''],
      ),
    );
    const check = await editor.request('POST', `${home}/preview`, {
      ...hidden,
      action: 'review',
      'line-libraries': '-25',
    });
    assert.equal(check.statusCode, 200);
    assert.match(mainText(check.body), /A preview of version 1.*Check your budget/);
    assert.match(check.body, /action="\/account\/simulations\/budget-2027\/preview"/);
    const sent = await editor.request('POST', `${home}/preview`, {
      ...hidden,
      action: 'submit',
      'line-libraries': '-25',
    });
    assert.equal(sent.statusCode, 200);
    assert.match(mainText(sent.body), /This budget can be submitted/);
    const responses = await test.database.db
      .selectFrom('simulation_responses')
      .selectAll()
      .execute();
    assert.equal(responses.length, 0);
    const resident = await test.app.inject({ url: '/simulations/budget-2027' });
    assert.equal(resident.statusCode, 404, 'a draft is not public');
  });

  it('opens it, says a change makes version 2, makes it, then closes it', async () => {
    const opened = await editor.submit(home, {}, `${home}/open`);
    assert.equal(opened.statusCode, 303);
    const resident = await test.app.inject({ url: '/simulations/budget-2027' });
    assert.equal(resident.statusCode, 200);
    const page = await editor.request('GET', `${home}/services/libraries`);
    assert.match(mainText(page.body), /Residents have seen version 1\. Saving makes version 2/);
    const saved = await editor.submit(`${home}/services/libraries`, {
      nameEn: 'Libraries and archives',
      baselinePounds: '4000000',
      minPercent: '-30',
      maxPercent: '10',
      stepPercent: '5',
      consequencesEn: '',
    });
    assert.equal(saved.statusCode, 303);
    const second = await definition(2);
    assert.ok(second.opened);
    assert.match(
      mainText((await editor.request('GET', home)).body),
      /Version 2 \(residents have seen it\)/,
    );
    assert.match(
      (await test.app.inject({ url: '/simulations/budget-2027' })).body,
      /Libraries and archives/,
    );
    const closed = await editor.submit(home, {}, `${home}/close`);
    assert.equal(closed.statusCode, 303);
    assert.match(mainText((await editor.request('GET', home)).body), /State Closed/);
    const late = await editor.submit(`${home}/groups/communities`, { nameEn: 'People' });
    assert.equal(late.statusCode, 400);
    assertErrorSummary(late.body, ['A closed simulation cannot be changed']);
    const audit = await test.database.db
      .selectFrom('audit_events')
      .select('action')
      .where('action', 'like', 'simulation-%')
      .orderBy('id')
      .execute();
    assert.deepEqual(
      [...new Set(audit.map((a) => a.action))],
      ['simulation-created', 'simulation-edited', 'simulation-opened', 'simulation-closed'],
    );
  });
});
