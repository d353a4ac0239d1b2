import assert from 'node:assert/strict';
import { chmod, cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { principalCouncilTypes } from '../../db/vocabulary.ts';
import { DataFileError } from '../../shared/errors.ts';
import { nameKey, readRegister } from './register.reader.ts';
import type { RegisterData } from './register.types.ts';

const dataDir = process.env.OPENLG_DATA_DIR ?? path.resolve('../shared/data');
const AUTHORITIES = 'mysociety-uk-local-authorities.csv';

function countBy<T>(items: readonly T[], key: (item: T) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  return counts;
}

describe('nameKey', () => {
  it('folds case, "&", punctuation and spacing', () => {
    assert.equal(
      nameKey('Bournemouth, Christchurch & Poole'),
      'bournemouth christchurch and poole',
    );
    assert.equal(nameKey("  King's Lynn and West Norfolk "), 'kings lynn and west norfolk');
    assert.equal(nameKey('St. Helens'), 'st helens');
    assert.equal(nameKey('Bristol,  City of'), 'bristol city of');
    assert.equal(nameKey('Stockton-on-Tees'), 'stockton on tees');
    assert.equal(nameKey('Ynys Môn'), 'ynys mon');
    assert.equal(nameKey(' . '), '');
  });
});

describe('readRegister on the real data', () => {
  let register: RegisterData;
  before(async () => {
    register = await readRegister(dataDir);
  });

  const area = (code: string) => register.areas.find((a) => a.code === code);
  const parents = (code: string) =>
    Object.fromEntries(
      register.parents.filter((p) => p.areaCode === code).map((p) => [p.relation, p]),
    );
  const identifiers = (code: string) =>
    register.identifiers
      .filter((i) => i.areaCode === code)
      .map((i) => `${i.scheme}:${i.identifier}`)
      .sort();

  it('holds the 317 current English principal councils', () => {
    const councils = register.areas.filter(
      (a) =>
        a.nation === 'england' &&
        a.validTo === null &&
        (principalCouncilTypes as readonly string[]).includes(a.type),
    );
    assert.equal(councils.length, 317);
    assert.deepEqual(
      countBy(councils, (a) => a.type),
      {
        county: 21,
        district: 164,
        unitary: 62,
        'metropolitan-district': 36,
        'london-borough': 32,
        'sui-generis': 2,
      },
    );
    assert.equal(area('E06000053')?.type, 'sui-generis');
    assert.equal(area('E09000001')?.type, 'sui-generis');
  });

  it('holds every area once, including those mySociety lacks', () => {
    assert.equal(register.areas.length, 505);
    assert.equal(new Set(register.areas.map((a) => a.code)).size, register.areas.length);
    assert.deepEqual(
      countBy(register.areas, (a) => a.type),
      {
        county: 27,
        district: 204,
        unitary: 64,
        'metropolitan-district': 36,
        'london-borough': 32,
        'sui-generis': 2,
        'combined-authority': 17,
        'strategic-authority': 1,
        'fire-and-rescue-authority': 44,
        region: 9,
        nation: 4,
        'welsh-unitary': 22,
        'scottish-unitary': 32,
        'northern-ireland-district': 11,
      },
    );
    assert.equal(area('E92000001')?.type, 'nation');
    assert.equal(area('N92000002')?.name, 'Northern Ireland');
    assert.deepEqual(area('E47000018'), {
      code: 'E47000018',
      name: 'Lancashire',
      shortName: 'Lancashire',
      type: 'combined-authority',
      nation: 'england',
      validFrom: '2025-01-01',
      validTo: null,
    });
    assert.equal(area('E47000010')?.validTo, '2024-01-01');
  });

  it('records the Cumbrian reorganisation', () => {
    const from = (code: string) =>
      register.successions
        .filter((s) => s.predecessorCode === code)
        .map((s) => `${s.successorCode} ${s.kind} ${s.effectiveDate}`);
    assert.deepEqual(from('E07000026'), ['E06000063 merger 2023-04-01']);
    assert.deepEqual(from('E10000006'), [
      'E06000063 abolition 2023-04-01',
      'E06000064 abolition 2023-04-01',
    ]);
    assert.deepEqual(from('E47000011'), ['E47000014 merger 2024-01-01']);
    assert.deepEqual(
      countBy(register.successions, (s) => s.kind),
      { merger: 44, abolition: 8 },
    );
  });

  it('links a district to its county, region, fire authority, police force area and nation', () => {
    const adur = parents('E07000223');
    assert.equal(adur['upper-tier']?.parentCode, 'E10000032');
    assert.equal(adur['upper-tier']?.parentName, 'West Sussex');
    assert.equal(adur.region?.parentCode, 'E12000008');
    assert.equal(adur.region?.source, 'lookup_ltla24_region24.csv');
    assert.equal(adur['fire-and-rescue-authority']?.parentCode, 'E31000037');
    assert.equal(adur['police-force-area']?.parentCode, 'E23000033');
    assert.equal(adur['police-force-area']?.parentName, 'Sussex');
    assert.equal(adur.nation?.parentCode, 'E92000001');
    assert.equal(parents('E07000026')['upper-tier']?.parentCode, 'E10000006');
    assert.equal(parents('E06000047')['combined-authority']?.parentCode, 'E47000014');
    assert.equal(parents('E10000032')['fire-and-rescue-authority']?.parentCode, 'E31000037');
  });

  it('knows Hartlepool by its other identifiers', () => {
    assert.deepEqual(identifiers('E06000001'), [
      'dfe-la:805',
      'mhclg-ecode:E0701',
      'mysociety:HPL',
    ]);
    assert.ok(identifiers('E08000037').includes('former-gss:E08000020'));
    assert.ok(identifiers('E08000016').includes('former-gss:E08000038'));
    assert.ok(identifiers('E06000060').includes('dfe-la:825'));
  });

  it('keeps identifiers, names and parents unique and pointing at held areas', () => {
    const held = new Set(register.areas.map((a) => a.code));
    const unique = (keys: string[]) => assert.equal(new Set(keys).size, keys.length);
    unique(register.identifiers.map((i) => `${i.scheme}\t${i.identifier}`));
    unique(register.names.map((n) => `${n.nameKey}\t${n.areaCode}`));
    unique(register.parents.map((p) => `${p.areaCode}\t${p.relation}`));
    for (const { areaCode } of [...register.identifiers, ...register.names, ...register.parents])
      assert.ok(held.has(areaCode), areaCode);
    for (const s of register.successions)
      assert.ok(held.has(s.predecessorCode) && held.has(s.successorCode));
    assert.deepEqual(
      countBy(register.identifiers, (i) => i.scheme),
      {
        'dfe-la': 158,
        'former-gss': 15,
        'mhclg-ecode': 354,
        mysociety: 445,
      },
    );
  });

  it('resolves spelling variants of a name', () => {
    const matches = (name: string) =>
      register.names.filter((n) => n.nameKey === nameKey(name)).map((n) => n.areaCode);
    for (const variant of [
      'Bournemouth, Christchurch and Poole',
      'Bournemouth Christchurch & Poole',
      'bournemouth, christchurch and poole borough council',
      'Bournemouth, Christchurch and Poole Council',
    ])
      assert.deepEqual(matches(variant), ['E06000058'], variant);
  });

  it('counts what it leaves out', () => {
    const note = (pattern: RegExp) => register.notes.find((n) => pattern.test(n));
    assert.ok(note(/lookup_ltla24_csp24_pfa24\.csv: 43 police force areas kept as parent links/));
    assert.ok(note(/25 abolished authorities without a GSS code not stored/));
    assert.ok(note(/Forest Heath: SRY vs E10000029/));
    assert.deepEqual(register.boundaries, []);
  });
});

describe('readRegister on malformed data', () => {
  const dirs: string[] = [];
  after(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  /** A writable copy of the real areas folder, with one file edited line by line. */
  async function corrupted(file: string, edit: (lines: string[]) => void): Promise<string> {
    const dir = await mkdtemp(path.join(tmpdir(), 'openlg-register-reader-'));
    dirs.push(dir);
    const areas = path.join(dir, 'areas');
    await cp(path.join(dataDir, 'areas'), areas, { recursive: true });
    // fs.cp keeps the read-only modes of the shared data.
    await chmod(areas, 0o755);
    for (const entry of await readdir(areas, { recursive: true, withFileTypes: true }))
      await chmod(path.join(entry.parentPath, entry.name), entry.isDirectory() ? 0o755 : 0o644);
    const target = path.join(areas, file);
    const lines = (await readFile(target, 'utf8')).split('\n');
    edit(lines);
    await writeFile(target, lines.join('\n'));
    return dir;
  }

  const lineOf = (lines: string[], start: string) => lines.findIndex((l) => l.startsWith(start));

  async function rejects(dir: string, ...patterns: RegExp[]): Promise<void> {
    await assert.rejects(readRegister(dir), (error: unknown) => {
      assert.ok(error instanceof DataFileError, String(error));
      for (const pattern of patterns) assert.match(error.message, pattern);
      return true;
    });
  }

  it('names the missing file when the data folder is missing', async () => {
    await rejects(
      path.join(tmpdir(), 'openlg-no-such-data'),
      /areas\/mysociety-uk-local-authorities\.csv: file not found/,
      /areas\/lookups\/lookup_ltla24_region24\.csv: file not found/,
    );
  });

  it('names a removed column', async () => {
    const dir = await corrupted('lookups/lookup_ltla24_region24.csv', (lines) => {
      lines.forEach((line, i) => (lines[i] = line.replace(/,"[^"]*"$/, '')));
    });
    await rejects(
      dir,
      /areas\/lookups\/lookup_ltla24_region24\.csv, row 1, column "region24_code": required column is missing/,
    );
  });

  it('names the row and column of a bad GSS code', async () => {
    const dir = await corrupted(AUTHORITIES, (lines) => {
      assert.ok(lines[4]!.startsWith('ADU,'), 'Adur is on line 5');
      lines[4] = lines[4]!.replace(',E07000223,', ',E0BROKEN1,');
    });
    await rejects(
      dir,
      /areas\/mysociety-uk-local-authorities\.csv, row 5, column "gss-code": "E0BROKEN1" is not a GSS code/,
    );
  });

  it('names the row and column of an unknown type code', async () => {
    let row = 0;
    const dir = await corrupted(AUTHORITIES, (lines) => {
      const i = lineOf(lines, 'ADU,');
      lines[i] = lines[i]!.replace(',NMD,', ',XYZ,');
      row = i + 1;
    });
    await rejects(
      dir,
      new RegExp(
        `mysociety-uk-local-authorities\\.csv, row ${row}, column "local-authority-type": "XYZ" is not a known`,
      ),
    );
  });

  it('reports every problem of a file at once', async () => {
    let dateRow = 0;
    let successorRow = 0;
    const dir = await corrupted(AUTHORITIES, (lines) => {
      dateRow = lineOf(lines, 'ALL,') + 1;
      lines[dateRow - 1] = lines[dateRow - 1]!.replace(',2023-04-01,', ',2023-13-01,');
      successorRow = lineOf(lines, 'AYL,') + 1;
      lines[successorRow - 1] = lines[successorRow - 1]!.replace(',BUC,', ',ZZZ,');
    });
    await rejects(
      dir,
      new RegExp(`row ${dateRow}, column "end-date": "2023-13-01" is not a date`),
      new RegExp(`row ${successorRow}, column "replaced-by": "ZZZ" is not an authority`),
    );
  });

  it('names a lookup row that refers to an unknown area', async () => {
    const dir = await corrupted('lookups/lookup_ltla24_region24.csv', (lines) => {
      lines[1] = lines[1]!.replace('"E06000001"', '"E06999999"');
    });
    await rejects(
      dir,
      /areas\/lookups\/lookup_ltla24_region24\.csv, row 2, column "ltla24_code": "E06999999" is not an area in the register/,
    );
  });
});
