import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Database } from '../db/database.ts';
import { parsePeriod, type Period } from '../periods/period.ts';
import { DataFileError } from '../shared/errors.ts';
import { openRegisterDatabase } from '../testing/app.ts';
import { fingerprint as tableFingerprint } from '../testing/database.ts';
import type { ObservationInput, ParsedSource } from './import.types.ts';
import { publicImportId } from './import-provenance.ts';
import { ImportService } from './imports.service.ts';

function period(text: string): Period {
  const parsed = parsePeriod(text);
  assert.ok(parsed.ok);
  return parsed.period;
}

function row(areaCode: string, value: number | null, extra: Partial<ObservationInput> = {}) {
  return {
    metricSlug: 'test-rate',
    area: { scheme: 'gss' as const, value: areaCode },
    period: period('2019-04-01/P1Y'),
    value,
    lci: null,
    uci: null,
    numerator: null,
    denominator: null,
    status: value === null ? ('suppressed' as const) : ('ok' as const),
    file: 'test.csv',
    row: 2,
    ...extra,
  };
}

function source(observations: ObservationInput[]): ParsedSource {
  return {
    kind: 'tidy-csv',
    source: 'test',
    files: [{ name: 'test.csv', checksum: 'abc' }],
    metrics: [
      {
        slug: 'test-rate',
        title: 'Test rate',
        subtitle: null,
        description: null,
        unit: '%',
        measure: 'Percentage',
        decimalPlaces: 1,
        polarity: 'higher-is-better',
        theme: 'economy-and-skills',
        sourceOrganisation: 'Tests',
        sourceUrl: null,
        licence: null,
        caveats: null,
        periodicity: 'annual',
      },
    ],
    observations,
    problems: [],
    notes: [],
  };
}

const fingerprint = (database: Database) =>
  tableFingerprint(database, [
    'observations',
    'observation_revisions',
    'imports',
    'metrics',
    'metric_definitions',
    'periods',
  ]);

