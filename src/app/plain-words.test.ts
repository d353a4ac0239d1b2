import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BadRequestError, NotFoundError } from '../shared/errors.ts';
import { errorInWords } from './plain-words.ts';

describe('errorInWords', () => {
  it('names a missing thing by what it is, not by the API’s word for it', () => {
    assert.equal(
      errorInWords(new NotFoundError('Metric', 'nope')),
      'There is no measure called “nope”.',
    );
    assert.equal(
      errorInWords(new NotFoundError('Area', 'E06999999')),
      'There is no council or area with the code “E06999999”.',
    );
    // Group ids and model ids are slugs: not repeated to a person.
    assert.equal(
      errorInWords(new NotFoundError('Group', 'type:nope')),
      'There is no such group of councils to compare with.',
    );
    assert.doesNotMatch(errorInWords(new NotFoundError('Model', 'nope')) ?? '', /nope/);
    assert.equal(
      errorInWords(new NotFoundError('Data for employment-rate in period', '1999-01-01/P1Y')),
      'There are no figures for this measure in the period asked for.',
    );
    assert.equal(
      errorInWords(new NotFoundError('Peer challenges recorded for programme year', '2030-31')),
      'No peer challenge is recorded for the programme year “2030-31”.',
    );
  });

  it('names a form field by its label, without parameter names or internal values', () => {
    const words = errorInWords(
      new BadRequestError('areas: each must be a GSS code such as E06000001', 'areas'),
    );
    assert.match(words ?? '', /^Councils: each must be a council code such as E06000001\. /);
    const choice = errorInWords(
      new BadRequestError('type: each type must be one of: county, district, unitary', 'type'),
    );
    assert.match(choice ?? '', /^Type of council: choose one of the options offered\. /);
    assert.doesNotMatch(choice ?? '', /county|type:/);
  });

  it('does not repeat an unknown parameter’s name', () => {
    const words = errorInWords(new BadRequestError('unknown parameter "limit"', 'limit')) ?? '';
    assert.match(words, /^The web address asks for something this page cannot show\./);
    assert.doesNotMatch(words, /limit/);
  });

  it('leaves other errors to the problem’s own detail', () => {
    assert.equal(errorInWords(new Error('boom')), null);
  });
});
