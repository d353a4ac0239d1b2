import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { buildApp } from '../app/app.ts';
import { createServices } from '../app/services.ts';
import { loadConfig } from '../config/config.ts';
import type { Database } from '../db/database.ts';
import { withTwoProcesses } from '../testing/app.ts';
import { openTestDatabase } from '../testing/database.ts';
import { csrfIn, HttpBrowser, mainText, setCookies } from '../testing/http-browser.ts';
import { newUser } from '../testing/fixtures.ts';
import type { TestUser } from './accounts.fixture.ts';
import { auditEvents } from './accounts.repository.ts';
import { signInThrottle } from './accounts.service.ts';
import { base32Decode, hotp, timeStep } from './totp.ts';

const config = loadConfig({ LOG_LEVEL: 'silent', OPENLG_RATE_LIMIT: '0' });

/** A person's browser that signs in as a test user and types the second step's code. */
class Browser extends HttpBrowser {
  signInAs(user: TestUser, next = '/account') {
    return this.submit('/sign-in', { email: user.email, password: user.password, next });
  }

  /** The second step, with the code typed on the page the password led to. */
  secondStep(code: string) {
    const form = { code, next: '/account' };
    return this.submit('/sign-in/two-factor?next=/account', form, '/sign-in/two-factor');
  }
}

/** The code an authenticator app holding `secret` shows now. */
const codeNow = (secret: string) =>
  hotp(base32Decode(secret) ?? Buffer.alloc(0), timeStep(Date.now()));

