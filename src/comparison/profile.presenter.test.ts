import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AreaType } from '../db/vocabulary.ts';
import { figure, noFigure, profile, profileGroup as group } from '../testing/profile-rows.ts';
import { noFigureReason, noFigureText } from './no-figure.ts';
import { describeGroup, summariseProfile } from './profile-summary.ts';
import { presentProfile, profileRows, sortRows } from './profile.presenter.ts';

describe('the profile presenter', () => {
  it('rounds the shown value, keeps the unrounded one and gives the interval in words', () => {
    const [row] = profileRows(
      profile([
        figure({
          slug: 'employment-rate',
          value: 69.6812,
          ci: [67.04, 72.31],
          significance: 'worse',
          band: 4,
          rank: 13,
        }),
      ]),
      '',
      'Metropolitan districts',
    );
    assert.equal(row?.value, '69.7%');
    assert.equal(row?.unrounded, 69.6812);
    assert.equal(row?.interval, '67.0% to 72.3%');
    assert.equal(row?.rankText, '13th of 16');
    assert.equal(row?.standing, '13th of 16, worst quarter');
    // The colour never stands alone: each tag says in words what it means.
    assert.deepEqual(row?.bandTag, { text: 'worst quarter', classes: 'govuk-tag--red' });
    assert.deepEqual(row?.englandTag, { text: 'Worse than England', classes: 'govuk-tag--red' });
    assert.equal(row?.englandShort, 'England 50.0%');
    assert.equal(row?.headline, true);
  });

  it('says why a figure is missing, in words', () => {
    const rows = profileRows(
      profile([
        noFigure('gcses-in-english-and-maths', 'not-collected'),
        noFigure('x', 'suppressed'),
      ]),
      '',
      'District councils',
    );
    assert.equal(rows[0]?.value, 'No figure');
    assert.equal(rows[0]?.noFigure, 'Not collected for district councils');
    assert.match(rows[1]?.noFigure ?? '', /^Suppressed by the publisher/);
  });

  it('colours a measure with no judgement blue, neither good nor bad', () => {
    const [row] = profileRows(
      profile([
        figure({
          slug: 'resident-population',
          value: 1,
          polarity: 'no-judgement',
          band: 4,
          significance: 'higher',
        }),
      ]),
      '',
      'x',
    );
    assert.deepEqual(row?.bandTag, { text: 'lowest quarter', classes: 'govuk-tag--blue' });
    assert.deepEqual(row?.englandTag, { text: 'Higher than England', classes: 'govuk-tag--blue' });
  });

  it('sorts worst first, worse than England first, worsened first and by name', () => {
    const rows = profileRows(
      profile([
        figure({
          slug: 'b',
          title: 'B',
          value: 1,
          rank: 2,
          band: 1,
          significance: 'better',
          direction: 'improved',
        }),
        noFigure('e', 'suppressed'),
        figure({
          slug: 'a',
          title: 'A',
          value: 1,
          rank: 15,
          band: 4,
          significance: 'similar',
          direction: 'worsened',
        }),
        figure({
          slug: 'c',
          title: 'C',
          value: 1,
          rank: 9,
          band: 3,
          significance: 'worse',
          direction: 'no-significant-change',
        }),
      ]),
      '',
      'x',
    );
    const order = (sort: Parameters<typeof sortRows>[1]) => sortRows(rows, sort).map((r) => r.slug);
    assert.deepEqual(order('theme'), ['b', 'e', 'a', 'c']);
    assert.deepEqual(order('worst'), ['a', 'c', 'b', 'e']);
    assert.deepEqual(order('england'), ['c', 'a', 'b', 'e']);
    assert.deepEqual(order('change'), ['a', 'c', 'b', 'e']);
    assert.deepEqual(order('name'), ['a', 'b', 'c', 'e']);
  });

  it('puts headline measures first, then the others, each by theme', () => {
    const shown = presentProfile(
      profile([
        figure({ slug: 'employment-rate', value: 1, theme: 'economy-and-skills' }),
        figure({ slug: 'literacy', value: 1, theme: 'children-and-young-people' }),
        figure({
          slug: 'gcses-in-english-and-maths',
          value: 1,
          theme: 'children-and-young-people',
        }),
      ]),
      { query: '', sort: 'theme', typePlural: 'x' },
    );
    assert.deepEqual(
      shown.headlines.map((t) => t.label),
      ['Children and young people', 'Economy and skills'],
    );
    assert.deepEqual(
      shown.others.map((t) => t.rows.map((r) => r.slug)),
      [['literacy']],
    );
    assert.deepEqual(
      shown.rows.map((r) => r.slug),
      ['gcses-in-english-and-maths', 'employment-rate', 'literacy'],
    );
  });
});

