import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { groupBy } from './group-by.ts';

describe('groupBy', () => {
  it('lists the items by key, keys and items in the order met', () => {
    const groups = groupBy(['b1', 'a1', 'b2', 'c1', 'a2'], (s) => s[0]);
    assert.deepEqual(
      [...groups],
      [
        ['b', ['b1', 'b2']],
        ['a', ['a1', 'a2']],
        ['c', ['c1']],
      ],
    );
    assert.equal(groupBy([], (x: number) => x).size, 0);
  });
});
