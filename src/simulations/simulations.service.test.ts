import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AuditService } from '../admin/admin.service.ts';
import { createServices } from '../app/services.ts';
import type { Database } from '../db/database.ts';
import { BadRequestError, ForbiddenError, NotFoundError } from '../shared/errors.ts';
import { openRegisterDatabase } from '../testing/app.ts';
import { newUser } from '../testing/fixtures.ts';
import { exampleDefinition } from './simulations.fixture.ts';
import {
  SimulationsService,
  SubmissionRefused,
  type EditorActor,
  type SubmissionInput,
} from './simulations.service.ts';

/*
 * A simulation's life on a real database (PGlite, or PostgreSQL with DATABASE_URL): set up by
 * a council's editor, opened, answered, edited into a new version, moderated; each step
 * audited, every submission checked by the server's own sums, counted once into aggregates
 * kept in the same transaction.
 */
const council = 'E06000001'; // Hartlepool
const inWindow = new Date('2026-01-20T12:00:00Z');

describe('budget simulations on a real database', () => {
  let database: Database;
  let service: SimulationsService;
  let editor: EditorActor;
  let clock = inWindow;
  let keys = 0;

  const submit = (fields: Partial<SubmissionInput> = {}) =>
    service.submit({
      slug: 'budget-2026',
      version: 1,
      percents: { libraries: -25 },
      councilTaxBasisPoints: 0,
      startedAt: new Date(clock.getTime() - 300_000),
      idempotencyKey: `key-${String(++keys).padStart(6, '0')}`,
      source: `203.0.113.${keys}`,
      ...fields,
    });

  const audited = async (action: string) =>
    (
      await database.db
        .selectFrom('audit_events')
        .select(['actor', 'subject', 'after'])
        .where('action', '=', action)
        .execute()
    ).map((row) => ({ ...row, after: row.after as unknown }));

  before(async () => {
    database = await openRegisterDatabase();
    const { areas, data } = createServices(database);
    service = new SimulationsService(database.db, {
      areas,
      data,
      audit: new AuditService(database.db),
      now: () => clock,
    });
    const user = await newUser(database, { role: 'simulation-editor', organisation: council });
    editor = {
      viewer: {
        userId: user.id,
        memberships: [{ organisation: council, role: 'simulation-editor' }],
      },
      email: user.email,
      address: '127.0.0.1',
    };
  });
  after(() => database.close());

  it('lets only an editor of the council set one up, for a current council', async () => {
    const elsewhere = {
      ...editor,
      viewer: {
        ...editor.viewer,
        memberships: [{ organisation: 'E06000002', role: 'simulation-editor' as const }],
      },
    };
    const input = { organisation: council, slug: 'budget-2026', definition: exampleDefinition() };
    await assert.rejects(service.create(elsewhere, input), ForbiddenError);
    const analyst = {
      ...editor,
      viewer: {
        ...editor.viewer,
        memberships: [{ organisation: council, role: 'analyst' as const }],
      },
    };
    await assert.rejects(service.create(analyst, input), ForbiddenError);
    const administrator = {
      ...editor,
      viewer: {
        ...editor.viewer,
        memberships: [{ organisation: 'lga', role: 'administrator' as const }],
      },
    };
    // Cleveland county council was abolished in 1996: its code names no current council.
    await assert.rejects(
      service.create(administrator, { ...input, organisation: 'E10000004' }),
      (error) => error instanceof NotFoundError || error instanceof BadRequestError,
    );
    assert.ok((await service.create(editor, input)) > 0);
    await assert.rejects(service.create(editor, input), BadRequestError);
    assert.deepEqual(await audited('simulation-created'), [
      { actor: editor.email, subject: council, after: { slug: 'budget-2026', version: 1 } },
    ]);
  });

  it('shows residents nothing until it opens, and takes no response before', async () => {
    await assert.rejects(service.published('budget-2026'), NotFoundError);
    await assert.rejects(submit(), NotFoundError);
    // A draft's definition changes in place: residents never saw it.
    const changed = exampleDefinition();
    changed.tolerancePounds = 60_000;
    assert.equal(await service.edit(editor, 'budget-2026', changed), 1);
    await service.setOpen(editor, 'budget-2026', true);
    const published = await service.published('budget-2026');
    assert.equal(published.version, 1);
    assert.equal(published.definition.tolerancePounds, 60_000);
    assert.equal((await audited('simulation-opened')).length, 1);
  });

  it('refuses an unbalanced budget whatever the page says, naming the field', async () => {
    await assert.rejects(submit({ percents: { libraries: -5 } }), (error) => {
      assert.ok(error instanceof SubmissionRefused);
      assert.deepEqual(error.problems, [{ field: 'balance', code: 'unbalanced' }]);
      // £1,000,000 to find, £200,000 saved
      assert.equal(error.balance?.stillToFindPennies, 80_000_000);
      return true;
    });
    await assert.rejects(submit({ percents: { libraries: -7, pools: 5 } }), (error) => {
      assert.ok(error instanceof SubmissionRefused);
      assert.deepEqual(
        error.problems.map((p) => p.field),
        ['pools', 'libraries'],
      );
      return true;
    });
    await assert.rejects(submit({ aboutYou: { postcode: 'TS24 8AA' } }), BadRequestError);
    const responses = await database.db.selectFrom('simulation_responses').select('id').execute();
    assert.equal(responses.length, 0);
  });

  it('records a balanced budget once, however often the submit is retried', async () => {
    const first = await submit({ idempotencyKey: 'retried-key', aboutYou: { postcode: 'ts24' } });
    assert.equal(first.recorded, true);
    assert.equal(first.stillToFindPennies, 0);
    const again = await submit({ idempotencyKey: 'retried-key' });
    assert.deepEqual(again, { ...first, recorded: false });
    const rows = await database.db
      .selectFrom('simulation_responses')
      .select(['choices', 'about_you', 'still_to_find_pennies', 'duplicate_of'])
      .execute();
    assert.deepEqual(rows, [
      {
        choices: { libraries: -25, parks: 0, parking: 0 },
        about_you: { postcode: 'TS24' },
        still_to_find_pennies: 0,
        duplicate_of: null,
      },
    ]);
  });

  it('flags the same answers from the same source within a day, and keeps them', async () => {
    const choice = { percents: { libraries: -20, parking: 10 }, councilTaxBasisPoints: 0 };
    const first = await submit({ ...choice, source: 'same-source' });
    const repeat = await submit({ ...choice, source: 'same-source' });
    const elsewhere = await submit({ ...choice, source: 'another-source' });
    assert.equal(first.duplicateOf, null);
    assert.equal(repeat.duplicateOf, first.id);
    assert.equal(elsewhere.duplicateOf, null);
    clock = new Date(inWindow.getTime() + 25 * 3600_000);
    assert.equal((await submit({ ...choice, source: 'same-source' })).duplicateOf, null);
    clock = inWindow;
  });

  it('counts every response into the aggregates as it arrives', async () => {
    const [result] = await service.results(editor, 'budget-2026');
    assert.equal(result?.version, 1);
    const libraries = result?.lines.find((l) => l.id === 'libraries');
    // -25 once, -20 four times
    assert.deepEqual(libraries?.responses, { all: 5, included: 5 });
    assert.deepEqual(libraries?.percentSum, { all: -105, included: -105 });
    assert.deepEqual(
      libraries?.steps.map((s) => [s.percent, s.responses.included]),
      [
        [-25, 1],
        [-20, 4],
      ],
    );
    assert.deepEqual(result?.councilTax, [{ basisPoints: 0, responses: { all: 5, included: 5 } }]);
  });

  it('makes a change after opening a new version, and takes answers to either', async () => {
    const changed = exampleDefinition();
    changed.services[1]!.minPercent = -30;
    changed.tolerancePounds = 100_000;
    assert.equal(await service.edit(editor, 'budget-2026', changed), 2);
    assert.equal((await service.published('budget-2026')).version, 2);
    // Saves £900,000 on parks, spends £400,000 more on libraries, raises £563,953.45 at 1%.
    const budget = { percents: { libraries: 10, parks: -30 }, councilTaxBasisPoints: 100 };
    const onTwo = await submit({ version: 2, ...budget });
    assert.equal(onTwo.recorded, true);
    assert.equal(onTwo.stillToFindPennies, -6_395_345);
    await assert.rejects(submit({ version: 1, ...budget }), SubmissionRefused);
    // A resident who started on version 1 still submits against it.
    assert.equal((await submit({ version: 1 })).recorded, true);
    const versions = (await service.results(editor, 'budget-2026')).map((r) => r.version);
    assert.deepEqual(versions, [1, 2]);
    assert.deepEqual(
      (await audited('simulation-edited')).map((e) => e.after),
      [
        { slug: 'budget-2026', version: 1, newVersion: false },
        { slug: 'budget-2026', version: 2, newVersion: true },
      ],
    );
  });

  it('excludes a flagged response with a reason, audited, shown apart in the results', async () => {
    const flagged = await database.db
      .selectFrom('simulation_responses')
      .select('id')
      .where('duplicate_of', 'is not', null)
      .executeTakeFirstOrThrow();
    await assert.rejects(service.exclude(editor, 'budget-2026', flagged.id, ' '), BadRequestError);
    await service.exclude(editor, 'budget-2026', flagged.id, 'Sent twice from one address');
    await assert.rejects(
      service.exclude(editor, 'budget-2026', flagged.id, 'Again'),
      BadRequestError,
    );
    const [result] = await service.results(editor, 'budget-2026');
    const libraries = result?.lines.find((l) => l.id === 'libraries');
    assert.deepEqual(libraries?.responses, { all: 6, included: 5 });
    assert.deepEqual(
      libraries?.steps.map((s) => [s.percent, s.responses]),
      [
        [-25, { all: 2, included: 2 }],
        [-20, { all: 4, included: 3 }],
      ],
    );
    assert.deepEqual(await audited('simulation-response-excluded'), [
      {
        actor: editor.email,
        subject: council,
        after: { slug: 'budget-2026', response: flagged.id, reason: 'Sent twice from one address' },
      },
    ]);
  });

  it('flags a budget sent too fast, and excludes at once one whose hidden field is filled', async () => {
    const before = (await service.results(editor, 'budget-2026'))[0]?.councilTax[0]?.responses;
    const fast = await submit({ startedAt: new Date(clock.getTime() - 5_000) });
    const robot = await submit({ honeypot: 'https://spam.example' });
    const rows = await database.db
      .selectFrom('simulation_responses')
      .select(['id', 'too_fast', 'honeypot_filled', 'excluded_reason', 'excluded_by_user_id'])
      .where('id', 'in', [fast.id, robot.id])
      .orderBy('id')
      .execute();
    assert.deepEqual(rows, [
      {
        id: fast.id,
        too_fast: true,
        honeypot_filled: false,
        excluded_reason: null,
        excluded_by_user_id: null,
      },
      {
        id: robot.id,
        too_fast: false,
        honeypot_filled: true,
        excluded_reason: 'The field hidden from people was filled (excluded automatically)',
        excluded_by_user_id: null,
      },
    ]);
    const after = (await service.results(editor, 'budget-2026'))[0]?.councilTax[0]?.responses;
    assert.deepEqual(after, { all: (before?.all ?? 0) + 2, included: (before?.included ?? 0) + 1 });
  });

  it('keeps the aggregates equal to the responses recorded, counted afresh', async () => {
    const counted = await database.db
      .selectFrom('simulation_responses')
      .select((eb) => [
        eb.fn.countAll<number>().as('all'),
        eb.fn.count<number>('excluded_at').as('excluded'),
      ])
      .executeTakeFirstOrThrow();
    const results = await service.results(editor, 'budget-2026');
    const total = (pick: 'all' | 'included') =>
      results.reduce((n, r) => n + r.councilTax.reduce((m, c) => m + c.responses[pick], 0), 0);
    assert.equal(total('all'), Number(counted.all));
    assert.equal(total('included'), Number(counted.all) - Number(counted.excluded));
  });

  it('records concurrent submits once each, a key sent twice at once included', async () => {
    const before = (await service.results(editor, 'budget-2026'))[0]?.councilTax[0]?.responses;
    const keysSent = Array.from({ length: 30 }, (_, i) => `concurrent-${i % 20}`);
    const answers = await Promise.all(keysSent.map((idempotencyKey) => submit({ idempotencyKey })));
    assert.equal(answers.filter((a) => a.recorded).length, 20);
    assert.equal(new Set(answers.map((a) => a.id)).size, 20);
    const after = (await service.results(editor, 'budget-2026'))[0]?.councilTax[0]?.responses;
    assert.equal((after?.all ?? 0) - (before?.all ?? 0), 20);
  });

  it('closes, then takes no more responses and no more changes', async () => {
    await service.setOpen(editor, 'budget-2026', false);
    await assert.rejects(submit(), BadRequestError);
    await assert.rejects(service.edit(editor, 'budget-2026', exampleDefinition()), BadRequestError);
    await assert.rejects(service.setOpen(editor, 'budget-2026', false), BadRequestError);
    assert.equal((await service.published('budget-2026')).state, 'closed');
  });

  it('takes no response outside the dates the definition states', async () => {
    await service.create(editor, {
      organisation: council,
      slug: 'budget-later',
      definition: exampleDefinition(),
    });
    await service.setOpen(editor, 'budget-later', true);
    clock = new Date('2026-02-16T17:00:00Z');
    await assert.rejects(submit({ slug: 'budget-later' }), BadRequestError);
    clock = new Date('2026-02-16T16:59:59Z');
    assert.equal((await submit({ slug: 'budget-later' })).recorded, true);
    clock = inWindow;
  });
});
