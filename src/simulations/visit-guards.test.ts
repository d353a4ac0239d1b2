import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  keyedHash,
  limitedAddress,
  limitReached,
  readStart,
  signStart,
  visitKeyFrom,
  type VisitorCounts,
} from './visit-guards.ts';

const key = visitKeyFrom('a secret key of at least thirty-two characters');
const visit = { slug: 'budget-2026', idempotencyKey: '1b0e6f4e-3c1a-4a55-9d39-3b2f0c7d9e10' };
const shown = new Date('2026-12-05T10:00:00Z');
const now = new Date('2026-12-05T10:05:00Z');

describe('the signed time a form was shown', () => {
  it('is read back as it was signed', () => {
    assert.deepEqual(readStart(key, visit, signStart(key, visit, shown), now), shown);
  });

  it('is not believed when made up, altered, another form’s or signed with another key', () => {
    const token = signStart(key, visit, shown);
    const [, signature] = token.split('.');
    const earlier = `${shown.getTime() - 600_000}.${signature}`;
    const other = { ...visit, idempotencyKey: 'a0e6f4e1-3c1a-4a55-9d39-3b2f0c7d9e10' };
    for (const forged of [
      shown.toISOString(),
      String(shown.getTime() - 600_000),
      earlier,
      signStart(key, other, shown),
      signStart(key, { ...visit, slug: 'another' }, shown),
      signStart(visitKeyFrom('another secret key of thirty-two characters'), visit, shown),
      `${token}x`,
      '',
    ])
      assert.equal(readStart(key, visit, forged, now), null, forged);
  });

  it('is not believed when it says a time to come', () => {
    const later = new Date(now.getTime() + 60_000);
    assert.equal(readStart(key, visit, signStart(key, visit, later), now), null);
  });
});

describe('the hashes of who sent a budget', () => {
  it('differ by simulation and by kind, and never hold the address', () => {
    const hashes = [
      keyedHash(key, 'address', 1, '192.0.2.1'),
      keyedHash(key, 'address', 2, '192.0.2.1'),
      keyedHash(key, 'session', 1, '192.0.2.1'),
    ];
    assert.equal(new Set(hashes).size, 3);
    assert.ok(hashes.every((h) => !h.includes('192')));
    assert.equal(hashes[0], keyedHash(key, 'address', 1, '192.0.2.1'));
  });
});

describe('the address a limit counts', () => {
  it('is an IPv6 address’s /64, however written, and an IPv4 address whole', () => {
    const home = '2001:db8:1:2::/64';
    assert.equal(limitedAddress('2001:db8:1:2:3:4:5:6'), home);
    assert.equal(limitedAddress('2001:0db8:0001:0002::9'), home);
    assert.equal(limitedAddress('2001:DB8:1:2:ffff::1'), home);
    assert.equal(limitedAddress('2001:db8:1:3::1'), '2001:db8:1:3::/64');
    assert.equal(limitedAddress('::1'), '0:0:0:0::/64');
    assert.equal(limitedAddress('::ffff:192.0.2.1'), '192.0.2.1');
    assert.equal(limitedAddress('192.0.2.1'), '192.0.2.1');
  });
});

describe('the limits on budgets', () => {
  const closes = new Date('2026-12-31T00:00:00Z');
  const limits = { perAddressPerHour: 3, perSession: 1 };
  const counts = (c: Partial<VisitorCounts>): VisitorCounts => ({
    fromAddress: 0,
    earliestFromAddress: null,
    fromSession: 0,
    ...c,
  });

  it('allow one budget a browser and a few an hour from one address', () => {
    assert.equal(limitReached(limits, counts({ fromAddress: 2 }), now, closes), null);
    assert.deepEqual(limitReached(limits, counts({ fromSession: 1 }), now, closes), {
      limit: 'session',
      retryAfterSeconds: (closes.getTime() - now.getTime()) / 1000,
    });
  });

  it('say when the earliest budget from the address stops counting', () => {
    const earliest = new Date(now.getTime() - 45 * 60_000 - 500);
    assert.deepEqual(
      limitReached(limits, counts({ fromAddress: 3, earliestFromAddress: earliest }), now, closes),
      { limit: 'address', retryAfterSeconds: 15 * 60 },
    );
  });

  it('limit nothing set to 0', () => {
    const none = { perAddressPerHour: 0, perSession: 0 };
    assert.equal(
      limitReached(none, counts({ fromAddress: 99, fromSession: 9 }), now, closes),
      null,
    );
  });
});