describe('two-factor sign-in over HTTP', () => {
  let database: Database & { url?: string };
  let app: FastifyInstance;
  before(async () => {
    database = await openTestDatabase();
    app = await buildApp(config, createServices(database));
  });
  after(async () => {
    await app.close();
    await database.close();
  });

  /** As if the app's next code had come: the step last accepted is moved back in time. */
  const timePasses = () =>
    sql`update user_two_factor set last_used_step = last_used_step - 3`.execute(database.db);

  /** Sets two-factor up for a signed-in browser; the secret and the recovery codes shown. */
  async function setUp(browser: Browser) {
    const page = await browser.request('GET', '/account/two-factor');
    assert.equal(page.statusCode, 200);
    const secret = (/id="secret">([^<]+)</.exec(page.body)?.[1] ?? '').replace(/\s/g, '');
    assert.match(secret, /^[A-Z2-7]{32}$/);
    const done = await browser.request('POST', '/account/two-factor', {
      csrf: csrfIn(page.body),
      code: codeNow(secret),
    });
    assert.equal(done.statusCode, 200);
    const codes = [...done.body.matchAll(/<code>([a-z2-9-]+)<\/code>/g)].map((m) => m[1] ?? '');
    return { secret, codes };
  }

  /** A user with two-factor on, signed out again. */
  async function userWithTwoFactor(fields: Parameters<typeof newUser>[1] = {}) {
    const user = await newUser(database, fields);
    const browser = new Browser(app);
    await browser.signInAs(user);
    const { secret, codes } = await setUp(browser);
    await browser.submit('/account', {}, '/sign-out');
    await timePasses();
    return { user, secret, codes };
  }

  it('sets up with a code from the app, refusing a wrong one with the error summary', async () => {
    const user = await newUser(database);
    const browser = new Browser(app);
    await browser.signInAs(user);
    const account = await browser.request('GET', '/account');
    assert.match(
      mainText(account.body),
      /Two-factor sign-in Off: your password alone signs you in/,
    );
    assert.match(account.body, /href="\/account\/two-factor">Set up two-factor sign-in/);
    const page = await browser.request('GET', '/account/two-factor');
    assert.equal(page.headers['cache-control'], 'private, no-store');
    assert.match(
      mainText(page.body),
      /Set up two-factor sign-in .* add an account by scanning this QR code: or by typing this key: [A-Z2-7 ]{39} or/,
    );
    assert.match(page.body, /<svg role="img" aria-label="QR code of the key" [^>]*viewBox=/);
    const uri = /href="(otpauth:[^"]+)"/.exec(page.body)?.[1] ?? '';
    assert.match(uri, /^otpauth:\/\/totp\/openlg:person-\d+%40example\.org\?secret=[A-Z2-7]{32}&/);
    // Reloading shows the same key: the app may already hold it.
    const again = await browser.request('GET', '/account/two-factor');
    assert.equal(
      /id="secret">([^<]+)</.exec(again.body)?.[1],
      /id="secret">([^<]+)</.exec(page.body)?.[1],
    );
    const wrong = await browser.submit('/account/two-factor', { code: '000000' });
    assert.equal(wrong.statusCode, 400);
    assert.match(wrong.body, /<title>Error: /);
    assert.match(
      mainText(wrong.body),
      /There is a problem Enter the 6-digit code your app shows now/,
    );
    const { codes } = await setUp(browser);
    assert.equal(codes.length, 10);
    assert.equal(new Set(codes).size, 10);
    for (const code of codes) assert.match(code, /^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/);
    const status = await browser.request('GET', '/account/two-factor');
    assert.match(
      mainText(status.body),
      /Two-factor sign-in is on: .* You have 10 unused recovery codes/,
    );
    assert.match(
      mainText((await browser.request('GET', '/account')).body),
      /Two-factor sign-in On: signing in asks for a code/,
    );
    assert.equal((await auditEvents(database.db, 1))[0]?.action, 'two-factor-on');
    // Only hashes are kept of the recovery codes.
    const kept = await database.db
      .selectFrom('two_factor_recovery_codes')
      .select('code_hash')
      .where('user_id', '=', user.id)
      .execute();
    assert.equal(kept.length, 10);
    for (const { code_hash } of kept) assert.match(code_hash, /^[0-9a-f]{64}$/);
  });

  it('asks for a code after the password, and opens a session only when it is right', async () => {
    const { user, secret } = await userWithTwoFactor();
    const browser = new Browser(app);
    const planted = 'p'.repeat(43);
    browser.cookies.set('openlg-session', planted);
    const password = await browser.signInAs(user);
    assert.equal(password.statusCode, 303);
    assert.equal(password.headers.location, '/sign-in/two-factor?next=%2Faccount');
    assert.match(setCookies(password).get('openlg-two-factor') ?? '', /; Max-Age=300$/);
    // The password alone signs nobody in.
    assert.equal((await browser.request('GET', '/account')).statusCode, 303);
    const page = await browser.request('GET', '/sign-in/two-factor?next=/account');
    assert.match(mainText(page.body), /^Enter a code from your authenticator app/);
    const wrong = await browser.secondStep('123456');
    assert.equal(wrong.statusCode, 401);
    assert.match(mainText(wrong.body), /There is a problem Enter a correct code from your app/);
    assert.equal((await auditEvents(database.db, 1))[0]?.action, 'two-factor-failed');
    const right = await browser.secondStep(codeNow(secret));
    assert.equal(right.statusCode, 303);
    assert.equal(right.headers.location, '/account');
    const session = browser.cookies.get('openlg-session');
    assert.ok(session && session !== planted, 'a new session token, never the one planted');
    assert.equal(browser.cookies.has('openlg-two-factor'), false);
    assert.equal((await browser.request('GET', '/account')).statusCode, 200);
    assert.equal((await auditEvents(database.db, 1))[0]?.action, 'sign-in');
  });

  it('refuses a code given again, and a challenge used already', async () => {
    const { user, secret } = await userWithTwoFactor();
    const first = new Browser(app);
    await first.signInAs(user);
    const challenge = first.cookies.get('openlg-two-factor') ?? '';
    const code = codeNow(secret);
    assert.equal((await first.secondStep(code)).statusCode, 303);
    // Someone who watched the code typed, with the password, tries it at once.
    const watcher = new Browser(app, '192.0.2.40');
    await watcher.signInAs(user);
    const replay = await watcher.secondStep(code);
    assert.equal(replay.statusCode, 401);
    assert.match(mainText(replay.body), /That code has been used already/);
    assert.equal(watcher.cookies.has('openlg-session'), false);
    // The first challenge ended with its sign-in: sent again, it signs nobody in.
    const session = first.cookies.get('openlg-session');
    first.cookies.set('openlg-two-factor', challenge);
    await timePasses();
    const again = await first.request('POST', '/sign-in/two-factor', {
      csrf: first.cookies.get('openlg-form') ?? '',
      code: codeNow(secret),
    });
    assert.equal(again.statusCode, 303);
    assert.equal(again.headers.location, '/sign-in');
    assert.equal(first.cookies.get('openlg-session'), session);
  });

  it('takes each recovery code once, in place of a code from the app', async () => {
    const { user, codes } = await userWithTwoFactor();
    const [code = '', other = ''] = codes;
    const browser = new Browser(app);
    await browser.signInAs(user);
    // Typed in capitals and without its hyphens, it is still the code.
    const used = await browser.secondStep(code.toUpperCase().replace(/-/g, ''));
    assert.equal(used.statusCode, 303);
    const [event] = await auditEvents(database.db, 2);
    assert.equal(event?.action, 'sign-in');
    const recovery = (await auditEvents(database.db, 2))[1];
    assert.equal(recovery?.action, 'two-factor-recovery-code-used');
    assert.deepEqual(recovery?.after, { recoveryCodesLeft: 9 });
    const twice = new Browser(app);
    await twice.signInAs(user);
    assert.equal((await twice.secondStep(code)).statusCode, 401);
    assert.equal((await twice.secondStep(other)).statusCode, 303);
  });

  it('throttles wrong codes as it does wrong passwords', async () => {
    const { user, secret } = await userWithTwoFactor();
    const browser = new Browser(app, '192.0.2.50');
    await browser.signInAs(user);
    for (let i = 0; i < signInThrottle.perEmail; i++)
      assert.equal((await browser.secondStep(String(100000 + i))).statusCode, 401);
    const throttled = await browser.secondStep(codeNow(secret));
    assert.equal(throttled.statusCode, 429);
    assert.match(mainText(throttled.body), /too many attempts to sign in\. Wait 15 minutes/);
    assert.equal(browser.cookies.has('openlg-session'), false);
    assert.equal((await auditEvents(database.db, 1))[0]?.action, 'two-factor-throttled');
    // The same count stops the password step too, from anywhere.
    const elsewhere = new Browser(app, '192.0.2.51');
    assert.equal((await elsewhere.signInAs(user)).statusCode, 429);
    await sql`update sign_in_attempts set at = at - interval '16 minutes'`.execute(database.db);
    assert.equal((await browser.secondStep(codeNow(secret))).statusCode, 303);
  });

  it('signs an administrator without two-factor in only to set it up', async () => {
    const admin = await newUser(database, { role: 'administrator' });
    const browser = new Browser(app);
    const signedIn = await browser.signInAs(admin, '/metrics');
    assert.equal(signedIn.headers.location, '/metrics');
    for (const url of ['/metrics', '/account', '/']) {
      const page = await browser.request('GET', url);
      assert.equal(page.statusCode, 303, url);
      assert.equal(page.headers.location, '/account/two-factor', url);
    }
    const password = await browser.submit(
      '/account/two-factor',
      {
        currentPassword: admin.password,
        newPassword: 'a new long passphrase',
        confirmPassword: 'a new long passphrase',
      },
      '/account/password',
    );
    assert.equal(password.headers.location, '/account/two-factor');
    const page = await browser.request('GET', '/account/two-factor');
    assert.equal(page.statusCode, 200);
    assert.match(mainText(page.body), /As an administrator you must set up two-factor sign-in/);
    const { secret } = await setUp(browser);
    assert.equal((await browser.request('GET', '/metrics')).statusCode, 200);
    // Turned off (with a code), it must be set up again before anything else.
    await timePasses();
    const off = await browser.submit(
      '/account/two-factor',
      { proof: codeNow(secret) },
      '/account/two-factor/off',
    );
    assert.equal(off.headers.location, '/account/two-factor?turned=off');
    assert.equal(
      (await browser.request('GET', '/metrics')).headers.location,
      '/account/two-factor',
    );
    // Signing out is always allowed.
    assert.equal((await browser.submit('/account/two-factor', {}, '/sign-out')).statusCode, 200);
  });

  it('turns off with the password, not with a wrong one; then the password alone signs in', async () => {
    const { user, secret } = await userWithTwoFactor();
    const browser = new Browser(app);
    await browser.signInAs(user);
    await browser.secondStep(codeNow(secret));
    const wrong = await browser.submit(
      '/account/two-factor',
      { proof: 'not the password' },
      '/account/two-factor/off',
    );
    assert.equal(wrong.statusCode, 400);
    assert.match(mainText(wrong.body), /There is a problem Enter your password, or a current code/);
    const off = await browser.submit(
      '/account/two-factor',
      { proof: user.password },
      '/account/two-factor/off',
    );
    assert.equal(off.statusCode, 303);
    const page = await browser.request('GET', off.headers.location ?? '');
    assert.match(mainText(page.body), /Two-factor sign-in is off/);
    assert.equal((await auditEvents(database.db, 1))[0]?.action, 'two-factor-off');
    const again = new Browser(app);
    assert.equal((await again.signInAs(user)).headers.location, '/account');
  });

  it('seals the key with OPENLG_SECRET_KEY: a copy of the database does not hold it', async () => {
    const keyed = await buildApp(
      loadConfig({ LOG_LEVEL: 'silent', OPENLG_SECRET_KEY: 'k'.repeat(44) }),
      createServices(database),
    );
    try {
      const user = await newUser(database);
      const browser = new Browser(keyed);
      await browser.signInAs(user);
      const { secret } = await setUp(browser);
      const stored = await database.db
        .selectFrom('user_two_factor')
        .select('secret')
        .where('user_id', '=', user.id)
        .executeTakeFirstOrThrow();
      assert.match(stored.secret, /^aes256gcm:/);
      assert.ok(!stored.secret.includes(secret));
      await browser.submit('/account', {}, '/sign-out');
      await timePasses();
      await browser.signInAs(user);
      assert.equal((await browser.secondStep(codeNow(secret))).statusCode, 303);
    } finally {
      await keyed.close();
    }
  });
});

describe('two-factor sign-in on two processes', { skip: !process.env.DATABASE_URL }, () => {
  it('takes the password on one process and the code on the other', () =>
    withTwoProcesses(
      (db) => buildApp(config, createServices(db)),
      async (database, first, second) => {
        const user = await newUser(database);
        const setUpBrowser = new Browser(first);
        await setUpBrowser.signInAs(user);
        const page = await setUpBrowser.request('GET', '/account/two-factor');
        const secret = (/id="secret">([^<]+)</.exec(page.body)?.[1] ?? '').replace(/\s/g, '');
        await setUpBrowser.submit('/account/two-factor', { code: codeNow(secret) });
        await sql`update user_two_factor set last_used_step = last_used_step - 3`.execute(
          database.db,
        );
        const browser = new Browser(first);
        assert.equal((await browser.signInAs(user)).statusCode, 303);
        const elsewhere = new Browser(second);
        for (const [name, value] of browser.cookies) elsewhere.cookies.set(name, value);
        assert.equal((await elsewhere.secondStep(codeNow(secret))).statusCode, 303);
        assert.equal((await elsewhere.request('GET', '/account')).statusCode, 200);
      },
    ));
});
