import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Database } from '../db/database.ts';
import { DataFileError } from '../shared/errors.ts';
import { fingerprint as tableFingerprint } from '../testing/database.ts';
import { observation, parsedSource, testRate, useImportDatabase } from '../testing/fixtures.ts';
import { publicImportId } from './import-provenance.ts';
import { ImportService } from './imports.service.ts';

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
  const store = useImportDatabase();

  it('stores values through COPY, with their import', async () => {
    const summary = await store.imports.run(
      parsedSource([
        observation('E06000001', 63.9, { lci: 60.7, uci: 67.1 }),
        observation('E07000026', 0.1 + 0.2),
        observation('E08000020', null, { row: 4 }),
        observation('E23000013', 5, { row: 5 }),
      ]),
    );
    assert.equal(summary.valuesInserted, 3);
    assert.equal(summary.metricsCreated, 1);
    assert.deepEqual(summary.rowsForAreasNotHeld, { E23: 1 });
    const stored = await store.database.db
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
    const before = await fingerprint(store.database);
    const summary = await store.imports.run(
      parsedSource([
        observation('E06000001', 63.9, { lci: 60.7, uci: 67.1 }),
        observation('E07000026', 0.1 + 0.2),
        observation('E08000020', null),
      ]),
    );
    assert.equal(summary.valuesInserted + summary.valuesUpdated, 0);
    assert.equal(summary.valuesUnchanged, 3);
    assert.equal(summary.importId, null);
    assert.equal(await fingerprint(store.database), before);
  });

  it('updates a metric whose definition changed even when no value did', async () => {
    const same = [
      observation('E06000001', 63.9, { lci: 60.7, uci: 67.1 }),
      observation('E07000026', 0.1 + 0.2),
      observation('E08000020', null),
    ];
    const corrected = parsedSource(same);
    corrected.metrics = corrected.metrics.map((m) => ({ ...m, unit: 'ratio' }));
    const summary = await store.imports.run(corrected);
    assert.equal(summary.valuesInserted + summary.valuesUpdated, 0);
    assert.equal(summary.metricsUpdated, 1);
    assert.notEqual(summary.importId, null);
    const stored = await store.database.db
      .selectFrom('metric_definitions as d')
      .innerJoin('metrics as m', 'm.id', 'd.metric_id')
      .select('d.unit')
      .where('m.slug', '=', 'test-rate')
      .orderBy('d.id', 'desc')
      .limit(1)
      .executeTakeFirstOrThrow();
    assert.equal(stored.unit, 'ratio');
    const back = await store.imports.run(parsedSource(same));
    assert.equal(back.metricsUpdated, 1);
    assert.equal((await store.imports.run(parsedSource(same))).importId, null);
  });

  it('keeps the previous value in the revision history', async () => {
    const summary = await store.imports.run(
      parsedSource([observation('E06000001', 64.2, { lci: 61, uci: 67.4 })]),
    );
    assert.equal(summary.valuesUpdated, 1);
    const revisions = await store.database.db
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
    const before = await fingerprint(store.database);
    const summary = await store.imports.run(parsedSource([observation('E06000002', 50)]), {
      dryRun: true,
    });
    assert.equal(summary.valuesInserted, 1);
    assert.equal(summary.importId, null);
    assert.equal(await fingerprint(store.database), before);
  });

  it('rejects the whole import for one bad row, naming file, row and reason', async () => {
    const before = await fingerprint(store.database);
    await assert.rejects(
      store.imports.run(
        parsedSource([
          observation('E06000002', 50),
          observation('E06999999', 1, { row: 7 }),
          observation('E06000003', 2, { row: 8 }),
          observation('E06000003', 3, { row: 9 }),
          observation('E06000004', 3, { row: 10, lci: 4, uci: 2 }),
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
    assert.equal(await fingerprint(store.database), before);
  });

  it('imports the valid rows and lists the rest with skipInvalid', async () => {
    const summary = await store.imports.run(
      parsedSource([observation('E06000004', 10), observation('E06999998', 1, { row: 3 })]),
      { skipInvalid: true },
    );
    assert.equal(summary.valuesInserted, 1);
    assert.equal(summary.rowsRejected, 1);
    assert.match(summary.rejected[0]?.message ?? '', /E06999998/);
  });

  it('records embargoed values as embargoed', async () => {
    const until = new Date('2030-01-01T09:30:00Z');
    await store.imports.run(parsedSource([observation('E06000005', 12)]), {
      publication: { state: 'embargoed', until },
    });
    const stored = await store.database.db
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
    const summary = await store.imports.run(parsedSource([observation('E06000006', 21)]), {
      command,
      mapping,
    });
    const stored = await store.database.db
      .selectFrom('imports')
      .select(['command', 'summary'])
      .where('id', '=', summary.importId ?? -1)
      .executeTakeFirstOrThrow();
    assert.equal(stored.command, command);
    assert.deepEqual((stored.summary as { mapping?: unknown }).mapping, mapping);
    const listed = JSON.stringify(await store.imports.listImports(100));
    assert.ok(!listed.includes('"mapping"') && !listed.includes('my file'), listed);
  });

  it('lists imports with their provenance, newest first', async () => {
    const list = await store.imports.listImports(10);
    assert.ok(list.length >= 3);
    assert.ok(list.every((i, n) => n === 0 || (list[n - 1]?.startedAt ?? '') >= i.startedAt));
    const first = list[list.length - 1];
    assert.deepEqual(first?.files, [{ name: 'test.csv', sha256: 'abc' }]);
    assert.equal(first?.publisher, 'openlg');
    assert.match(first?.id ?? '', /^[0-9a-f]{16}$/);
    assert.match(JSON.stringify(first?.summary), /"inserted":3/);
  });

  it('flags synthetic imports and their metrics, and refuses an unlabelled synthetic metric', async () => {
    const unlabelled = parsedSource([observation('E06000008', 1)]);
    unlabelled.metrics = unlabelled.metrics.map((m) => ({ ...m, slug: 'scale-test' }));
    unlabelled.observations = unlabelled.observations.map((o) => ({
      ...o,
      metricSlug: 'scale-test',
    }));
    await assert.rejects(
      store.imports.run(unlabelled, { synthetic: true }),
      /synthetic metric "scale-test" must say "\(synthetic\)" in its title/,
    );
    const labelled = structuredClone(unlabelled);
    labelled.metrics = labelled.metrics.map((m) => ({ ...m, title: 'Scale test (synthetic)' }));
    const summary = await store.imports.run(labelled, { synthetic: true });
    const stored = await store.database.db
      .selectFrom('imports')
      .innerJoin('observations as o', 'o.import_id', 'imports.id')
      .innerJoin('metrics as m', 'm.id', 'o.metric_id')
      .select(['imports.synthetic as importSynthetic', 'm.synthetic as metricSynthetic'])
      .where('imports.id', '=', summary.importId ?? -1)
      .executeTakeFirstOrThrow();
    assert.deepEqual(stored, { importSynthetic: true, metricSynthetic: true });
  });

  it('defines thousands of metrics in one import (past the 65,535-parameter limit)', async () => {
    const many = parsedSource([]);
    const [template] = many.metrics;
    assert.ok(template);
    many.metrics = Array.from({ length: 5000 }, (_, i) => ({
      ...template,
      slug: `many-${i}`,
      title: `Many ${i}`,
    }));
    many.observations = many.metrics.map((m, i) => ({
      ...observation('E06000001', i),
      metricSlug: m.slug,
    }));
    const summary = await store.imports.run(many);
    assert.equal(summary.metricsCreated, 5000);
    assert.equal(summary.valuesInserted, 5000);
  });

  it('keeps embargoed and restricted imports out of the public provenance', async () => {
    const before = (await store.imports.listImports(100)).map((i) => i.id);
    const restricted = await store.imports.run(parsedSource([observation('E06000006', 1)]), {
      publication: { state: 'restricted' },
    });
    const lifted = await store.imports.run(parsedSource([observation('E06000007', 1)]), {
      publication: { state: 'embargoed', until: new Date(Date.now() - 1000) },
    });
    const after = (await store.imports.listImports(100)).map((i) => i.id);
    const publicId = async (id: number | null) =>
      publicImportId(
        await store.database.db
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
      (await store.database.db.selectFrom('imports').select('id').execute()).length - 2 - 1,
    );
  });

  it('never hides an unchanged public value behind a later embargo; restricted still withdraws', async () => {
    const states = async () =>
      (
        await store.database.db
          .selectFrom('observations as o')
          .innerJoin('areas as a', 'a.id', 'o.area_id')
          .innerJoin('metrics as m', 'm.id', 'o.metric_id')
          .select(['a.code', 'o.value', 'o.publication'])
          .where('m.slug', '=', 'test-rate')
          .where('a.code', 'in', ['E06000008', 'E06000009'])
          .orderBy('a.code')
          .execute()
      ).map((r) => [r.code, r.value, r.publication]);
    await store.imports.run(
      parsedSource([observation('E06000008', 30), observation('E06000009', 40)]),
    );
    const until = new Date('2031-01-01T09:30:00Z');
    const embargoed = await store.imports.run(
      parsedSource([observation('E06000008', 30), observation('E06000009', 41)]),
      {
        publication: { state: 'embargoed', until },
      },
    );
    assert.equal(embargoed.valuesUpdated, 1);
    assert.deepEqual(await states(), [
      ['E06000008', 30, 'published'],
      ['E06000009', 41, 'embargoed'],
    ]);
    const before = await fingerprint(store.database);
    await store.imports.run(
      parsedSource([observation('E06000008', 30), observation('E06000009', 41)]),
      {
        publication: { state: 'embargoed', until },
      },
    );
    assert.deepEqual(await fingerprint(store.database), before, 'the same again changes nothing');
    await store.imports.run(parsedSource([observation('E06000008', 30)]), {
      publication: { state: 'restricted' },
    });
    assert.deepEqual((await states())[0], ['E06000008', 30, 'restricted']);
  });

  it('runs its follower after a committed change only, and notes its failure', async () => {
    const told: string[][] = [];
    let fail = false;
    const imports = new ImportService(store.database, {
      followedBy: () => ({
        afterImport: async (slugs) => {
          told.push([...slugs]);
          if (fail) throw new Error('it broke');
          return [];
        },
      }),
    });
    const rows = [observation('E06000010', 12, { metricSlug: 'followed-rate' })];
    const source = parsedSource(rows, { metrics: [{ ...testRate, slug: 'followed-rate' }] });
    await imports.run(source, { dryRun: true });
    assert.deepEqual(told, [], 'a dry run is not followed');
    const first = await imports.run(source);
    assert.deepEqual([told, first.followUps], [[['followed-rate']], []]);
    await imports.run(source);
    assert.equal(told.length, 1, 'an import that changes nothing is not followed');
    fail = true;
    const failed = await imports.run(
      parsedSource([observation('E06000010', 13, { metricSlug: 'followed-rate' })], {
        metrics: [],
      }),
    );
    assert.equal(failed.valuesUpdated, 1, 'the import itself stands');
    assert.match(
      failed.notes.join('\n'),
      /could not be recalculated \(it broke\): run openlg calculated recompute/,
    );
  });
});
