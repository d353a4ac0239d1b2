import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sql } from 'kysely';
import { openDatabase } from '../db/database.ts';
import { ForbiddenError, UnauthorizedError } from '../shared/errors.ts';
import { problemFor } from './problems.ts';

describe('problemFor', () => {
  it('keeps the details of an unexpected error out of the answer', () => {
    const problem = problemFor(new Error('relation "secret_table" does not exist'));
    assert.equal(problem.status, 500);
    assert.doesNotMatch(problem.detail, /secret_table/);
  });

  it('answers the public 401 with a Bearer challenge, and someone known 403', () => {
    const unauthorized = problemFor(new UnauthorizedError('Send an API key', 'Bearer'));
    assert.equal(unauthorized.status, 401);
    assert.equal(unauthorized.challenge, 'Bearer');
    const forbidden = problemFor(new ForbiddenError('Your roles do not allow read-audit'));
    assert.equal(forbidden.status, 403);
    assert.equal(forbidden.detail, 'Your roles do not allow read-audit');
  });

  it(
    'answers a query the statement timeout stopped with 503, saying what to do',
    { skip: process.env.DATABASE_URL ? false : 'PGlite cannot interrupt a statement' },
    async () => {
      const url = process.env.DATABASE_URL ?? '';
      const database = await openDatabase({ kind: 'postgres', url }, { statementTimeoutMs: 50 });
      try {
        const error = await sql`select pg_sleep(2)`.execute(database.db).then(
          () => assert.fail('the statement should have been stopped'),
          (e: unknown) => e,
        );
        const problem = problemFor(error);
        assert.equal(problem.status, 503);
        assert.match(problem.detail, /bulk downloads/);
      } finally {
        await database.close();
      }
    },
  );
});
