import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { collapseProblems, DataFileError, type DataProblem } from './errors.ts';

const on = (row: number, column = 'indicator', message = 'is not a metric slug') =>
  ({ file: 'asc.csv', row, column, message }) satisfies DataProblem;

describe('collapseProblems', () => {
  it('makes the same problem on many rows one line, with the rows as ranges', () => {
    const problems = Array.from({ length: 3204 }, (_, i) => on(i + 2));
    assert.deepEqual(collapseProblems(problems), [
      'asc.csv, rows 2–3,205 (3,204 rows), column "indicator": is not a metric slug',
    ]);
  });

  it('keeps each distinct problem, in the order it first occurs, and rows with gaps', () => {
    const problems = [
      on(9),
      on(3, 'value', 'is empty'),
      on(2),
      on(4),
      on(20),
      on(5, 'value', 'is empty'),
    ];
    assert.deepEqual(collapseProblems(problems), [
      'asc.csv, rows 2, 4, 9, 20 (4 rows), column "indicator": is not a metric slug',
      'asc.csv, rows 3, 5 (2 rows), column "value": is empty',
    ]);
    assert.deepEqual(collapseProblems([on(7)]), [
      'asc.csv, row 7, column "indicator": is not a metric slug',
    ]);
  });

  it('shows five ranges at most, and counts the problems past the limit', () => {
    const scattered = [2, 4, 6, 8, 10, 12, 14].map((row) => on(row));
    assert.equal(
      collapseProblems(scattered)[0],
      'asc.csv, rows 2, 4, 6, 8, 10, … (7 rows), column "indicator": is not a metric slug',
    );
    const many = Array.from({ length: 5 }, (_, i) => on(i + 2, 'value', `problem ${i}`));
    many.push(on(9, 'value', 'problem 4'));
    assert.deepEqual(collapseProblems(many, 2), [
      'asc.csv, row 2, column "value": problem 0',
      'asc.csv, row 3, column "value": problem 1',
      'and 3 more problems, on 4 rows',
    ]);
  });

  it('is what a DataFileError says', () => {
    const error = new DataFileError([on(2), on(3)]);
    assert.equal(
      error.message,
      'asc.csv, rows 2–3 (2 rows), column "indicator": is not a metric slug',
    );
    assert.equal(error.problems.length, 2);
  });
});
