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
import { newUser, testPassword } from '../testing/fixtures.ts';
import { auditEvents } from './accounts.repository.ts';
import { AccountsService, signInThrottle } from './accounts.service.ts';

const config = loadConfig({ LOG_LEVEL: 'silent', OPENLG_RATE_LIMIT: '0' });

async function openApp(database: Database): Promise<FastifyInstance> {
  return buildApp(config, createServices(database));
}

describe('accounts over HTTP', () => {
  let database: Database & { url?: string };
  let app: FastifyInstance;
  before(async () => {
    database = await openTestDatabase();
    app = await openApp(database);
  });
  after(async () => {
    await app.close();
    await database.close();
  });

  it('signs in with the right password, setting a private session cookie', async () => {
    const user = await newUser(database, { name: 'Ada Analyst' });
    const browser = new HttpBrowser(app);
    const page = await browser.request('GET', '/sign-in');
    assert.equal(page.headers['cache-control'], 'private, no-store');
    assert.match(mainText(page.body), /^Sign in .* Email address Password Show Sign in/);
    const signedIn = await browser.signIn(user.email.toUpperCase(), user.password);
    assert.equal(signedIn.statusCode, 303);
    assert.equal(signedIn.headers.location, '/dashboard');
    const session = setCookies(signedIn).get('openlg-session') ?? '';
    assert.match(session, /^openlg-session=[\w-]{43}; Path=\/; HttpOnly; SameSite=Lax$/);
    const account = await browser.request('GET', '/account');
    assert.equal(account.statusCode, 200);
    assert.equal(account.headers['cache-control'], 'private, no-store');
    assert.match(mainText(account.body), /Name Ada Analyst Email address person-\d+@example\.org/);
    assert.match(mainText(account.body), /National programme team Analyst/);
    assert.match(account.body, /href="\/account" aria-current="true">\s*<strong[^>]*>Ada Analyst/);
    assert.match(
      account.body,
      /<button class="govuk-service-navigation__link openlg-sign-out__button">Sign out/,
    );
    const [event] = await auditEvents(database.db, 1);
    assert.deepEqual(
      [event?.action, event?.userId, event?.address],
      ['sign-in', user.id, '127.0.0.1'],
    );
  });

  it('marks the cookies Secure, with the __Host- prefix, when the public address is https', async () => {
    const secureApp = await buildApp(
      loadConfig({ LOG_LEVEL: 'silent', OPENLG_PUBLIC_URL: 'https://openlg.example' }),
      createServices(database),
    );
    try {
      const page = await secureApp.inject({ method: 'GET', url: '/sign-in' });
      assert.match(setCookies(page).get('__Host-openlg-form') ?? '', /; Secure$/);
    } finally {
      await secureApp.close();
    }
  });

  it('refuses a wrong password, keeping the email typed but never the password', async () => {
    const user = await newUser(database);
    const browser = new HttpBrowser(app, '192.0.2.10');
    const refused = await browser.signIn(user.email, 'not-the-password');
    assert.equal(refused.statusCode, 401);
    assert.match(
      mainText(refused.body),
      /There is a problem Enter a correct email address and password/,
    );
    assert.match(refused.body, new RegExp(`value="${user.email}"`));
    assert.doesNotMatch(refused.body, /not-the-password/);
    assert.equal(browser.cookies.has('openlg-session'), false);
    const [event] = await auditEvents(database.db, 1);
    assert.equal(event?.action, 'sign-in-failed');
  });

  it('lists every missing field in the error summary', async () => {
    const browser = new HttpBrowser(app);
    const response = await browser.signIn('', '');
    assert.equal(response.statusCode, 400);
    assert.match(
      mainText(response.body),
      /There is a problem Enter your email address Enter your password/,
    );
    assert.match(response.body, /<title>Error: Sign in/);
  });

  it('throttles an email address after repeated failures, even with the right password', async () => {
    const user = await newUser(database);
    const browser = new HttpBrowser(app, '192.0.2.20');
    for (let i = 0; i < signInThrottle.perEmail; i++)
      assert.equal((await browser.signIn(user.email, `wrong-${i}`)).statusCode, 401);
    const throttled = await browser.signIn(user.email, user.password);
    assert.equal(throttled.statusCode, 429);
    assert.match(mainText(throttled.body), /too many attempts to sign in\. Wait 15 minutes/);
    assert.equal(browser.cookies.has('openlg-session'), false);
    // The window passes: the right password works again.
    await sql`update sign_in_attempts set at = at - interval '16 minutes'`.execute(database.db);
    assert.equal((await browser.signIn(user.email, user.password)).statusCode, 303);
  });

  it('throttles an address trying many email addresses', async () => {
    const user = await newUser(database);
    const browser = new HttpBrowser(app, '192.0.2.30');
    for (let i = 0; i < signInThrottle.perAddress; i++)
      await browser.signIn(`guess-${i}@example.org`, 'password guess');
    assert.equal((await browser.signIn(user.email, user.password)).statusCode, 429);
    assert.equal(
      (await new HttpBrowser(app, '192.0.2.31').signIn(user.email, user.password)).statusCode,
      303,
    );
  });

  it('gives a new session token at sign-in: a cookie planted before is never signed in', async () => {
    const user = await newUser(database);
    const credentials = { email: user.email, password: user.password };
    const browser = new HttpBrowser(app);
    const planted = 'a'.repeat(43);
    browser.cookies.set('openlg-session', planted);
    const form = csrfIn((await browser.request('GET', '/sign-in')).body);
    await browser.request('POST', '/sign-in', { csrf: form, ...credentials });
    const first = browser.cookies.get('openlg-session');
    assert.ok(first && first !== planted);
    const attacker = new HttpBrowser(app);
    attacker.cookies.set('openlg-session', planted);
    assert.equal((await attacker.request('GET', '/account')).statusCode, 303);
    // Signing in again from the same browser (the form left open in another tab) replaces the
    // session and ends the one before.
    await browser.request('POST', '/sign-in', { csrf: form, ...credentials });
    const second = browser.cookies.get('openlg-session');
    assert.ok(second && second !== first);
    const old = new HttpBrowser(app);
    old.cookies.set('openlg-session', first);
    const redirected = await old.request('GET', '/account');
    assert.equal(redirected.statusCode, 303);
    assert.equal(redirected.headers.location, '/sign-in?next=/account');
  });

  it('refuses a state-changing request whose CSRF token is missing or wrong, with a 403 page', async () => {
    const user = await newUser(database);
    const browser = new HttpBrowser(app);
    await browser.signIn(user.email, user.password);
    const form = {
      currentPassword: user.password,
      newPassword: 'a new long passphrase',
      confirmPassword: 'a new long passphrase',
    };
    for (const csrf of [undefined, 'x'.repeat(43)]) {
      const response = await browser.request(
        'POST',
        '/account/password',
        csrf ? { ...form, csrf } : form,
      );
      assert.equal(response.statusCode, 403);
      assert.match(String(response.headers['content-type']), /text\/html/);
      assert.match(
        mainText(response.body),
        /There is a problem with the request The form could not be accepted/,
      );
    }
    for (const url of ['/sign-out', '/account/sign-out-everywhere'])
      assert.equal((await browser.request('POST', url, { csrf: 'wrong' })).statusCode, 403);
    // Still signed in, with the password unchanged.
    assert.equal((await browser.request('GET', '/account')).statusCode, 200);
    // The sign-in form checks its own token, against the form cookie.
    const stranger = new HttpBrowser(app);
    const noCookie = await stranger.request('POST', '/sign-in', {
      csrf: 'x',
      email: user.email,
      password: user.password,
    });
    assert.equal(noCookie.statusCode, 403);
  });

  it('signs out, ending the session in the database', async () => {
    const user = await newUser(database);
    const browser = new HttpBrowser(app);
    await browser.signIn(user.email, user.password);
    const token = browser.cookies.get('openlg-session') ?? '';
    const out = await browser.submit('/account', {}, '/sign-out');
    assert.equal(out.statusCode, 200);
    assert.match(mainText(out.body), /You have signed out/);
    assert.match(out.body, /href="\/sign-in"[^>]*>\s*Sign in/);
    assert.equal(browser.cookies.has('openlg-session'), false);
    const replay = new HttpBrowser(app);
    replay.cookies.set('openlg-session', token);
    assert.equal((await replay.request('GET', '/account')).statusCode, 303);
    assert.equal((await auditEvents(database.db, 1))[0]?.action, 'sign-out');
  });

  it('signs out everywhere: every session of the user ends', async () => {
    const user = await newUser(database);
    const [laptop, phone] = [new HttpBrowser(app), new HttpBrowser(app)];
    await laptop.signIn(user.email, user.password);
    await phone.signIn(user.email, user.password);
    assert.equal(
      (await laptop.submit('/account', {}, '/account/sign-out-everywhere')).statusCode,
      200,
    );
    assert.equal((await phone.request('GET', '/account')).statusCode, 303);
  });

  it('changes the password, checking the current one and the rules, ending other sessions', async () => {
    const user = await newUser(database);
    const [here, elsewhere] = [new HttpBrowser(app), new HttpBrowser(app)];
    await here.signIn(user.email, user.password);
    await elsewhere.signIn(user.email, user.password);
    const change = (current: string, next: string, confirm = next) =>
      here.submit(
        '/account',
        { currentPassword: current, newPassword: next, confirmPassword: confirm },
        '/account/password',
      );
    const wrong = await change('not it at all', 'a new long passphrase');
    assert.equal(wrong.statusCode, 400);
    assert.match(mainText(wrong.body), /There is a problem Enter your current password correctly/);
    assert.match(mainText((await change(user.password, 'Password1234')).body), /too easy to guess/);
    assert.match(mainText((await change(user.password, 'short')).body), /12 characters or more/);
    assert.match(
      mainText((await change(user.password, 'a new long passphrase', 'other')).body),
      /do not match/,
    );
    const done = await change(user.password, 'a new long passphrase');
    assert.equal(done.statusCode, 303);
    assert.match(
      mainText((await here.request('GET', done.headers.location ?? '')).body),
      /Your password has been changed/,
    );
    assert.equal((await elsewhere.request('GET', '/account')).statusCode, 303);
    assert.equal(
      (await new HttpBrowser(app).signIn(user.email, 'a new long passphrase')).statusCode,
      303,
    );
  });

  it('sends the public to sign in, and keeps public pages public', async () => {
    const account = await app.inject({ method: 'GET', url: '/account' });
    assert.equal(account.statusCode, 303);
    const home = await app.inject({ method: 'GET', url: '/accessibility' });
    assert.equal(home.headers['cache-control'], undefined);
    assert.match(home.body, /href="\/sign-in"[^>]*>\s*Sign in/);
  });

  it('makes the page of a signed-in viewer private everywhere', async () => {
    const user = await newUser(database, { name: 'Pat Private' });
    const browser = new HttpBrowser(app);
    await browser.signIn(user.email, user.password);
    const page = await browser.request('GET', '/accessibility');
    assert.equal(page.headers['cache-control'], 'private, no-store');
    assert.match(page.body, /Pat Private/);
  });

  it('redirects after sign-in only to a path on this site', async () => {
    const user = await newUser(database);
    for (const [next, location] of <[string, string][]>[
      ['/metrics', '/metrics'],
      ['//evil.example/', '/dashboard'],
      ['https://evil.example', '/dashboard'],
    ]) {
      const browser = new HttpBrowser(app);
      const page = await browser.request('GET', `/sign-in?next=${encodeURIComponent(next)}`);
      const response = await browser.request('POST', '/sign-in', {
        csrf: csrfIn(page.body),
        email: user.email,
        password: user.password,
        next,
      });
      assert.equal(response.headers.location, location, next);
    }
  });

  it('refuses a disabled user', async () => {
    const user = await newUser(database);
    await new AccountsService(database.db, config.sessions).disableUser(user.email);
    const response = await new HttpBrowser(app).signIn(user.email, user.password);
    assert.equal(response.statusCode, 403);
    assert.match(mainText(response.body), /This account has been disabled/);
  });
});

