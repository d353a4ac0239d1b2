import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { commandLine } from './command-line.ts';

describe('commandLine', () => {
  it('quotes each argument only as a shell needs it', () => {
    assert.equal(
      commandLine('openlg', ['import', 'tidy-csv', 'my file.csv', '--title', "Carers' rate", '']),
      `openlg import tidy-csv 'my file.csv' --title 'Carers'\\'' rate' ''`,
    );
    assert.equal(
      commandLine('openlg', ['import', 'wide-csv', 'a/b-1.csv', '--missing', '..=not-available']),
      'openlg import wide-csv a/b-1.csv --missing ..=not-available',
    );
  });

  it('gives back the same arguments when a shell reads it', () => {
    const argv = ['a b', "it's", '$HOME', '"x"', '*', 'tab\there', '--code=ASC1=one'];
    const line = commandLine('printf', ['%s\\n', ...argv]);
    assert.deepEqual(
      execFileSync('sh', ['-c', line], { encoding: 'utf8' }).split('\n').slice(0, -1),
      argv,
    );
  });
});