describe('the profile at a glance', () => {
  it('counts the worst quarter, what worsened and what is worse than England', () => {
    const rows = profileRows(
      profile([
        figure({
          slug: 'a',
          value: 1,
          band: 4,
          rank: 15,
          direction: 'worsened',
          significance: 'worse',
        }),
        figure({ slug: 'b', value: 1, band: 4, rank: 16, direction: 'worsened' }),
        figure({ slug: 'c', value: 1, band: 1, direction: 'improved', significance: 'better' }),
        // A population is neither good nor bad: it counts in no list.
        figure({ slug: 'd', value: 1, band: 4, polarity: 'no-judgement', direction: 'increased' }),
        noFigure('e', 'suppressed'),
      ]),
      '',
      'x',
    );
    const summary = summariseProfile(rows, 'Barnsley');
    assert.equal(
      summary.sentence,
      'Of the 4 measures with a figure for Barnsley, 2 are in the worst quarter of the group and 1 in the best; 2 got worse since the previous figure and 1 got better; 1 is significantly worse than England and 1 significantly better. 1 measure has no figure, each with the reason.',
    );
    assert.deepEqual(
      summary.worst.map((l) => l.title),
      ['a', 'b'],
    );
    assert.equal(summary.worst[0]?.detail, '15th of 16, worst quarter, 1.0% (2024)');
  });
});

describe('the comparison group in words', () => {
  it('says why a metropolitan district is among counties and unitaries', () => {
    const described = describeGroup(group, {
      shortName: 'Barnsley',
      type: 'metropolitan-district',
    });
    assert.equal(described.name, 'its 15 nearest neighbours');
    assert.match(described.why ?? '', /metropolitan district runs social care/);
    assert.doesNotMatch(`${described.name} ${described.standalone}`, /counties and unitaries/);
  });

  it('keeps the label of a group that is not a model of neighbours', () => {
    const type = { id: 'type:unitary', label: 'All unitary authorities', kind: 'type', size: 62 };
    assert.deepEqual(describeGroup(type, { shortName: 'Hartlepool', type: 'unitary' }), {
      name: 'All unitary authorities',
      standalone: 'All unitary authorities',
      why: null,
    });
  });
});

describe('why a profile row has no figure', () => {
  const period = (start: string, types: AreaType[]) => ({
    label: start.slice(0, 4),
    startDate: start,
    endDate: `${start.slice(0, 4)}-12-31`,
    areaTypes: Object.fromEntries(types.map((t) => [t, {}])),
  });
  const district = { type: 'district' as const, validFrom: null, validTo: null };

  it('tells each reason apart', () => {
    const upper = [period('2023-01-01', ['county', 'unitary'])];
    assert.equal(noFigureReason({ area: district, periods: upper, own: [] }), 'not-collected');
    const both = [period('2021-01-01', ['district'])];
    const cumberland = { type: 'district' as const, validFrom: '2023-04-01', validTo: null };
    assert.equal(noFigureReason({ area: cumberland, periods: both, own: [] }), 'did-not-exist');
    assert.equal(noFigureReason({ area: district, periods: both, own: [] }), 'not-yet-published');
    assert.equal(
      noFigureReason({ area: district, periods: both, own: [{ status: 'suppressed' }] }),
      'suppressed',
    );
    assert.equal(
      noFigureReason({ area: district, periods: both, own: [{ status: 'ok' }] }),
      'not-available',
    );
    assert.equal(
      noFigureText('not-collected', 'district councils'),
      'Not collected for district councils',
    );
  });
});
