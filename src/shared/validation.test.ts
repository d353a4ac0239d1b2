import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { z } from 'zod';
import { BadRequestError } from './errors.ts';
import { parseInput } from './validation.ts';

const schema = z
  .object({ k: z.coerce.number().int().min(1, 'must be at least 1'), tags: z.array(z.string()) })
  .strict();

function failure(input: unknown): BadRequestError {
  try {
    parseInput(schema, input);
  } catch (error) {
    assert.ok(error instanceof BadRequestError);
    return error;
  }
  assert.fail('expected a BadRequestError');
}

describe('parseInput', () => {
  it('returns the parsed value', () => {
    assert.deepEqual(parseInput(schema, { k: '3', tags: [] }), { k: 3, tags: [] });
  });

  it('names the parameter, not the inner path', () => {
    const error = failure({ k: 2, tags: [1] });
    assert.equal(error.parameter, 'tags');
    assert.match(error.message, /^tags: /);
    assert.equal(failure({ k: 0, tags: [] }).message, 'k: must be at least 1');
  });

  it('names an unknown parameter', () => {
    const error = failure({ k: 1, tags: [], colour: 'blue' });
    assert.equal(error.parameter, 'colour');
    assert.equal(error.message, 'unknown parameter "colour"');
  });
});