describe('invitations over HTTP', () => {
  let database: Database;
  let app: FastifyInstance;
  let accounts: AccountsService;
  before(async () => {
    database = await openTestDatabase();
    app = await openApp(database);
    accounts = new AccountsService(database.db, config.sessions);
  });
  after(async () => {
    await app.close();
    await database.close();
  });

  const invite = async (email: string) => {
    const { invitation } = await accounts.addUser({
      email,
      name: 'Ivy Invitee',
      organisation: 'lga',
      role: 'analyst',
    });
    return `/invitation/${invitation ?? ''}`;
  };

  it('lets the invitee choose a password once, signing them in', async () => {
    const link = await invite('ivy@example.org');
    const browser = new HttpBrowser(app);
    const page = await browser.request('GET', link);
    // A second tab (or whoever else has the link) opens the form before the first is sent.
    const otherTab = new HttpBrowser(app);
    const otherPage = await otherTab.request('GET', link);
    assert.match(
      mainText(page.body),
      /Choose a password You have been invited to openlg as Ivy Invitee \(ivy@example\.org\)/,
    );
    const weak = await browser.request('POST', link, {
      csrf: csrfIn(page.body),
      password: 'password1234',
      confirmPassword: 'password1234',
    });
    assert.equal(weak.statusCode, 400);
    assert.match(mainText(weak.body), /There is a problem Password is too easy to guess/);
    const accepted = await browser.request('POST', link, {
      csrf: csrfIn(page.body),
      password: testPassword,
      confirmPassword: testPassword,
    });
    assert.equal(accepted.statusCode, 303);
    assert.equal((await browser.request('GET', '/account')).statusCode, 200);
    const again = await new HttpBrowser(app).request('GET', link);
    assert.equal(again.statusCode, 410);
    assert.match(mainText(again.body), /This invitation link has expired or been used/);
    const reused = await otherTab.request('POST', link, {
      csrf: csrfIn(otherPage.body),
      password: 'another long password',
      confirmPassword: 'another long password',
    });
    assert.equal(reused.statusCode, 410);
    assert.equal(
      (await new HttpBrowser(app).signIn('ivy@example.org', testPassword)).statusCode,
      303,
    );
  });

  it('refuses an expired link, and one that was never issued', async () => {
    const link = await invite('late@example.org');
    await sql`update invitations set expires_at = now() - interval '1 second'`.execute(database.db);
    assert.equal((await new HttpBrowser(app).request('GET', link)).statusCode, 410);
    assert.equal(
      (await new HttpBrowser(app).request('GET', `/invitation/${'b'.repeat(43)}`)).statusCode,
      410,
    );
    assert.equal((await new HttpBrowser(app).request('GET', '/invitation/short')).statusCode, 410);
  });
});

describe('two openlg processes on one PostgreSQL', { skip: !process.env.DATABASE_URL }, () => {
  it('share sessions: signed in on one, the other knows who is asking', () =>
    withTwoProcesses(openApp, async (database, first, second) => {
      const user = await newUser(database, { name: 'Shared Session' });
      const browser = new HttpBrowser(first);
      assert.equal((await browser.signIn(user.email, user.password)).statusCode, 303);
      const elsewhere = new HttpBrowser(second);
      for (const [name, value] of browser.cookies) elsewhere.cookies.set(name, value);
      const account = await elsewhere.request('GET', '/account');
      assert.equal(account.statusCode, 200);
      assert.match(mainText(account.body), /Shared Session/);
      // Signed out on the second, the first no longer knows them either.
      await elsewhere.submit('/account', {}, '/sign-out');
      assert.equal((await browser.request('GET', '/account')).statusCode, 303);
    }));
});
