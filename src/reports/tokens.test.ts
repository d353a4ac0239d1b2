import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  inSentence,
  metricsNamed,
  ordinal,
  parseText,
  possessive,
  renderText,
  type MetricFacts,
  type TokenContext,
} from './tokens.ts';

const employment: MetricFacts = {
  title: 'Employment rate',
  value: '74.1%',
  period: '2023',
  rank: { rank: 4, outOf: 16, band: 1 },
  unjudged: false,
  england: 'better',
  travel: { direction: 'improved', amount: '2.1 percentage points', rising: true, from: '2022' },
  median: '72.0%',
};

const population: MetricFacts = {
  title: 'Resident population',
  value: '93,836 people',
  period: '2020',
  rank: { rank: 16, outOf: 16, band: 4 },
  unjudged: true,
  england: 'not-tested',
  travel: { direction: 'decreased', amount: '120 people', rising: false, from: '2019' },
  median: '150,000 people',
};

const none: MetricFacts = {
  title: 'Claimant count',
  value: null,
  period: null,
  rank: null,
  unjudged: false,
  england: null,
  travel: null,
  median: null,
};

const context: TokenContext = {
  area: { name: 'Hartlepool', code: 'E06000001' },
  group: { label: 'Nearest neighbours', size: 16, councils: 'similar councils' },
  period: { label: 'the latest published figures' },
  metric: (slug) =>
    ({ 'employment-rate': employment, 'resident-population': population, 'claimant-count': none })[
      slug
    ],
};

const say = (text: string) => renderText(text, context);
/** A token's words mid-sentence: a text that opens with one starts with a capital. */
const within = (text: string) => say(`Said: ${text}`).slice('Said: '.length);

describe('report tokens', () => {
  it('says the issue’s sentence in plain words', () => {
    assert.equal(
      say(
        '{area.possessive} rate is {metric:employment-rate.rank} and {metric:employment-rate.direction}',
      ),
      'Hartlepool’s rate is 4th of 16 similar councils and improving',
    );
  });

  it('fills in the area, group and period', () => {
    assert.equal(
      say(
        '{area.name} ({area.code}) against {group.label}, {group.size} {group.councils}, using {period.label}.',
      ),
      'Hartlepool (E06000001) against Nearest neighbours, 16 similar councils, using the latest published figures.',
    );
  });

  it('says each field of a measure', () => {
    const field = (f: string) => within(`{metric:employment-rate.${f}}`);
    assert.equal(field('title'), 'employment rate');
    assert.equal(field('value'), '74.1%');
    assert.equal(field('period'), '2023');
    assert.equal(field('quartile'), 'in the best quarter');
    assert.equal(field('england'), 'better than England');
    assert.equal(field('change'), 'up 2.1 percentage points since 2022');
    assert.equal(field('median'), '72.0%');
    assert.equal(
      field('sentence'),
      'Hartlepool’s employment rate is 74.1% (2023), 4th of 16 similar councils and improving',
    );
  });

  it('ranks a measure without a better direction highest first, without judging it', () => {
    assert.equal(
      within(
        '{metric:resident-population.rank}, {metric:resident-population.quartile}; {metric:resident-population.direction}, {metric:resident-population.change}',
      ),
      'the lowest of 16 similar councils, in the lowest quarter; falling, down 120 people since 2019',
    );
    assert.equal(within('{metric:resident-population.england}'), 'not tested against England');
    const ranked = (rank: number) =>
      renderText('{metric:p.rank}', {
        ...context,
        metric: () => ({ ...population, rank: { rank, outOf: 16, band: 2 } }),
      });
    assert.deepEqual([1, 2, 16].map(ranked), [
      'The highest of 16 similar councils',
      '2nd highest of 16 similar councils',
      'The lowest of 16 similar councils',
    ]);
  });

  it('says plainly when an area has no figure, and for a measure not held', () => {
    assert.equal(within('{metric:claimant-count.value}'), 'not available');
    assert.equal(within('{metric:claimant-count.rank}'), 'not available');
    assert.equal(
      say('{metric:claimant-count.sentence}'),
      'Hartlepool has no figure for claimant count',
    );
    assert.equal(within('{metric:not-held.value}'), 'not available');
  });

  it('starts a sentence that opens with a token with a capital', () => {
    assert.equal(
      say('{metric:employment-rate.direction} since 2022. {metric:employment-rate.england}.'),
      'Improving since 2022. Better than England.',
    );
  });

  it('finds unknown tokens and unpaired braces, naming each', () => {
    assert.deepEqual(parseText('{area.nme} and {metric:employment-rate.valu}').problems, [
      { kind: 'unknown-token', token: '{area.nme}' },
      { kind: 'unknown-token', token: '{metric:employment-rate.valu}' },
    ]);
    assert.deepEqual(parseText('{metric:Bad_Slug.value}').problems, [
      { kind: 'unknown-token', token: '{metric:Bad_Slug.value}' },
    ]);
    assert.deepEqual(parseText('an {area.name').problems, [{ kind: 'stray-brace' }]);
    assert.deepEqual(parseText('plain words only').problems, []);
    assert.throws(() => say('{area.nme}'), /token problem/);
  });

  it('lists the measures a text names, each once', () => {
    assert.deepEqual(
      metricsNamed('{metric:a-b.value} {metric:c.rank} {metric:a-b.rank} {area.name}'),
      ['a-b', 'c'],
    );
  });

  it('writes ordinals, possessives and titles in a sentence', () => {
    assert.deepEqual([1, 2, 3, 4, 11, 12, 13, 21, 22, 103, 111].map(ordinal), [
      '1st',
      '2nd',
      '3rd',
      '4th',
      '11th',
      '12th',
      '13th',
      '21st',
      '22nd',
      '103rd',
      '111th',
    ]);
    assert.equal(possessive('St Helens'), 'St Helens’');
    assert.equal(possessive('Hartlepool'), 'Hartlepool’s');
    assert.equal(inSentence('Employment rate'), 'employment rate');
    assert.equal(inSentence('GCSEs in English and Maths'), 'GCSEs in English and Maths');
    assert.equal(inSentence('Claimant Count'), 'claimant count');
    assert.equal(inSentence('Band D council tax'), 'band D council tax');
  });
});
