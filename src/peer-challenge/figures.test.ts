import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  countFigures,
  financialYearOf,
  stageOf,
  stateAsAt,
  type CountedChallenge,
} from './figures.ts';
import { challengeStates, type ChallengeState, type ChallengeType } from './vocabulary.ts';

function challenge(
  type: ChallengeType,
  programmeYear: string,
  path: [ChallengeState, string][],
  booked = false,
): CountedChallenge {
  const last = path.at(-1);
  if (!last) throw new Error('a challenge needs a state');
  return {
    type,
    programmeYear,
    state: last[0],
    booked,
    transitions: path.map(([to, on]) => ({ to, on })),
  };
}

describe('where a challenge stands in the figures', () => {
  it('counts feedback given to closed as delivered, whether booked or not', () => {
    const delivered = challengeStates.slice(
      challengeStates.indexOf('feedback-given'),
      challengeStates.indexOf('closed') + 1,
    );
    assert.equal(delivered.length, 6);
    for (const state of delivered) {
      assert.equal(stageOf(state, false), 'delivered', state);
      assert.equal(stageOf(state, true), 'delivered', state);
    }
  });

  it('counts a team assembled or on site as confirmed', () => {
    assert.equal(stageOf('team-assembled', false), 'confirmed');
    assert.equal(stageOf('on-site', false), 'confirmed');
  });

  it('counts the early states as in discussion, or confirmed once a window is booked', () => {
    for (const state of ['requested', 'scoping', 'position-statement-received'] as const) {
      assert.equal(stageOf(state, false), 'in-discussion', state);
      assert.equal(stageOf(state, true), 'confirmed', state);
    }
  });

  it('counts cancelled and postponed challenges nowhere', () => {
    for (const booked of [false, true]) {
      assert.equal(stageOf('cancelled', booked), null);
      assert.equal(stageOf('postponed', booked), null);
    }
  });
});

describe('a challenge’s state as at a day', () => {
  const c = challenge('planning', '2012-13', [
    ['requested', '2012-01-10'],
    ['scoping', '2012-03-01'],
    ['feedback-given', '2012-06-15'],
  ]);

  it('is the last state reached by the end of that day', () => {
    assert.equal(stateAsAt(c, '2012-01-09'), null);
    assert.equal(stateAsAt(c, '2012-01-10'), 'requested');
    assert.equal(stateAsAt(c, '2012-06-14'), 'scoping');
    assert.equal(stateAsAt(c, '2012-06-15'), 'feedback-given');
    assert.equal(stateAsAt(c, '2030-01-01'), 'feedback-given');
  });
});

describe('the programme figures', () => {
  const records = [
    challenge('corporate-peer-challenge', '2017-18', [
      ['requested', '2016-11-01'],
      ['team-assembled', '2017-05-01'],
      ['on-site', '2017-06-06'],
      ['feedback-given', '2017-06-09'],
      ['closed', '2018-04-01'],
    ]),
    challenge('corporate-peer-challenge', '2017-18', [
      ['requested', '2017-02-01'],
      ['team-assembled', '2017-09-01'],
      ['on-site', '2017-11-07'],
      ['feedback-given', '2017-11-10'],
    ]),
    challenge('childrens-safeguarding', '2017-18', [['requested', '2017-08-01']], true),
    challenge('adult-social-care', '2017-18', [
      ['requested', '2017-08-01'],
      ['scoping', '2017-09-15'],
    ]),
    challenge('adult-social-care', '2017-18', [
      ['requested', '2017-10-02'],
      ['cancelled', '2017-12-01'],
    ]),
    challenge('planning', '2012-13', [
      ['requested', '2012-01-10'],
      ['feedback-given', '2012-06-15'],
    ]),
  ];

  it('counts each year by type now, every type listed', () => {
    const [y2012, y2017, ...rest] = countFigures(records);
    assert.equal(rest.length, 0);
    assert.equal(y2012?.year, '2012-13');
    assert.equal(y2012?.label, '2012/13');
    assert.deepEqual(y2012?.total, { delivered: 1, confirmed: 0, inDiscussion: 0 });
    assert.equal(y2017?.byType.length, 10);
    assert.deepEqual(y2017?.total, { delivered: 2, confirmed: 1, inDiscussion: 1 });
    assert.deepEqual(y2017?.byType[0], {
      type: 'corporate-peer-challenge',
      delivered: 2,
      confirmed: 0,
      inDiscussion: 0,
    });
    assert.deepEqual(
      y2017?.byType.find((t) => t.type === 'adult-social-care'),
      {
        type: 'adult-social-care',
        delivered: 0,
        confirmed: 0,
        inDiscussion: 1,
      },
    );
  });

  it('counts as at a day by the states then, leaving out what was not yet recorded', () => {
    const y2017 = countFigures(records, '2017-09-30').find((y) => y.year === '2017-18');
    assert.deepEqual(y2017?.total, { delivered: 1, confirmed: 2, inDiscussion: 1 });
    const early = countFigures(records, '2012-03-01');
    assert.deepEqual(
      early.map((y) => [y.year, y.total]),
      [['2012-13', { delivered: 0, confirmed: 0, inDiscussion: 1 }]],
    );
    assert.deepEqual(countFigures(records, '2011-12-31'), []);
  });

  it('keeps a year whose challenges were all cancelled, with nothing counted', () => {
    const [only] = countFigures([records[4]!]);
    assert.deepEqual(only?.total, { delivered: 0, confirmed: 0, inDiscussion: 0 });
  });
});

describe('the financial year of a day', () => {
  it('runs from April to March', () => {
    assert.equal(financialYearOf('2017-09-30'), '2017-18');
    assert.equal(financialYearOf('2018-03-31'), '2017-18');
    assert.equal(financialYearOf('2018-04-01'), '2018-19');
    assert.equal(financialYearOf('1999-04-01'), '1999-00');
  });
});
