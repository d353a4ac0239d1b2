import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatMoment, statusView } from './status.presenter.ts';

describe('statusView', () => {
  it('names the latest import by its publisher, with the time in UTC', () => {
    const view = statusView({
      health: { status: 'ok', database: { engine: 'postgres', reachable: true } },
      data: { version: 1234, changedAt: new Date('2026-12-03T09:05:00Z') },
      lastImport: { kind: 'ons-els', source: 'tidy.csv', finishedAt: '2026-12-02T23:59:00Z' },
    });
    assert.equal(view.ok, true);
    assert.equal(view.heading, 'The service is working');
    assert.deepEqual(view.rows, [
      { key: 'Database', value: 'PostgreSQL: answering' },
      { key: 'Figures last changed', value: '3 December 2026 at 09:05 UTC (version 1,234)' },
      { key: 'Latest import', value: 'ONS Explore Local Statistics, 2 December 2026 at 23:59 UTC' },
    ]);
  });

  it('names a CSV import by its file, and says when the database is lost', () => {
    const csv = statusView({
      health: { status: 'ok', database: { engine: 'pglite', reachable: true } },
      data: { version: 2, changedAt: new Date('2026-01-01T00:00:00Z') },
      lastImport: { kind: 'tidy-csv', source: 'la_imd.csv', finishedAt: '2026-01-01T00:00:00Z' },
    });
    assert.equal(csv.rows[2]?.value, 'The file la_imd.csv, 1 January 2026 at 00:00 UTC');
    const lost = statusView({
      health: { status: 'unavailable', database: { engine: 'pglite', reachable: false } },
      data: null,
      lastImport: null,
    });
    assert.equal(lost.heading, 'The service cannot reach its database');
    assert.deepEqual(lost.rows, [
      { key: 'Database', value: 'The database built into openlg (PGlite): not answering' },
    ]);
  });

  it('formats moments GOV.UK style', () => {
    assert.equal(formatMoment(new Date('2024-04-01T07:03:00Z')), '1 April 2024 at 07:03 UTC');
  });
});
