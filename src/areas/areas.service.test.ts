import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Database } from '../db/database.ts';
import { principalCouncilTypes } from '../db/vocabulary.ts';
import { DataFileError } from '../shared/errors.ts';
import { dataDir } from '../testing/app.ts';
import { importValues } from '../testing/values.ts';
import { fingerprint, openTestDatabase } from '../testing/database.ts';
import { AreasInUseError, writeRegister } from './areas.repository.ts';
import { AreasService } from './areas.service.ts';
import { readRegister } from './register/register.reader.ts';

/** Everything the register writes, to prove a failed load changed nothing. */
const registerChecksum = (database: Database) =>
  fingerprint(database, [
    'areas',
    'area_identifiers',
    'area_names',
    'area_parents',
    'area_successions',
    'area_boundaries',
  ]);

async function copyOfData(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'openlg-register-'));
  await cp(path.join(dataDir, 'areas'), path.join(dir, 'areas'), { recursive: true });
  return dir;
}

describe('AreasService register import', () => {
  let database: Database;
  let service: AreasService;
  before(async () => {
    database = await openTestDatabase();
    service = new AreasService(database.db);
  });
  after(() => database.close());

  it('loads the real register on first start only', async () => {
    assert.equal(await service.ensureRegister(dataDir), true);
    assert.equal(await service.ensureRegister(dataDir), false);
    const councils = await service.listAreas({
      types: principalCouncilTypes,
      current: true,
    });
    assert.equal(councils.length, 317);
  });

  it('reports nothing changed when the same files are loaded again', async () => {
    const before = await registerChecksum(database);
    const summary = await service.importRegister(dataDir);
    assert.equal(summary.areasInserted, 0);
    assert.equal(summary.areasUpdated, 0);
    assert.equal(summary.areasRemoved, 0);
    assert.equal(summary.areasUnchanged, summary.areas);
    assert.equal(await registerChecksum(database), before);
  });

  it('keeps boundaries for the maps', async () => {
    const map = await service.getBoundaryMap('E06000001');
    assert.ok(map, 'Hartlepool has a boundary');
    assert.match(map.focus.path, /^M/);
    assert.ok(map.context.length > 0, 'neighbouring shapes for context');
  });

  it('changes nothing when a register file is malformed', async () => {
    const before = await registerChecksum(database);
    const dir = await copyOfData();
    const file = path.join(dir, 'areas/mysociety-uk-local-authorities.csv');
    const lines = (await readFile(file, 'utf8')).split('\n');
    // Line 5 is Adur (E07000223).
    lines[4] = lines[4]!.replace(',E07000223,', ',E0BROKEN1,');
    await writeFile(file, lines.join('\n'));
    await assert.rejects(
      service.importRegister(dir),
      (error: unknown) =>
        error instanceof DataFileError &&
        /areas\/mysociety-uk-local-authorities\.csv, row 5, column "gss-code"/.test(error.message),
    );
    assert.equal(await registerChecksum(database), before);
  });

  it('refuses a register that drops an area holding values', async () => {
    await importValues(database, 'test-count', '2020', { E07000223: 1 });
    const before = await registerChecksum(database);
    const register = await readRegister(dataDir);
    const withoutAdur = {
      ...register,
      areas: register.areas.filter((a) => a.code !== 'E07000223'),
    };
    await assert.rejects(
      database.db.transaction().execute((trx) => writeRegister(trx, withoutAdur)),
      (error: unknown) => error instanceof AreasInUseError && error.codes.join() === 'E07000223',
    );
    assert.equal(await registerChecksum(database), before);
  });

  it('changes nothing when the data directory is missing', async () => {
    const before = await registerChecksum(database);
    await assert.rejects(service.importRegister('/nonexistent/openlg-data'), DataFileError);
    assert.equal(await registerChecksum(database), before);
  });

  it('resolves a former GSS code to the current area', async () => {
    const result = await service.getArea('E08000020');
    assert.deepEqual(result, { movedTo: 'E08000037' });
  });
});
