import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AnswerCache, viewerOf, type Viewer } from './answer-cache.ts';

const publicViewer: Viewer = { kind: 'public' };
const kb = (n: number) => Buffer.alloc(n * 1024, 'x');

/** Looks an answer up, as a request would, and says whether it was kept. */
function holds(cache: AnswerCache, key: string, token = 'v1') {
  return cache.get(publicViewer, token, key) !== undefined;
}

describe('the answer cache', () => {
  it('keeps answers for the version it was asked under', () => {
    const cache = new AnswerCache(1024 * 1024);
    assert.equal(holds(cache, 'a'), false);
    cache.set(publicViewer, 'v1', 'a', { 'content-type': 'text/csv' }, kb(1));
    const kept = cache.get(publicViewer, 'v1', 'a');
    assert.deepEqual(kept?.headers, { 'content-type': 'text/csv' });
    assert.equal(kept?.body.length, 1024);
  });

  it('drops every answer the moment a newer version is seen, and keeps none made under an older', () => {
    const cache = new AnswerCache(1024 * 1024);
    holds(cache, 'a');
    cache.set(publicViewer, 'v1', 'a', {}, kb(1));
    assert.equal(holds(cache, 'a', 'v2'), false);
    assert.equal(cache.size, 0);
    assert.equal(cache.bytes, 0);
    // A request that worked its answer out under v1 finishes after v2 was seen.
    cache.set(publicViewer, 'v1', 'b', {}, kb(1));
    assert.equal(holds(cache, 'b', 'v2'), false);
    assert.equal(holds(cache, 'b', 'v1'), false, 'going back to v1 does not find it either');
  });

  it('drops the least recently used answers once their bytes pass the limit', () => {
    const cache = new AnswerCache(100 * 1024);
    holds(cache, 'a');
    for (const key of ['a', 'b', 'c', 'd']) cache.set(publicViewer, 'v1', key, {}, kb(10));
    assert.ok(holds(cache, 'a'), 'a used again, so b is now the least recent');
    for (const key of ['e', 'f', 'g', 'h', 'i', 'j'])
      cache.set(publicViewer, 'v1', key, {}, kb(10));
    assert.ok(cache.bytes <= 100 * 1024, `${cache.bytes} bytes held`);
    assert.equal(holds(cache, 'b'), false, 'the least recently used went first');
    assert.ok(holds(cache, 'a'));
    assert.ok(holds(cache, 'j'));
    const count = cache.size;
    cache.set(publicViewer, 'v1', 'k', {}, kb(10));
    assert.equal(cache.size, count, 'one in, one out');
  });

  it('counts compressed forms, keeps few of them, and never one answer over an eighth', () => {
    const cache = new AnswerCache(160 * 1024);
    holds(cache, 'a');
    cache.set(publicViewer, 'v1', 'a', {}, kb(10));
    const before = cache.bytes;
    cache.addForm('v1', 'a', 'gzip', { encoding: 'gzip', vary: 'accept-encoding', body: kb(2) });
    assert.ok(cache.bytes >= before + 2048);
    for (const header of ['br', 'gzip, br', 'deflate', 'zstd', 'identity, br'])
      cache.addForm('v1', 'a', header, { encoding: 'br', vary: '', body: kb(1) });
    assert.equal(cache.get(publicViewer, 'v1', 'a')?.forms.size, 4);
    cache.addForm('v2', 'a', 'x', { encoding: 'br', vary: '', body: kb(1) });
    cache.set(publicViewer, 'v1', 'big', {}, kb(21));
    assert.equal(holds(cache, 'big'), false, 'over 20 KB, an eighth of the limit');
  });

  it('keeps nothing with a limit of 0', () => {
    const cache = new AnswerCache(0);
    holds(cache, 'a');
    cache.set(publicViewer, 'v1', 'a', {}, kb(1));
    assert.equal(holds(cache, 'a'), false);
  });

  it('neither gives nor takes an answer from a viewer who may see more than the public', () => {
    const cache = new AnswerCache(1024 * 1024);
    const credentialed = viewerOf({ authorization: 'Bearer x' });
    assert.deepEqual(credentialed, { kind: 'credentialed' });
    assert.deepEqual(viewerOf({ cookie: 'session=1' }), { kind: 'credentialed' });
    assert.deepEqual(viewerOf({ accept: '*/*' }), { kind: 'public' });
    holds(cache, 'a');
    cache.set(publicViewer, 'v1', 'a', {}, kb(1));
    assert.equal(cache.get(credentialed, 'v1', 'a'), undefined);
    cache.set(credentialed, 'v1', 'b', {}, kb(1));
    assert.equal(holds(cache, 'b'), false);
  });
});
