import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { answerableSurveys, openRoles, readSurveyForm, surveyBySlug } from './survey-forms.ts';

describe('who answers which feedback survey', () => {
  it('lets the council answer its own, a peer theirs, and a manager both on behalf', () => {
    const of = (parts: Parameters<typeof answerableSurveys>[0]) =>
      answerableSurveys(parts).map((s) => [s.slug, s.onBehalf]);
    assert.deepEqual(of(['council']), [['council', false]]);
    assert.deepEqual(of(['team']), [['peer', false]]);
    assert.deepEqual(of(['manager']), [
      ['council', true],
      ['peer', true],
    ]);
    // A manager who is also on the team answers the peers' survey for themselves.
    assert.deepEqual(of(['manager', 'team']), [
      ['council', true],
      ['peer', false],
    ]);
    assert.deepEqual(of([]), []);
  });

  it('leaves each council role and each peer one answer; on a peer’s behalf any number', () => {
    const [council] = answerableSurveys(['council']);
    const [peer] = answerableSurveys(['team']);
    const [, onBehalf] = answerableSurveys(['manager']);
    assert.ok(council && peer && onBehalf);
    assert.deepEqual(openRoles(council, { roles: ['leader'], ownPeerAnswer: false }), [
      'chief-executive',
    ]);
    assert.deepEqual(openRoles(peer, { roles: [], ownPeerAnswer: true }), []);
    assert.deepEqual(openRoles(onBehalf, { roles: [], ownPeerAnswer: true }), ['peer']);
  });
});

describe('the survey form', () => {
  const council = surveyBySlug('council');
  const form = { roles: ['leader', 'chief-executive'] as const, onBehalf: false };

  it('reads every rated question, the role and the text, dropping text left empty', () => {
    const read = readSurveyForm(council, form, {
      csrf: 'x',
      survey: 'council',
      role: 'chief-executive',
      'well-tailored': 'agree',
      'peer-team-quality': 'strongly-agree',
      'will-act': 'neither',
      'would-recommend': 'disagree',
      comments: '  ',
    });
    assert.deepEqual(read, {
      ok: true,
      value: {
        role: 'chief-executive',
        submittedOn: null,
        answers: {
          'well-tailored': 'agree',
          'peer-team-quality': 'strongly-agree',
          'will-act': 'neither',
          'would-recommend': 'disagree',
        },
      },
    });
  });

  it('names every question left unanswered, keeping what was typed', () => {
    const read = readSurveyForm(
      council,
      { ...form, onBehalf: true },
      {
        role: 'mayor',
        'well-tailored': 'agree',
        comments: 'Kept',
        submittedOn: '2027-02-30',
      },
    );
    assert.equal(read.ok, false);
    if (read.ok) return;
    assert.deepEqual(
      read.errors.map((e) => e.field),
      ['role', 'peer-team-quality', 'will-act', 'would-recommend', 'submittedOn'],
    );
    assert.equal(read.values.comments, 'Kept');
  });

  it('refuses to make a form no one is left to answer', () => {
    assert.throws(() => readSurveyForm(council, { roles: [], onBehalf: false }, {}), RangeError);
  });
});