describe('ImportService', () => {
  let database: Database;
  let imports: ImportService;
  before(async () => {
    database = await openRegisterDatabase();
    imports = new ImportService(database);
  });
  after(() => database.close());

  it('stores values through COPY, with their import', async () => {
    const summary = await imports.run(
      source([
        row('E06000001', 63.9, { lci: 60.7, uci: 67.1 }),
        row('E07000026', 0.1 + 0.2),
        row('E08000020', null, { row: 4 }),
        row('E23000013', 5, { row: 5 }),
      ]),
    );
    assert.equal(summary.valuesInserted, 3);
    assert.equal(summary.metricsCreated, 1);
    assert.deepEqual(summary.rowsForAreasNotHeld, { E23: 1 });
    const stored = await database.db
      .selectFrom('observations as o')
      .innerJoin('areas as a', 'a.id', 'o.area_id')
      .select(['a.code', 'o.value', 'o.lci', 'o.uci', 'o.status', 'o.import_id'])
      .orderBy('a.code')
      .execute();
    assert.deepEqual(
      stored.map((s) => [s.code, s.value, s.lci, s.uci, s.status]),
      [
        ['E06000001', 63.9, 60.7, 67.1, 'ok'],
        // Gateshead's former code lands on its current one; Allerdale keeps its own values.
        ['E07000026', 0.30000000000000004, null, null, 'ok'],
        ['E08000037', null, null, null, 'suppressed'],
      ],
    );
    assert.ok(stored.every((s) => s.import_id === summary.importId));
  });

  it('changes nothing at all when the same data comes again', async () => {
    const before = await fingerprint(database);
    const summary = await imports.run(
      source([
        row('E06000001', 63.9, { lci: 60.7, uci: 67.1 }),
        row('E07000026', 0.1 + 0.2),
        row('E08000020', null),
      ]),
    );
    assert.equal(summary.valuesInserted + summary.valuesUpdated, 0);
    assert.equal(summary.valuesUnchanged, 3);
    assert.equal(summary.importId, null);
    assert.equal(await fingerprint(database), before);
  });

  it('updates a metric whose definition changed even when no value did', async () => {
    const same = [
      row('E06000001', 63.9, { lci: 60.7, uci: 67.1 }),
      row('E07000026', 0.1 + 0.2),
      row('E08000020', null),
    ];
    const corrected = source(same);
    corrected.metrics = corrected.metrics.map((m) => ({ ...m, unit: 'ratio' }));
    const summary = await imports.run(corrected);
    assert.equal(summary.valuesInserted + summary.valuesUpdated, 0);
    assert.equal(summary.metricsUpdated, 1);
    assert.notEqual(summary.importId, null);
    const stored = await database.db
      .selectFrom('metric_definitions as d')
      .innerJoin('metrics as m', 'm.id', 'd.metric_id')
      .select('d.unit')
      .where('m.slug', '=', 'test-rate')
      .orderBy('d.id', 'desc')
      .limit(1)
      .executeTakeFirstOrThrow();
    assert.equal(stored.unit, 'ratio');
    const back = await imports.run(source(same));
    assert.equal(back.metricsUpdated, 1);
    assert.equal((await imports.run(source(same))).importId, null);
  });

  it('keeps the previous value in the revision history', async () => {
    const summary = await imports.run(source([row('E06000001', 64.2, { lci: 61, uci: 67.4 })]));
    assert.equal(summary.valuesUpdated, 1);
    const revisions = await database.db
      .selectFrom('observation_revisions')
      .select(['value', 'lci', 'uci', 'valid_from', 'valid_to'])
      .execute();
    assert.equal(revisions.length, 1);
    assert.deepEqual(
      [revisions[0]?.value, revisions[0]?.lci, revisions[0]?.uci],
      [63.9, 60.7, 67.1],
    );
    assert.ok(revisions[0] && revisions[0].valid_to >= revisions[0].valid_from);
  });

  it('writes nothing on a dry run, but says what would change', async () => {
    const before = await fingerprint(database);
    const summary = await imports.run(source([row('E06000002', 50)]), { dryRun: true });
    assert.equal(summary.valuesInserted, 1);
    assert.equal(summary.importId, null);
    assert.equal(await fingerprint(database), before);
  });

  it('rejects the whole import for one bad row, naming file, row and reason', async () => {
    const before = await fingerprint(database);
    await assert.rejects(
      imports.run(
        source([
          row('E06000002', 50),
          row('E06999999', 1, { row: 7 }),
          row('E06000003', 2, { row: 8 }),
          row('E06000003', 3, { row: 9 }),
          row('E06000004', 3, { row: 10, lci: 4, uci: 2 }),
        ]),
      ),
      (error: unknown) =>
        error instanceof DataFileError &&
        /test\.csv, row 7, column "area": unknown area code "E06999999"/.test(error.message) &&
        /test\.csv, row 9: conflicts with row 8/.test(error.message) &&
        /test\.csv, row 10, column "lci": the lower confidence limit 4 is above the upper limit 2/.test(
          error.message,
        ),
    );
    assert.equal(await fingerprint(database), before);
  });

  it('imports the valid rows and lists the rest with skipInvalid', async () => {
    const summary = await imports.run(
      source([row('E06000004', 10), row('E06999998', 1, { row: 3 })]),
      { skipInvalid: true },
    );
    assert.equal(summary.valuesInserted, 1);
    assert.equal(summary.rowsRejected, 1);
    assert.match(summary.rejected[0]?.message ?? '', /E06999998/);
  });

  it('records embargoed values as embargoed', async () => {
    const until = new Date('2030-01-01T09:30:00Z');
    await imports.run(source([row('E06000005', 12)]), {
      publication: { state: 'embargoed', until },
    });
    const stored = await database.db
      .selectFrom('observations as o')
      .innerJoin('areas as a', 'a.id', 'o.area_id')
      .select(['o.publication', 'o.embargo_until'])
      .where('a.code', '=', 'E06000005')
      .executeTakeFirstOrThrow();
    assert.equal(stored.publication, 'embargoed');
    assert.equal(stored.embargo_until?.toISOString(), until.toISOString());
  });

  it('keeps the mapping and the command as typed, and publishes neither', async () => {
    const mapping = { area: { column: 'LA' }, measures: [{ metric: 'test-rate', value: 'V' }] };
    const command = "openlg import tidy-csv 'my file.csv' --title 'Test rate'";
    const summary = await imports.run(source([row('E06000006', 21)]), { command, mapping });
    const stored = await database.db
      .selectFrom('imports')
      .select(['command', 'summary'])
      .where('id', '=', summary.importId ?? -1)
      .executeTakeFirstOrThrow();
    assert.equal(stored.command, command);
    assert.deepEqual((stored.summary as { mapping?: unknown }).mapping, mapping);
    const listed = JSON.stringify(await imports.listImports(100));
    assert.ok(!listed.includes('"mapping"') && !listed.includes('my file'), listed);
  });

  it('lists imports with their provenance, newest first', async () => {
    const list = await imports.listImports(10);
    assert.ok(list.length >= 3);
    assert.ok(list.every((i, n) => n === 0 || (list[n - 1]?.startedAt ?? '') >= i.startedAt));
    const first = list[list.length - 1];
    assert.deepEqual(first?.files, [{ name: 'test.csv', sha256: 'abc' }]);
    assert.equal(first?.publisher, 'openlg');
    assert.match(first?.id ?? '', /^[0-9a-f]{16}$/);
    assert.match(JSON.stringify(first?.summary), /"inserted":3/);
  });

  it('flags synthetic imports and their metrics, and refuses an unlabelled synthetic metric', async () => {
    const unlabelled = source([row('E06000008', 1)]);
    unlabelled.metrics = unlabelled.metrics.map((m) => ({ ...m, slug: 'scale-test' }));
    unlabelled.observations = unlabelled.observations.map((o) => ({
      ...o,
      metricSlug: 'scale-test',
    }));
    await assert.rejects(
      imports.run(unlabelled, { synthetic: true }),
      /synthetic metric "scale-test" must say "\(synthetic\)" in its title/,
    );
    const labelled = structuredClone(unlabelled);
    labelled.metrics = labelled.metrics.map((m) => ({ ...m, title: 'Scale test (synthetic)' }));
    const summary = await imports.run(labelled, { synthetic: true });
    const stored = await database.db
      .selectFrom('imports')
      .innerJoin('observations as o', 'o.import_id', 'imports.id')
      .innerJoin('metrics as m', 'm.id', 'o.metric_id')
      .select(['imports.synthetic as importSynthetic', 'm.synthetic as metricSynthetic'])
      .where('imports.id', '=', summary.importId ?? -1)
      .executeTakeFirstOrThrow();
    assert.deepEqual(stored, { importSynthetic: true, metricSynthetic: true });
  });

  it('defines thousands of metrics in one import (past the 65,535-parameter limit)', async () => {
    const many = source([]);
    const [template] = many.metrics;
    assert.ok(template);
    many.metrics = Array.from({ length: 5000 }, (_, i) => ({
      ...template,
      slug: `many-${i}`,
      title: `Many ${i}`,
    }));
    many.observations = many.metrics.map((m, i) => ({
      ...row('E06000001', i),
      metricSlug: m.slug,
    }));
    const summary = await imports.run(many);
    assert.equal(summary.metricsCreated, 5000);
    assert.equal(summary.valuesInserted, 5000);
  });

  it('keeps embargoed and restricted imports out of the public provenance', async () => {
    const before = (await imports.listImports(100)).map((i) => i.id);
    const restricted = await imports.run(source([row('E06000006', 1)]), {
      publication: { state: 'restricted' },
    });
    const lifted = await imports.run(source([row('E06000007', 1)]), {
      publication: { state: 'embargoed', until: new Date(Date.now() - 1000) },
    });
    const after = (await imports.listImports(100)).map((i) => i.id);
    const publicId = async (id: number | null) =>
      publicImportId(
        await database.db
          .selectFrom('imports')
          .select(['kind', 'file_checksum', 'started_at'])
          .where('id', '=', id ?? -1)
          .executeTakeFirstOrThrow(),
      );
    assert.ok(!after.includes(await publicId(restricted.importId)));
    // The embargoed import of the test before (until 2030) is not listed either.
    assert.equal(
      after.filter((id) => !before.includes(id)).join(),
      await publicId(lifted.importId),
    );
    assert.equal(
      before.length,
      (await database.db.selectFrom('imports').select('id').execute()).length - 2 - 1,
    );
  });

  it('never hides an unchanged public value behind a later embargo; restricted still withdraws', async () => {
    const states = async () =>
      (
        await database.db
          .selectFrom('observations as o')
          .innerJoin('areas as a', 'a.id', 'o.area_id')
          .innerJoin('metrics as m', 'm.id', 'o.metric_id')
          .select(['a.code', 'o.value', 'o.publication'])
          .where('m.slug', '=', 'test-rate')
          .where('a.code', 'in', ['E06000008', 'E06000009'])
          .orderBy('a.code')
          .execute()
      ).map((r) => [r.code, r.value, r.publication]);
    await imports.run(source([row('E06000008', 30), row('E06000009', 40)]));
    const until = new Date('2031-01-01T09:30:00Z');
    const embargoed = await imports.run(source([row('E06000008', 30), row('E06000009', 41)]), {
      publication: { state: 'embargoed', until },
    });
    assert.equal(embargoed.valuesUpdated, 1);
    assert.deepEqual(await states(), [
      ['E06000008', 30, 'published'],
      ['E06000009', 41, 'embargoed'],
    ]);
    const before = await fingerprint(database);
    await imports.run(source([row('E06000008', 30), row('E06000009', 41)]), {
      publication: { state: 'embargoed', until },
    });
    assert.deepEqual(await fingerprint(database), before, 'the same again changes nothing');
    await imports.run(source([row('E06000008', 30)]), { publication: { state: 'restricted' } });
    assert.deepEqual((await states())[0], ['E06000008', 30, 'restricted']);
  });
});
