import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CouncilCoverage } from './coverage.ts';
import { renderCoverageMap } from './coverage.map.ts';

const square = (code: string, name: string, x: number) => ({
  code,
  name,
  path: `M${x},0h10v10h-10z`,
  minX: x,
  minY: 0,
  maxX: x + 10,
  maxY: 10,
});

const council = (code: string, name: string, status: CouncilCoverage['status']) =>
  ({
    code,
    name,
    type: 'unitary',
    region: null,
    status,
    last: status === 'overdue' ? null : { type: 'corporate-peer-challenge', on: '2016-01-01' },
    dueFrom: null,
    overdueFrom: null,
  }) satisfies CouncilCoverage;

describe('the coverage map', () => {
  const chart = renderCoverageMap({
    id: 'test-map',
    title: 'Councils by coverage status',
    shapes: [
      square('E06000001', 'Bravo', 0),
      square('E06000002', 'Alpha', 10),
      square('E06000003', 'Not covered', 20),
    ],
    councils: [
      council('E06000001', 'Bravo', 'current'),
      council('E06000002', 'Alpha', 'overdue'),
      council('E06000004', 'No boundary', 'due'),
    ],
  });

  it('shades each council drawn by its status, and draws only the councils given', () => {
    assert.deepEqual(
      [...chart.svg.matchAll(/data-code="(\w+)" data-status="(\w+)"/g)].map((m) => [m[1], m[2]]),
      [
        ['E06000001', 'current'],
        ['E06000002', 'overdue'],
      ],
    );
  });

  it('says in words how many of each, and that a council has no boundary', () => {
    assert.match(chart.svg, /Map of 2 councils .*: 1 current, 0 due, 1 overdue\./);
    assert.match(chart.svg, /1 of the councils have no boundary/);
  });

  it('is followed by a table of the councils drawn, by name', () => {
    assert.deepEqual(
      chart.table.rows.map((r) => r.cells),
      [
        ['Alpha', 'Overdue (none within five years)', 'None recorded'],
        ['Bravo', 'Current', 'Corporate peer challenge, 2016-01-01'],
      ],
    );
  });
});
