import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from './config.ts';

describe('loadConfig', () => {
  it('uses the documented defaults with an empty environment', () => {
    const config = loadConfig({}, '/srv/openlg');
    assert.deepEqual(config, {
      port: 3000,
      host: '127.0.0.1',
      database: { kind: 'pglite', dataDir: '/srv/openlg/data/pglite' },
      dataDir: '/srv/shared/data',
      logLevel: 'info',
      rateLimitPerMinute: 600,
      trustProxy: false,
    });
  });

  it('trusts X-Forwarded-For only when told a proxy sets it', () => {
    assert.equal(loadConfig({ OPENLG_TRUST_PROXY: 'true' }, '/x').trustProxy, true);
    assert.throws(
      () => loadConfig({ OPENLG_TRUST_PROXY: 'yes' }, '/x'),
      /OPENLG_TRUST_PROXY: must be true or false/,
    );
  });

  it('switches to PostgreSQL when DATABASE_URL is set', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://u@localhost:5432/openlg' }, '/x');
    assert.deepEqual(config.database, {
      kind: 'postgres',
      url: 'postgres://u@localhost:5432/openlg',
    });
  });

  it('lists every bad variable at once', () => {
    let problems: string[] = [];
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud' }, '/x');
    } catch (error) {
      assert.ok(error instanceof ConfigError);
      problems = error.problems;
    }
    assert.equal(problems.length, 3);
    assert.match(problems.join('\n'), /PORT: .*"eighty"/);
    assert.match(problems.join('\n'), /DATABASE_URL: must be a postgres/);
    assert.match(problems.join('\n'), /LOG_LEVEL: must be one of fatal/);
  });

  it('rejects out-of-range ports', () => {
    assert.throws(() => loadConfig({ PORT: '70000' }, '/x'), /PORT: must be between 0 and 65535/);
  });

  it('reads the rate limit, 0 turning it off', () => {
    assert.equal(loadConfig({ OPENLG_RATE_LIMIT: '30' }, '/x').rateLimitPerMinute, 30);
    assert.equal(loadConfig({ OPENLG_RATE_LIMIT: '0' }, '/x').rateLimitPerMinute, 0);
    assert.throws(
      () => loadConfig({ OPENLG_RATE_LIMIT: '-1' }, '/x'),
      /OPENLG_RATE_LIMIT: must be 0 or more/,
    );
    assert.throws(
      () => loadConfig({ OPENLG_RATE_LIMIT: 'lots' }, '/x'),
      /OPENLG_RATE_LIMIT: must be a whole number/,
    );
  });

  it('treats empty variables as unset', () => {
    assert.equal(loadConfig({ PORT: '', DATABASE_URL: '' }, '/x').database.kind, 'pglite');
  });
});
