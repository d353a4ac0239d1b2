import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { illustrativeResponseRows } from './feedback.scenario.ts';
import { answerProblems, surveyResults, type CountedResponse } from './feedback.ts';
import { readyMadeSurveys, surveyFor, surveySet } from './surveys.ts';

const response = (
  year: string,
  answers: Record<string, string>,
  role: CountedResponse['role'] = 'leader',
): CountedResponse => ({ programmeYear: year, role, version: readyMadeSurveys.version, answers });

describe('the feedback surveys', () => {
  it('give the leader and chief executive one survey and the peers another', () => {
    assert.equal(surveyFor('leader').slug, 'council');
    assert.equal(surveyFor('chief-executive').slug, 'council');
    assert.equal(surveyFor('peer').slug, 'peer');
  });

  it('refuse a set where a role answers two surveys or a question repeats', () => {
    const [council, peer] = readyMadeSurveys.surveys;
    assert.ok(council && peer);
    assert.equal(
      surveySet.safeParse({ version: 2, surveys: [council, { ...peer, respondents: ['leader'] }] })
        .success,
      false,
    );
    const twice = { ...peer, questions: [...peer.questions, peer.questions[0]] };
    assert.equal(surveySet.safeParse({ version: 2, surveys: [council, twice] }).success, false);
  });

  it('refuse answers off the scale or to questions the survey does not ask', () => {
    assert.deepEqual(answerProblems('leader', { 'well-tailored': 'agree', comments: 'Fine' }), []);
    assert.deepEqual(
      answerProblems('leader', { 'well-tailored': 'yes', 'well-managed': 'agree' }).map(
        (p) => p.field,
      ),
      ['well-tailored', 'well-managed'],
    );
  });
});

describe('the survey results', () => {
  it('give the share agreeing or strongly agreeing of those who answered, with n', () => {
    const answers = [
      'strongly-agree',
      'agree',
      'agree',
      'neither',
      'disagree',
      'strongly-disagree',
    ];
    const [year] = surveyResults([
      ...answers.map((a) => response('2013-14', { 'well-tailored': a })),
      response('2013-14', { comments: 'Unrated' }),
    ]);
    const tailored = year?.questions.find((q) => q.slug === 'well-tailored');
    assert.deepEqual(
      tailored && tailored.published && [tailored.agreeing, tailored.answered, tailored.percent],
      [3, 6, 50],
    );
    assert.equal(
      year?.questions.some((q) => q.slug === 'comments'),
      false,
      'free text is never a result',
    );
  });

  it('do not publish a question fewer than five answered in a year', () => {
    const four = ['agree', 'agree', 'agree', 'agree'].map((a) =>
      response('2013-14', { 'well-tailored': a }),
    );
    const tailored = (rows: CountedResponse[]) =>
      surveyResults(rows)[0]?.questions.find((q) => q.slug === 'well-tailored');
    assert.equal(tailored(four)?.published, false);
    assert.equal(
      tailored([...four, response('2013-14', { 'well-tailored': 'disagree' })])?.published,
      true,
    );
  });

  it('count only the current version of the surveys', () => {
    const old = { ...response('2013-14', { 'well-tailored': 'agree' }), version: 0 };
    assert.deepEqual(surveyResults([old]), []);
  });

  it('reproduce the seeds from the illustrative responses: 92% well tailored, 96% good team', () => {
    const challenges = Array.from({ length: 25 }, (_, i) => ({
      id: i + 1,
      on_site_end: '2012-06-01',
    }));
    const rows = illustrativeResponseRows([challenges]).map((r) =>
      response('2012-13', r.answers, r.respondent_role),
    );
    const [year] = surveyResults(rows);
    const result = (slug: string) => {
      const q = year?.questions.find((x) => x.slug === slug);
      return q?.published ? [q.percent, q.agreeing, q.answered] : null;
    };
    assert.deepEqual(result('well-tailored'), [92, 46, 50]);
    assert.deepEqual(result('peer-team-quality'), [96, 48, 50]);
  });
});
