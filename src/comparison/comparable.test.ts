import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { comparisonSets, existedDuring, partitionMembers, type MemberFacts } from './comparable.ts';

const year = (start: number) => ({
  label: `${start}/${String((start + 1) % 100).padStart(2, '0')}`,
  startDate: `${start}-04-01`,
  endDate: `${start + 1}-04-01`,
});

const area = (
  code: string,
  type: MemberFacts['type'],
  validFrom: string | null = null,
  validTo: string | null = null,
): MemberFacts => ({ code, name: code, type, validFrom, validTo });

describe('which members a comparison compares', () => {
  it('places a council created or abolished on 1 April in the years on its side of that date', () => {
    // The register gives some end dates as the first day without the council, some as its last.
    const allerdale = area('ALL', 'district', null, '2023-04-01');
    const buckinghamshire = area('BUC', 'county', '2005-06-19', '2020-03-31');
    const cumberland = area('CUM', 'unitary', '2023-04-01');
    assert.equal(existedDuring(allerdale, year(2022)), true);
    assert.equal(existedDuring(allerdale, year(2023)), false);
    assert.equal(existedDuring(buckinghamshire, year(2019)), true);
    assert.equal(existedDuring(buckinghamshire, year(2020)), false);
    assert.equal(existedDuring(cumberland, year(2022)), false);
    assert.equal(existedDuring(cumberland, year(2023)), true);
  });

  it('leaves out other tiers and councils not existing then, saying why', () => {
    const tiers = [['county'], ['district'], ['unitary', 'london-borough']] as const;
    const subject = area('HPL', 'unitary');
    const split = partitionMembers(
      subject,
      [
        subject,
        area('KEN', 'county'),
        area('CAM', 'london-borough'),
        area('POO', 'unitary', null, '2019-03-31'),
      ],
      tiers,
      year(2024),
    );
    assert.deepEqual(split.compared, ['HPL', 'CAM']);
    assert.deepEqual(
      split.leftOut.map((l) => [l.code, l.reason]),
      [
        ['KEN', 'other-tier'],
        ['POO', 'outside-lifetime'],
      ],
    );
    assert.match(
      split.leftOut[0]?.explanation ?? '',
      /compares unitary authorities and London boroughs only/,
    );
    // A measure comparable across every type leaves out no tier.
    assert.equal(
      partitionMembers(subject, [area('KEN', 'county')], null, year(2024)).leftOut.length,
      0,
    );
  });

  it('splits councils side by side into the sets a measure compares', () => {
    const sets = comparisonSets(
      [
        area('HPL', 'unitary'),
        area('KEN', 'county'),
        area('DAR', 'district'),
        area('SUR', 'county'),
      ],
      [['county'], ['district'], ['unitary']],
      year(2024),
    );
    assert.deepEqual(
      sets.map((s) => s.codes),
      [['HPL'], ['KEN', 'SUR'], ['DAR']],
    );
    assert.deepEqual(
      comparisonSets([area('HPL', 'unitary'), area('KEN', 'county')], null, year(2024)).length,
      1,
    );
  });
});
