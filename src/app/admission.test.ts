import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Admission, AdmissionRefused, type AdmissionLimits } from './admission.ts';
import { gate, settle } from '../testing/gate.ts';

const limits: AdmissionLimits = {
  cheapAtOnce: 2,
  expensiveFrom: 100,
  expensiveAtOnce: 1,
  queuedCost: 1_000,
  clientCost: 500,
};

async function refusalOf(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  assert.ok(error instanceof AdmissionRefused, 'refused');
  return error.refusal;
}

describe('Admission', () => {
  it('keeps cheap requests running while expensive ones hold their own lane', async () => {
    const admission = new Admission(limits);
    const started: string[] = [];
    const heavy = [gate(started, 'heavy a'), gate(started, 'heavy b')];
    const heavyDone = [
      admission.run('a', 400, heavy[0]!.task),
      admission.run('b', 400, heavy[1]!.task),
    ];
    const cheap = [gate(started, 'cheap 1'), gate(started, 'cheap 2'), gate(started, 'cheap 3')];
    const cheapDone = cheap.map((g) => admission.run('c', 5, g.task));
    await settle();
    // One expensive request at a time; the cheap ones do not wait for it, only for each other.
    assert.deepEqual(started, ['heavy a', 'cheap 1', 'cheap 2']);
    cheap[0]!.release();
    await settle();
    assert.deepEqual(started, ['heavy a', 'cheap 1', 'cheap 2', 'cheap 3']);
    heavy[0]!.release();
    await settle();
    assert.equal(started.at(-1), 'heavy b');
    for (const g of [...heavy, ...cheap]) g.release();
    assert.deepEqual(await Promise.all(heavyDone), ['heavy a', 'heavy b']);
    assert.equal((await Promise.all(cheapDone)).length, 3);
  });

  it('refuses a client more expensive work than its budget, before running it', async () => {
    const admission = new Admission(limits);
    const started: string[] = [];
    const first = gate(started, 'first');
    const running = admission.run('greedy', 300, first.task);
    // Its first expensive request is let in whatever it costs; a second over budget is not.
    const refusal = await refusalOf(admission.run('greedy', 300, () => Promise.resolve('x')));
    assert.equal(refusal.reason, 'client');
    assert.ok(refusal.retryAfterSeconds >= 1);
    // Cheap requests from the same client, and other clients' expensive ones, still get in.
    assert.equal(await admission.run('greedy', 1, () => Promise.resolve('cheap')), 'cheap');
    const other = admission.run('other', 300, () => Promise.resolve('other'));
    first.release();
    assert.equal(await running, 'first');
    assert.equal(await other, 'other');
    // Its budget is given back once its work is done.
    assert.equal(await admission.run('greedy', 300, () => Promise.resolve('again')), 'again');
    assert.deepEqual(started, ['first']);
  });

  it('refuses expensive work past the total queued budget, saying when to come back', async () => {
    const admission = new Admission(limits);
    const started: string[] = [];
    const gates = ['a', 'b', 'c', 'd'].map((client) => gate(started, client));
    // One runs, two wait (costs 400 + 400 of the 1,000 that may wait)...
    const admitted = gates.slice(0, 3).map((g, i) => admission.run(`client ${i}`, 400, g.task));
    await settle();
    // ...and a third waiting one would take the queue past its budget.
    const refusal = await refusalOf(admission.run('client 3', 400, gates[3]!.task));
    assert.equal(refusal.reason, 'busy');
    // Three turns of a request timed at the first guess of 5 s, one at a time.
    assert.equal(refusal.retryAfterSeconds, 15);
    for (const g of gates) g.release();
    await Promise.all(admitted);
    assert.deepEqual(started, ['a', 'b', 'c']);
  });

  it('frees the lane and the budget of a request that fails', async () => {
    const admission = new Admission(limits);
    await assert.rejects(
      admission.run('a', 400, () => Promise.reject(new Error('statement timeout'))),
      /statement timeout/,
    );
    assert.equal(await admission.run('a', 400, () => Promise.resolve('next')), 'next');
  });
});
