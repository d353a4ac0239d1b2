import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { dataDir } from '../testing/app.ts';

const bin = path.resolve('bin/openlg.js');

/** Runs the real command as a user would, on an embedded database in a temporary folder. */
function openlg(args: string[], env: Record<string, string>) {
  // The command must use its embedded database even during the PostgreSQL test pass.
  const inherited = { ...process.env };
  delete inherited.DATABASE_URL;
  const result = spawnSync(process.execPath, [bin, ...args], {
    env: { ...inherited, ...env },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('openlg command', () => {
  it('lists every bad setting and exits 2', () => {
    const result = openlg(['db', 'migrate'], { PORT: 'x', LOG_LEVEL: 'loud' });
    assert.equal(result.status, 2);
    assert.match(result.stderr, /PORT: /);
    assert.match(result.stderr, /LOG_LEVEL: /);
  });

  it('migrates, imports the register, and reports a missing data folder precisely', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'openlg-cli-'));
    const env = { OPENLG_PGLITE_DIR: path.join(dir, 'pglite'), LOG_LEVEL: 'silent' };

    const migrate = openlg(['db', 'migrate'], env);
    assert.equal(migrate.status, 0, migrate.stderr);
    assert.match(migrate.stdout, /Applied: 0001-initial/);
    assert.match(openlg(['db', 'migrate'], env).stdout, /Schema is up to date/);

    const load = openlg(['areas', 'import', '--data-dir', dataDir], env);
    assert.equal(load.status, 0, load.stderr);
    assert.match(load.stderr, /Register: 505 areas \(505 new/);

    const missing = openlg(['areas', 'import', '--data-dir', path.join(dir, 'nowhere')], env);
    assert.equal(missing.status, 1);
    assert.match(missing.stderr, /areas\/mysociety-uk-local-authorities\.csv: file not found/);
    assert.match(missing.stderr, /Nothing was changed/);

    const again = openlg(['areas', 'import', '--data-dir', dataDir], env);
    assert.match(again.stderr, /0 new, 0 changed, 505 unchanged, 0 removed/);
  });

  it('rejects an unknown command with the usage', () => {
    const result = openlg(['frobnicate'], {});
    assert.equal(result.status, 2);
    assert.match(result.stderr, /Unknown command "frobnicate"/);
    assert.match(result.stderr, /Usage: openlg/);
  });
});
