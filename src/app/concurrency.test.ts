import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConcurrencyLimit } from './concurrency.ts';
import { gate, settle } from '../testing/gate.ts';

describe('ConcurrencyLimit', () => {
  it('runs at most `limit` tasks at once, the others in the order they came', async () => {
    const limit = new ConcurrencyLimit(2);
    const started: number[] = [];
    const gates = [0, 1, 2, 3].map((id) => gate(started, id));
    const results = gates.map((g) => limit.run(g.task));
    await settle();
    assert.deepEqual(started, [0, 1]);

    gates[1]?.release();
    await settle();
    assert.deepEqual(started, [0, 1, 2]);

    gates[0]?.release();
    await settle();
    assert.deepEqual(started, [0, 1, 2, 3]);

    gates[2]?.release();
    gates[3]?.release();
    assert.deepEqual(await Promise.all(results), [0, 1, 2, 3]);
  });

  it('frees the turn of a task that fails, and passes its error on', async () => {
    const limit = new ConcurrencyLimit(1);
    const failing = limit.run(() => Promise.reject(new Error('query failed')));
    const next = limit.run(() => Promise.resolve('answered'));
    await assert.rejects(failing, /query failed/);
    assert.equal(await next, 'answered');
  });

  it('refuses a limit that would run nothing', () => {
    assert.throws(() => new ConcurrencyLimit(0), RangeError);
    assert.throws(() => new ConcurrencyLimit(1.5), RangeError);
  });
});
