import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeChange, figureChanges, type ReadFigure } from './report.changes.ts';
import { readPastDay } from './report.dates.ts';
import type { FieldError } from '../site/forms.ts';

const percent = { decimalPlaces: 1, unit: '%' };

function figure(
  slug: string,
  period: string | null,
  value: number | null,
  status: 'ok' | 'suppressed' = 'ok',
): ReadFigure {
  return {
    slug,
    title: `Rate ${slug}`,
    period: period === null ? null : { code: period, label: `Year ${period}` },
    figure: period === null ? null : { value, lci: null, uci: null, status },
    format: percent,
  };
}

describe('what changed in a report’s figures', () => {
  it('lists revised figures and new periods, in the order of the report', () => {
    const before = [figure('a', '2023', 70), figure('b', '2022', 5), figure('c', null, null)];
    const now = [figure('c', '2024', 1.25), figure('b', '2023', 6), figure('a', '2023', 71.5)];
    assert.deepEqual(figureChanges(before, now).map(describeChange), [
      'Rate c: new figure for Year 2024, 1.3%',
      'Rate b: new figure for Year 2023, 6.0% (before, the latest was 5.0% for Year 2022)',
      'Rate a, Year 2023: revised from 70.0% to 71.5%',
    ]);
  });

  it('lists nothing that did not change, nor a measure without a figure now', () => {
    const same = [figure('a', '2023', 70), figure('b', '2022', 5)];
    assert.deepEqual(figureChanges(same, same), []);
    assert.deepEqual(figureChanges(same, [figure('a', null, null)]), []);
  });

  it('tells a figure suppressed since as a revision', () => {
    const [change] = figureChanges(
      [figure('a', '2023', 70)],
      [figure('a', '2023', null, 'suppressed')],
    );
    assert.equal(change?.kind, 'revised');
  });

  it('tells a measure new to the report as new', () => {
    const [change] = figureChanges([], [figure('a', '2023', 70)]);
    assert.deepEqual(change, {
      kind: 'new-period',
      slug: 'a',
      title: 'Rate a',
      period: 'Year 2023',
      value: '70.0%',
      before: null,
    });
  });
});

describe('a past day of a report’s query', () => {
  const today = new Date('2026-12-04T10:00:00Z');
  const read = (text: string) => {
    const errors: FieldError[] = [];
    const day = readPastDay(text, 'asOf', 'The date', errors, today);
    return { day, errors: errors.map((e) => e.text) };
  };

  it('reads a date as the end of that day', () => {
    assert.deepEqual(read('2026-11-01').day, {
      day: '2026-11-01',
      at: new Date('2026-11-01T23:59:59.999Z'),
      words: '1 November 2026',
    });
    assert.equal(read('2026-12-04').errors.length, 0);
    assert.deepEqual(read(''), { day: null, errors: [] });
  });

  it('refuses what is not a real date, or is to come or long gone', () => {
    for (const text of ['2026-02-30', '1 Nov 2026', '2026-13-01', '26-11-01'])
      assert.deepEqual(read(text).errors, ['The date must be a real date, such as 2026-11-01']);
    for (const text of ['2026-12-05', '1999-12-31'])
      assert.deepEqual(read(text).errors, ['The date must be between 1 January 2000 and today']);
  });
});
