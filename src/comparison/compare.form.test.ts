import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  codeOf,
  describeCandidate,
  formErrors,
  resolveEntry,
  splitEntries,
  type Candidate,
} from './compare.form.ts';

const council = (code: string, shortName: string, validTo: string | null = null): Candidate => ({
  code,
  name: shortName,
  shortName,
  type: 'unitary',
  validTo,
});
const hull = council('E06000010', 'Kingston upon Hull');
const thames = { ...council('E09000021', 'Kingston upon Thames'), type: 'london-borough' as const };
const none = new Set<string>();

describe('the compare form', () => {
  it('splits councils on lines, commas and semicolons, each once', () => {
    assert.deepEqual(
      splitEntries('Hartlepool\r\nhartlepool.; E06000002 ,, e06000002\n Redcar & Cleveland '),
      ['Hartlepool', 'E06000002', 'Redcar & Cleveland'],
    );
    assert.deepEqual(splitEntries('  \n , '), []);
  });

  it('reads a code wherever it is in an entry', () => {
    assert.equal(codeOf('Hartlepool (e06000001)'), 'E06000001');
    assert.equal(codeOf('Hartlepool'), null);
  });

  it('resolves a name exactly, whatever its case and punctuation', () => {
    const found = resolveEntry('KINGSTON-UPON-HULL', [hull, thames], none);
    assert.equal(found.kind === 'found' && found.area.code, 'E06000010');
  });

  it('asks which council an ambiguous name means, until one is picked', () => {
    const ask = resolveEntry('Kingston', [hull, thames], none);
    assert.equal(ask.kind, 'ambiguous');
    const picked = resolveEntry('Kingston', [hull, thames], new Set(['E09000021']));
    assert.equal(picked.kind === 'found' && picked.area.code, 'E09000021');
  });

  it('asks about a guess at a misspelt name, even when there is only one', () => {
    const hartlepool = council('E06000001', 'Hartlepool');
    assert.equal(resolveEntry('Hartlepol', [hartlepool], none, true).kind, 'ambiguous');
    const picked = resolveEntry('Hartlepol', [hartlepool], new Set(['E06000001']), true);
    assert.equal(picked.kind === 'found' && picked.area.code, 'E06000001');
  });

  it('prefers today’s council to a former one of the same name', () => {
    const former = council('E10000006', 'Cumbria', '2023-04-01');
    const today = { ...council('E06000063', 'Cumbria') };
    const found = resolveEntry('cumbria', [former, today], none);
    assert.equal(found.kind === 'found' && found.area.code, 'E06000063');
  });

  it('takes the only match of a partial name, and knows an unknown one', () => {
    const only = resolveEntry('Thames', [thames], none);
    assert.equal(only.kind === 'found' && only.area.code, 'E09000021');
    assert.equal(resolveEntry('Nowhereton', [], none).kind, 'unknown');
  });

  it('names a candidate well enough to tell two apart', () => {
    assert.equal(describeCandidate(thames), 'Kingston upon Thames (London borough, E09000021)');
    assert.match(
      describeCandidate(council('E10000006', 'Cumbria', '2023-04-01')),
      /abolished 2023-04-01/,
    );
  });

  it('says in plain words what is missing, unknown, ambiguous or too many', () => {
    assert.deepEqual(
      formErrors([], 0, { chosen: 0, unknown: 0 }).map((e) => [e.field, e.text]),
      [
        ['areas', 'Enter the councils to compare, by name or code'],
        ['metrics', 'Choose at least one measure to compare'],
      ],
    );
    const errors = formErrors(
      [
        { entry: 'Nowhereton', kind: 'unknown' },
        { entry: 'Kingston', kind: 'ambiguous', candidates: [hull, thames] },
      ],
      11,
      { chosen: 11, unknown: 1 },
    );
    assert.deepEqual(
      errors.map((e) => e.field),
      ['areas', 'pick1', 'areas', 'metrics', 'metrics'],
    );
    assert.match(errors[0]?.text ?? '', /No council is called “Nowhereton”/);
    assert.match(errors[2]?.text ?? '', /at most 10 councils: there are 11/);
    assert.deepEqual(
      formErrors([{ entry: 'e06009999', kind: 'unknown' }], 1, { chosen: 1, unknown: 0 }).map(
        (e) => e.text,
      ),
      ['No council has the code E06009999: check it, or enter the council’s name'],
    );
  });
});
