import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { minimumPasswordLength, passwordProblem } from './password-rules.ts';

describe('password rules', () => {
  it('asks for 12 characters or more, counting characters, not bytes', () => {
    assert.equal(minimumPasswordLength, 12);
    assert.match(passwordProblem('eleven-char') ?? '', /12 characters or more/);
    assert.equal(passwordProblem('twelve-chars'), null);
    assert.match(passwordProblem('ééééé-ééééé') ?? '', /12 characters or more/);
  });

  it('refuses very long ones, which would only load the hasher', () => {
    assert.match(passwordProblem('x'.repeat(257) + 'y') ?? '', /256 characters or fewer/);
  });

  it('refuses common passwords whatever their case, and one character repeated', () => {
    assert.match(passwordProblem('Password1234') ?? '', /too easy to guess/);
    assert.match(passwordProblem('QWERTYUIOPAS') ?? '', /too easy to guess/);
    assert.match(passwordProblem('aaaaaaaaaaaaaa') ?? '', /too easy to guess/);
  });

  it('has no composition rules: three plain words pass', () => {
    assert.equal(passwordProblem('kettle orchard lantern'), null);
    assert.equal(passwordProblem('alllowercaseletters'), null);
  });

  it('refuses a password that contains the email address', () => {
    assert.match(
      passwordProblem('jane.smith-2026', 'Jane.Smith@council.example') ?? '',
      /email address/,
    );
    assert.equal(passwordProblem('jane.smith-2026', 'someone@council.example'), null);
  });
});
