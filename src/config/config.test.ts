import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from './config.ts';

describe('loadConfig', () => {
  it('uses the documented defaults with an empty environment', () => {
    // Chromium is found where it is installed: the machine's to say, checked below.
    const { chromium, ...config } = loadConfig({}, '/srv/openlg');
    assert.ok(chromium === null || chromium.startsWith('/usr/bin/chromium'), String(chromium));
    assert.deepEqual(config, {
      port: 3000,
      host: '127.0.0.1',
      database: { kind: 'pglite', dataDir: '/srv/openlg/data/pglite' },
      dataDir: '/srv/shared/data',
      logLevel: 'info',
      rateLimitPerMinute: 600,
      apiKeyRateLimitPerMinute: 1200,
      simulationLimits: { perAddressPerHour: 20, perSession: 1 },
      trustProxy: false,
      publicUrl: null,
      answerCacheBytes: 32 * 1024 * 1024,
      operator: { name: null, email: null },
      sessions: { idleSeconds: 3600, maxSeconds: 43_200 },
      mail: {
        smtpUrl: null,
        from: 'openlg <openlg@localhost>',
        outboxDir: '/srv/openlg/data/outbox',
      },
      secretKey: null,
      uploadBytes: 10 * 1024 * 1024,
      documentBytes: 20 * 1024 * 1024,
      reminderDays: [7, 1],
    });
  });

  it('prints PDFs with the chromium named, none when told so, refusing a wrong path', () => {
    assert.equal(loadConfig({ OPENLG_CHROMIUM: 'none' }).chromium, null);
    assert.equal(loadConfig({ OPENLG_CHROMIUM: process.execPath }).chromium, process.execPath);
    assert.throws(
      () => loadConfig({ OPENLG_CHROMIUM: '/no/such/chromium' }),
      /OPENLG_CHROMIUM: must be the path of a Chromium executable, or none/,
    );
  });

  it('reads the days before a deadline to remind councils on, refusing anything else', () => {
    assert.deepEqual(loadConfig({ OPENLG_REMINDER_DAYS: '14, 3,3' }).reminderDays, [14, 3]);
    assert.deepEqual(loadConfig({ OPENLG_REMINDER_DAYS: '0' }).reminderDays, []);
    assert.throws(
      () => loadConfig({ OPENLG_REMINDER_DAYS: 'a week' }),
      /OPENLG_REMINDER_DAYS: must be whole numbers of days, separated by commas/,
    );
  });

  it('takes a secret key of 32 characters or more, never repeating a wrong one', () => {
    const key = 'q'.repeat(32);
    assert.equal(loadConfig({ OPENLG_SECRET_KEY: key }).secretKey, key);
    assert.throws(
      () => loadConfig({ OPENLG_SECRET_KEY: 'too-short-secret' }),
      (error: Error) =>
        /OPENLG_SECRET_KEY: must be 32 characters or more.*\(got \(hidden\)\)/.test(
          error.message,
        ) && !error.message.includes('too-short-secret'),
    );
  });

  it('reads the mail settings, refusing an SMTP URL of another scheme', () => {
    const config = loadConfig(
      {
        SMTP_URL: 'smtps://user:secret@smtp.example:465',
        OPENLG_MAIL_FROM: 'Example Council openlg <openlg@council.example>',
        OPENLG_OUTBOX_DIR: 'mail',
      },
      '/x',
    );
    assert.deepEqual(config.mail, {
      smtpUrl: 'smtps://user:secret@smtp.example:465',
      from: 'Example Council openlg <openlg@council.example>',
      outboxDir: '/x/mail',
    });
    assert.throws(() => loadConfig({ SMTP_URL: 'http://smtp.example' }, '/x'), /SMTP_URL/);
    // The mistake is named without repeating the password in it, for logs to keep.
    assert.throws(
      () => loadConfig({ SMTP_URL: 'submission://mailer:s3cret@smtp.example' }, '/x'),
      (error: Error) =>
        error.message.includes('"submission://mailer:***@smtp.example"') &&
        !error.message.includes('s3cret'),
    );
    assert.throws(() => loadConfig({ OPENLG_MAIL_FROM: 'openlg' }, '/x'), /OPENLG_MAIL_FROM/);
  });

  it('reads session lifetimes in minutes idle and hours at most', () => {
    const config = loadConfig(
      { OPENLG_SESSION_IDLE_MINUTES: '15', OPENLG_SESSION_MAX_HOURS: '8' },
      '/x',
    );
    assert.deepEqual(config.sessions, { idleSeconds: 900, maxSeconds: 28_800 });
    assert.throws(
      () => loadConfig({ OPENLG_SESSION_IDLE_MINUTES: '0' }, '/x'),
      /OPENLG_SESSION_IDLE_MINUTES: must be at least 1 minute/,
    );
  });

  it('reads the answer cache size in megabytes, 0 turning it off', () => {
    const bytes = (value: string) => loadConfig({ OPENLG_ANSWER_CACHE_MB: value }, '/x');
    assert.equal(bytes('0').answerCacheBytes, 0);
    assert.equal(bytes('0.5').answerCacheBytes, 524_288);
    assert.throws(() => bytes('-1'), /OPENLG_ANSWER_CACHE_MB: must be 0 or more/);
    assert.throws(() => bytes('lots'), /OPENLG_ANSWER_CACHE_MB: must be a number of megabytes/);
  });

  it('reads who runs this copy and their contact address, which must be an email address', () => {
    const config = loadConfig(
      { OPENLG_OPERATOR: ' Example Council ', OPENLG_CONTACT_EMAIL: 'data@council.example' },
      '/x',
    );
    assert.deepEqual(config.operator, { name: 'Example Council', email: 'data@council.example' });
    assert.throws(
      () => loadConfig({ OPENLG_CONTACT_EMAIL: 'javascript:alert(1)' }, '/x'),
      /OPENLG_CONTACT_EMAIL: must be an email address/,
    );
  });

  it('reads the public address, which must be http or https', () => {
    const url = (value: string) => loadConfig({ OPENLG_PUBLIC_URL: value }, '/x').publicUrl?.href;
    assert.equal(url('https://openlg.example'), 'https://openlg.example/');
    assert.equal(url('http://localhost:3000'), 'http://localhost:3000/');
    assert.throws(() => url('ftp://openlg.example'), /OPENLG_PUBLIC_URL: must be the http/);
    assert.throws(() => url('javascript:alert(1)'), /OPENLG_PUBLIC_URL/);
  });

  it('trusts X-Forwarded-For only from the proxy hops or addresses it is told of', () => {
    const trust = (value: string) => loadConfig({ OPENLG_TRUST_PROXY: value }, '/x').trustProxy;
    assert.equal(trust('false'), false);
    assert.equal(trust('0'), false);
    assert.equal(trust('1'), 1);
    assert.equal(trust('2'), 2);
    assert.deepEqual(trust('10.0.0.1, 192.168.0.0/16,::1,fd00::/8,loopback'), [
      '10.0.0.1',
      '192.168.0.0/16',
      '::1',
      'fd00::/8',
      'loopback',
    ]);
    assert.throws(() => trust('true'), /OPENLG_TRUST_PROXY: true would trust every/);
    for (const bad of ['yes', '10.0.0.1/33', '10.0.0.1,', 'proxy.example', '1.5'])
      assert.throws(() => trust(bad), /OPENLG_TRUST_PROXY: must be false, a number of proxy hops/);
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
