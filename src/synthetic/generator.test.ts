import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { seededRandom, syntheticMetrics, syntheticRows } from './generator.ts';

const areas = ['E06000001', 'E06000002', 'E06000003'];

describe('the synthetic generator', () => {
  it('gives the same rows for the same seed, and other rows for another', () => {
    const [metric] = syntheticMetrics(1, 7);
    assert.ok(metric);
    const a = [...syntheticRows(metric, 0, areas, 2005, 20, 7)];
    const b = [...syntheticRows(metric, 0, areas, 2005, 20, 7)];
    const c = [...syntheticRows(metric, 0, areas, 2005, 20, 8)];
    assert.deepEqual(a, b);
    assert.notDeepEqual(a, c);
    assert.equal(a.length, 60);
  });

  it('labels every metric synthetic', () => {
    for (const m of syntheticMetrics(50, 1)) {
      assert.match(m.title, /\(synthetic\)$/);
      assert.match(m.slug, /^synthetic-\d{5}$/);
    }
  });

  it('gives missing values a reason, intervals around values, and percentages within 100', () => {
    const metrics = syntheticMetrics(40, 3);
    const rows = metrics.flatMap((m, i) => [...syntheticRows(m, i, areas, 2005, 20, 3)]);
    assert.ok(rows.some((r) => r.status === 'x') && rows.some((r) => r.status === 'c'));
    for (const r of rows) {
      if (r.status !== '') assert.equal(r.value, '');
      else assert.ok(Number.isFinite(Number(r.value)), r.value);
      if (r.lci !== '')
        assert.ok(Number(r.lci) <= Number(r.value) && Number(r.value) <= Number(r.uci));
      const metric = metrics.find((m) => m.slug === r.metric);
      if (metric?.unit === '%' && r.value !== '') assert.ok(Number(r.value) <= 100, r.value);
    }
    assert.ok(rows.some((r) => r.lci !== ''));
  });

  it('draws numbers in [0, 1)', () => {
    const random = seededRandom(42);
    for (let i = 0; i < 1000; i++) {
      const x = random();
      assert.ok(x >= 0 && x < 1);
    }
  });
});
