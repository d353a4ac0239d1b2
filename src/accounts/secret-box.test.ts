import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { secretBox } from './secret-box.ts';

const key = 'a configured key of thirty-two characters or more';

describe('secret box', () => {
  it('seals with the configured key: the stored form does not show the secret', () => {
    const box = secretBox(key);
    const stored = box.seal('JBSWY3DPEHPK3PXP', 'user 1');
    assert.match(stored, /^aes256gcm:[\w-]{16}\.[\w-]{22}\.[\w-]+$/);
    assert.doesNotMatch(stored, /JBSWY3DPEHPK3PXP/);
    assert.notEqual(box.seal('JBSWY3DPEHPK3PXP', 'user 1'), stored, 'a fresh IV each time');
    assert.equal(box.open(stored, 'user 1'), 'JBSWY3DPEHPK3PXP');
  });

  it('does not open for another owner, with another key, or with none', () => {
    const stored = secretBox(key).seal('JBSWY3DPEHPK3PXP', 'user 1');
    assert.throws(
      () => secretBox(key).open(stored, 'user 2'),
      /sealed with another key, or for another owner/,
    );
    assert.throws(() => secretBox(`${key}!`).open(stored, 'user 1'), /another key/);
    assert.throws(() => secretBox(null).open(stored, 'user 1'), /set OPENLG_SECRET_KEY/);
  });

  it('keeps secrets as they are without a key, and reads them back with one set later', () => {
    const stored = secretBox(null).seal('JBSWY3DPEHPK3PXP', 'user 1');
    assert.equal(stored, 'JBSWY3DPEHPK3PXP');
    assert.equal(secretBox(key).open(stored, 'user 1'), 'JBSWY3DPEHPK3PXP');
  });
});
