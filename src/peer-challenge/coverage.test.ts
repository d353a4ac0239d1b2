import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  coverage,
  coverageTable,
  deliveredOn,
  statusOf,
  type CoveredCouncil,
  type CoveringChallenge,
} from './coverage.ts';

const councils: CoveredCouncil[] = [
  { code: 'E06000001', name: 'Hartlepool', type: 'unitary', region: 'North East' },
  { code: 'E07000001', name: 'Somewhere', type: 'district', region: 'East of England' },
  { code: 'E09000001', name: 'City', type: 'london-borough', region: 'London' },
];

function delivered(
  areaCode: string,
  onSiteEnd: string,
  type: CoveringChallenge['type'] = 'corporate-peer-challenge',
): CoveringChallenge {
  return {
    type,
    areaCode,
    state: 'closed',
    onSiteEnd,
    transitions: [
      { to: 'requested', on: '2010-01-04' },
      { to: 'on-site', on: onSiteEnd },
      { to: 'feedback-given', on: onSiteEnd },
      { to: 'closed', on: '2030-01-01' },
    ],
  };
}

describe('coverage status', () => {
  it('is current up to exactly four years after the last day on site, due the day after', () => {
    assert.equal(statusOf('2015-06-30', '2019-06-30'), 'current');
    assert.equal(statusOf('2015-06-30', '2019-07-01'), 'due');
  });

  it('is due up to exactly five years after, overdue the day after', () => {
    assert.equal(statusOf('2015-06-30', '2020-06-30'), 'due');
    assert.equal(statusOf('2015-06-30', '2020-07-01'), 'overdue');
  });

  it('keeps a 29 February anniversary within its month', () => {
    assert.equal(statusOf('2016-02-29', '2020-02-29'), 'current');
    assert.equal(statusOf('2016-02-29', '2020-03-01'), 'due');
  });

  it('counts a council never challenged as overdue', () => {
    const [, never] = coverage(councils, [delivered('E06000001', '2015-06-30')], '2016-01-01');
    assert.equal(never?.status, 'overdue');
    assert.equal(never?.last, null);
    assert.equal(never?.dueFrom, null);
  });
});

describe('coverage', () => {
  it('counts a finance peer review as a corporate challenge would count', () => {
    const [council] = coverage(
      councils,
      [
        delivered('E06000001', '2012-03-01'),
        delivered('E06000001', '2016-05-20', 'finance-peer-review'),
      ],
      '2020-01-01',
    );
    assert.deepEqual(council?.last, { type: 'finance-peer-review', on: '2016-05-20' });
    assert.equal(council?.status, 'current');
    assert.equal(council?.dueFrom, '2020-05-20');
    assert.equal(council?.overdueFrom, '2021-05-20');
  });

  it('ignores service challenges, which do not stand in for a corporate one', () => {
    const [council] = coverage(
      councils,
      [delivered('E06000001', '2019-03-01', 'childrens-safeguarding')],
      '2020-01-01',
    );
    assert.equal(council?.last, null);
  });

  it('counts only challenges delivered by the day: feedback given or later', () => {
    const onSite: CoveringChallenge = {
      ...delivered('E06000001', '2019-03-01'),
      state: 'on-site',
      onSiteEnd: null,
      transitions: [
        { to: 'requested', on: '2018-01-01' },
        { to: 'on-site', on: '2019-03-01' },
      ],
    };
    assert.equal(deliveredOn(onSite, '2020-01-01'), null);
    const later = delivered('E06000001', '2019-03-01');
    assert.equal(deliveredOn(later, '2019-02-28'), null);
    assert.equal(deliveredOn(later, '2019-03-01'), '2019-03-01');
    const cancelled: CoveringChallenge = {
      ...later,
      state: 'cancelled',
      transitions: [
        { to: 'requested', on: '2018-01-01' },
        { to: 'cancelled', on: '2018-06-01' },
      ],
    };
    assert.equal(deliveredOn(cancelled, '2020-01-01'), null);
  });

  it('falls back to the day of feedback when the days on site are not recorded', () => {
    assert.equal(
      deliveredOn({ ...delivered('E06000001', '2019-03-01'), onSiteEnd: null }, '2020-01-01'),
      '2019-03-01',
    );
  });

  it('tallies by type, every type listed, and by region', () => {
    const table = coverageTable(
      coverage(
        councils,
        [delivered('E06000001', '2019-03-01'), delivered('E07000001', '2015-10-01')],
        '2020-01-01',
      ),
    );
    assert.deepEqual(table.total, { current: 1, due: 1, overdue: 1, total: 3 });
    assert.deepEqual(
      table.byType.map((t) => [t.type, t.current, t.due, t.overdue]),
      [
        ['county', 0, 0, 0],
        ['district', 0, 1, 0],
        ['unitary', 1, 0, 0],
        ['metropolitan-district', 0, 0, 0],
        ['london-borough', 0, 0, 1],
      ],
    );
    assert.deepEqual(
      table.byRegion.map((r) => r.region),
      ['East of England', 'London', 'North East'],
    );
  });
});
