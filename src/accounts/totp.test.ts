import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  base32Decode,
  base32Encode,
  groupedSecret,
  hotp,
  matchingStep,
  newTotpSecret,
  otpauthUri,
  timeStep,
} from './totp.ts';

/** The SHA-1 key of the RFC 4226 and RFC 6238 test vectors. */
const rfcKey = Buffer.from('12345678901234567890', 'ascii');
const rfcSecret = base32Encode(rfcKey);

describe('TOTP', () => {
  it('gives RFC 4226 Appendix D’s HOTP values', () => {
    const expected = ['755224', '287082', '359152', '969429', '338314'];
    assert.deepEqual(
      expected.map((_, counter) => hotp(rfcKey, counter)),
      expected,
    );
  });

  it('gives RFC 6238 Appendix B’s SHA-1 values (8 digits, 30 s steps)', () => {
    const vectors: [number, string][] = [
      [59, '94287082'],
      [1_111_111_109, '07081804'],
      [1_111_111_111, '14050471'],
      [1_234_567_890, '89005924'],
      [2_000_000_000, '69279037'],
      [20_000_000_000, '65353130'],
    ];
    for (const [seconds, code] of vectors)
      assert.equal(hotp(rfcKey, timeStep(seconds * 1000), 8), code, `T = ${seconds}`);
  });

  it('accepts the code of the step before, now and after, and nothing further', () => {
    const at = 1_111_111_111_000;
    const step = timeStep(at);
    const codeAt = (s: number) => hotp(rfcKey, s);
    assert.equal(matchingStep(rfcSecret, codeAt(step), at, null), step);
    assert.equal(matchingStep(rfcSecret, codeAt(step - 1), at, null), step - 1);
    assert.equal(matchingStep(rfcSecret, codeAt(step + 1), at, null), step + 1);
    assert.equal(matchingStep(rfcSecret, codeAt(step - 2), at, null), null);
    assert.equal(matchingStep(rfcSecret, codeAt(step + 2), at, null), null);
    // Spaces as an app shows them ("123 456") are allowed; anything else is not a code.
    const spaced = `${codeAt(step).slice(0, 3)} ${codeAt(step).slice(3)}`;
    assert.equal(matchingStep(rfcSecret, spaced, at, null), step);
    assert.equal(matchingStep(rfcSecret, 'abcdef', at, null), null);
    assert.equal(matchingStep(rfcSecret, `${codeAt(step)}0`, at, null), null);
  });

  it('refuses a code of a step already used, or older than it', () => {
    const at = 1_234_567_890_000;
    const step = timeStep(at);
    const code = hotp(rfcKey, step);
    assert.equal(matchingStep(rfcSecret, code, at, step - 1), step);
    assert.equal(matchingStep(rfcSecret, code, at, step), null);
    assert.equal(matchingStep(rfcSecret, hotp(rfcKey, step - 1), at, step), null);
    assert.equal(matchingStep(rfcSecret, hotp(rfcKey, step + 1), at, step), step + 1);
  });

  it('makes 160-bit base32 secrets that read back to the same bytes', () => {
    const secret = newTotpSecret();
    assert.match(secret, /^[A-Z2-7]{32}$/);
    assert.notEqual(secret, newTotpSecret());
    assert.equal(base32Decode(secret)?.length, 20);
    assert.equal(rfcSecret, 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ');
    assert.deepEqual(base32Decode(groupedSecret(rfcSecret).toLowerCase()), rfcKey);
    assert.equal(base32Decode('ABC1'), null);
    assert.equal(groupedSecret('ABCDEFGHIJ'), 'ABCD EFGH IJ');
  });

  it('writes the otpauth address authenticator apps read', () => {
    assert.equal(
      otpauthUri('JBSWY3DPEHPK3PXP', 'openlg', 'jo@council.example'),
      'otpauth://totp/openlg:jo%40council.example?secret=JBSWY3DPEHPK3PXP&issuer=openlg' +
        '&algorithm=SHA1&digits=6&period=30',
    );
  });
});
