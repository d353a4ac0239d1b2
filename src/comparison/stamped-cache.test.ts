import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { StampedCache } from './stamped-cache.ts';

describe('reads kept while the public data holds', () => {
  it('reads once per stamp and key, sharing a read under way', async () => {
    const cache = new StampedCache<string>();
    let reads = 0;
    const read = (answer: string) => async () => {
      reads += 1;
      return answer;
    };
    const [a, b] = await Promise.all([
      cache.get('s1', 'k', read('a')),
      cache.get('s1', 'k', read('b')),
    ]);
    assert.deepEqual([a, b, reads], ['a', 'a', 1]);
    assert.equal(await cache.get('s1', 'other', read('c')), 'c');
    assert.equal(await cache.get('s1', 'k', read('d')), 'a');
    assert.equal(reads, 2);
  });

  it('drops every entry when the stamp changes, even back to an older one', async () => {
    const cache = new StampedCache<number>();
    assert.equal(await cache.get('s1', 'k', async () => 1), 1);
    assert.equal(await cache.get('s2', 'k', async () => 2), 2);
    assert.equal(await cache.get('s1', 'k', async () => 3), 3);
  });

  it('forgets a failed read, so that the next ask reads again', async () => {
    const cache = new StampedCache<number>();
    await assert.rejects(
      cache.get('s1', 'k', async () => Promise.reject(new Error('gone'))),
      /gone/,
    );
    assert.equal(await cache.get('s1', 'k', async () => 4), 4);
  });

  it('keeps no more than its limit of entries', async () => {
    const cache = new StampedCache<number>(2);
    await cache.get('s1', 'a', async () => 1);
    await cache.get('s1', 'b', async () => 2);
    await cache.get('s1', 'c', async () => 3);
    assert.equal(await cache.get('s1', 'a', async () => 10), 10);
  });
});
