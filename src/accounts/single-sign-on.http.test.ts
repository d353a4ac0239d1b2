import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../app/app.ts';
import { createServices } from '../app/services.ts';
import { loadConfig } from '../config/config.ts';
import type { Database } from '../db/database.ts';
import { openTestDatabase } from '../testing/database.ts';
import { newOrganisation, newUser } from '../testing/fixtures.ts';
import { HttpBrowser, mainText } from '../testing/http-browser.ts';
import { startIdentityProvider, type TestIdentityProvider } from '../testing/identity-provider.ts';
import { confirmTwoFactor } from '../testing/signed-in.ts';
import { auditEvents } from './accounts.repository.ts';
import { AccountsService } from './accounts.service.ts';
import { cookieNames } from './cookies.ts';
import { secretBox } from './secret-box.ts';
import { SingleSignOnService } from './single-sign-on.service.ts';

const secretKey = 'single sign-on tests: a key of 32 characters or more';
const config = loadConfig({
  LOG_LEVEL: 'silent',
  OPENLG_RATE_LIMIT: '0',
  OPENLG_SECRET_KEY: secretKey,
});
const names = cookieNames(false);

/** A browser that signs in through the council's provider, which signs in whoever it is told. */
class Browser extends HttpBrowser {
  constructor(
    app: FastifyInstance,
    private readonly provider: TestIdentityProvider,
  ) {
    super(app);
  }

  /** Types a work email at /sign-in/sso: the answer sends the browser to the provider. */
  start(email: string, next = '/account') {
    return this.submit('/sign-in/sso', { email, next });
  }

  /** Follows the redirect to the provider, which sends the browser back: the callback's path. */
  async atProvider(location: string): Promise<string> {
    assert.ok(location.startsWith(this.provider.issuer), location);
    const answer = await fetch(location, { redirect: 'manual' });
    assert.equal(answer.status, 302, await answer.text());
    const back = new URL(answer.headers.get('location') ?? '');
    return back.pathname + back.search;
  }

  /** The whole round trip, as `claims` at the provider; the callback's answer. */
  async signInAs(email: string, claims = { email, email_verified: true }) {
    this.provider.signInAs(claims);
    const started = await this.start(email);
    assert.equal(started.statusCode, 303, mainText(started.body));
    return this.request('GET', await this.atProvider(String(started.headers.location)));
  }
}

describe('single sign-on with a council’s identity provider', () => {
  let database: Database;
  let app: FastifyInstance;
  let provider: TestIdentityProvider;
  let browser: Browser;
  let member: { id: number; email: string };
  const council = 'E09000033';

  /** The latest audit event of a failed single sign-on: its reason. */
  const lastFailure = async () => {
    const event = (await auditEvents(database.db)).find((e) => e.action === 'sign-in-sso-failed');
    return (event?.after as { reason?: string } | null)?.reason;
  };

  before(async () => {
    provider = await startIdentityProvider();
    database = await openTestDatabase();
    app = await buildApp(config, createServices(database));
    await newOrganisation(database, { kind: 'council', code: council, name: 'Westminster' });
    await newOrganisation(database, { kind: 'council', code: 'E09000001', name: 'City' });
    member = await newUser(database, {
      email: 'ann@westminster.gov.uk',
      organisation: council,
      role: 'data-steward',
    });
    const accounts = new AccountsService(database.db, config.sessions);
    const sso = new SingleSignOnService(database.db, accounts, secretBox(secretKey), true);
    await sso.configure({
      organisation: council,
      issuer: provider.issuer,
      clientId: provider.clientId,
      clientSecret: provider.clientSecret,
      domains: 'westminster.gov.uk, wcc.example.org',
    });
  });
  after(async () => {
    await app.close();
    await database.close();
    await provider.close();
  });
  beforeEach(() => {
    browser = new Browser(app, provider);
  });

  it('offers it on the sign-in page', async () => {
    const page = await app.inject({ method: 'GET', url: '/sign-in?next=/admin' });
    assert.match(
      page.body,
      /href="\/sign-in\/sso\?next=%2Fadmin">Sign in with your council’s account/,
    );
  });

  it('signs an invited member in, in a new session, and audits it', async () => {
    // A session token planted before signing in must not become the signed-in session.
    browser.cookies.set(names.session, 'planted-by-someone-else-000000000000000000');
    provider.signInAs({ email: member.email, email_verified: true });
    const started = await browser.start(member.email, '/account/api-keys');
    assert.equal(started.statusCode, 303);
    const location = new URL(String(started.headers.location));
    assert.equal(location.searchParams.get('code_challenge_method'), 'S256');
    assert.equal(location.searchParams.get('login_hint'), member.email);
    assert.ok(location.searchParams.get('nonce'));
    assert.ok(browser.cookies.get(names.signOn), 'the state is kept in a cookie');

    // Any process may take the callback: a second app on the same database does.
    const other = await buildApp(config, createServices(database));
    try {
      const otherBrowser = new Browser(other, provider);
      for (const [name, value] of browser.cookies) otherBrowser.cookies.set(name, value);
      const back = await otherBrowser.request('GET', await browser.atProvider(location.href));
      assert.equal(back.statusCode, 303, mainText(back.body));
      assert.equal(back.headers.location, '/account/api-keys');
      const session = otherBrowser.cookies.get(names.session);
      assert.ok(session && session !== 'planted-by-someone-else-000000000000000000');
      assert.equal(otherBrowser.cookies.get(names.signOn), undefined, 'the state cookie is gone');
      const account = await otherBrowser.request('GET', '/account');
      assert.equal(account.statusCode, 200);
      assert.match(mainText(account.body), /Westminster/);
    } finally {
      await other.close();
    }
    const [event] = await auditEvents(database.db);
    assert.equal(event?.action, 'sign-in');
    assert.equal(event?.subject, member.email);
    assert.deepEqual(event?.after, { method: 'single-sign-on', organisation: council });
    assert.equal(provider.exchanged, 1);
  });

  it('refuses a callback whose state is not the one this browser started', async () => {
    provider.signInAs({ email: member.email, email_verified: true });
    const started = await browser.start(member.email);
    const callback = await browser.atProvider(String(started.headers.location));
    browser.cookies.set(names.signOn, 'x'.repeat(43));
    const back = await browser.request('GET', callback);
    assert.equal(back.statusCode, 400);
    assert.match(mainText(back.body), /not started in this browser/);
    assert.equal(browser.cookies.get(names.session), undefined);
    assert.equal(await lastFailure(), 'state-mismatch');
    // Another browser, with no state at all, fares no better with the same callback.
    const stranger = await new Browser(app, provider).request('GET', callback);
    assert.equal(stranger.statusCode, 400);
  });

  it('refuses a state given twice: the second time, it has been used', async () => {
    provider.signInAs({ email: member.email, email_verified: true });
    const started = await browser.start(member.email);
    const state = browser.cookies.get(names.signOn) ?? '';
    const callback = await browser.atProvider(String(started.headers.location));
    assert.equal((await browser.request('GET', callback)).statusCode, 303);
    const replayer = new Browser(app, provider);
    replayer.cookies.set(names.signOn, state);
    const again = await replayer.request('GET', callback);
    assert.equal(again.statusCode, 400);
    assert.match(mainText(again.body), /expired or has been used already/);
    assert.equal(replayer.cookies.get(names.session), undefined);
    assert.equal(await lastFailure(), 'expired');
  });

  it('refuses a sign-in that took too long, and never sends anyone off the site', async () => {
    provider.signInAs({ email: member.email, email_verified: true });
    const started = await browser.start(member.email);
    const callback = await browser.atProvider(String(started.headers.location));
    await database.db
      .updateTable('single_sign_on_requests')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .execute();
    const late = await browser.request('GET', callback);
    assert.equal(late.statusCode, 400);
    assert.equal(await lastFailure(), 'expired');

    const restarted = await browser.start(member.email, '//evil.example/');
    const again = await browser.request(
      'GET',
      await browser.atProvider(String(restarted.headers.location)),
    );
    assert.equal(again.statusCode, 303);
    assert.equal(again.headers.location, '/dashboard', 'another site is never where it goes next');
  });

  it('refuses when the provider answers with an error, such as a cancelled sign-in', async () => {
    const started = await browser.start(member.email);
    const state = new URL(String(started.headers.location)).searchParams.get('state') ?? '';
    const back = await browser.request(
      'GET',
      `/sign-in/sso/callback?error=access_denied&state=${encodeURIComponent(state)}`,
    );
    assert.equal(back.statusCode, 502);
    assert.match(mainText(back.body), /did not sign you in/);
    assert.equal(await lastFailure(), 'provider');
  });

  it('does not start for an email domain that has no single sign-on', async () => {
    const started = await browser.start('bob@elsewhere.gov.uk');
    assert.equal(started.statusCode, 400);
    assert.match(started.body, /govuk-error-summary[\s\S]*does not sign in with its own account/);
    assert.match(started.body, /value="bob@elsewhere.gov.uk"/, 'what was typed is kept');
    const wrong = await browser.start('not an email');
    assert.equal(wrong.statusCode, 400);
    assert.match(wrong.body, /Enter an email address in the correct format/);
  });

  it('refuses an address from the provider whose domain is not allowed', async () => {
    const back = await browser.signInAs(member.email, {
      email: 'ann@gmail.example.com',
      email_verified: true,
    });
    assert.equal(back.statusCode, 403);
    assert.match(mainText(back.body), /whose domain does not sign in/);
    assert.equal(await lastFailure(), 'domain-not-allowed');
  });

  it('refuses an address the provider has not verified', async () => {
    const back = await browser.signInAs(member.email, {
      email: member.email,
      email_verified: false,
    });
    assert.equal(back.statusCode, 403);
    assert.match(mainText(back.body), /did not confirm your email address/);
    assert.equal(await lastFailure(), 'email-unverified');
  });

  it('refuses someone with no account, and someone of another organisation', async () => {
    const stranger = await browser.signInAs('carol@westminster.gov.uk');
    assert.equal(stranger.statusCode, 403);
    assert.match(mainText(stranger.body), /no openlg account/);
    assert.equal(await lastFailure(), 'not-invited');

    const outsider = await newUser(database, {
      email: 'dan@wcc.example.org',
      organisation: 'E09000001',
    });
    const refused = await new Browser(app, provider).signInAs(outsider.email);
    assert.equal(refused.statusCode, 403);
    assert.match(mainText(refused.body), /no role in the organisation/);
    assert.equal(await lastFailure(), 'not-member');
  });

  it('refuses a disabled account', async () => {
    const user = await newUser(database, {
      email: 'eve@westminster.gov.uk',
      organisation: council,
    });
    await new AccountsService(database.db, config.sessions).disableUser(user.email);
    const back = await browser.signInAs(user.email);
    assert.equal(back.statusCode, 403);
    assert.match(mainText(back.body), /has been disabled/);
    assert.equal(browser.cookies.get(names.session), undefined);
    assert.equal(await lastFailure(), 'disabled');
  });

  it('asks for the second step of anyone who has set it up', async () => {
    const admin = await newUser(database, {
      email: 'fay@westminster.gov.uk',
      organisation: council,
      role: 'organisation-admin',
    });
    await confirmTwoFactor(database, admin.id);
    const back = await browser.signInAs(admin.email);
    assert.equal(back.statusCode, 303);
    assert.match(String(back.headers.location), /^\/sign-in\/two-factor/);
    assert.equal(browser.cookies.get(names.session), undefined, 'not signed in yet');
    assert.ok(browser.cookies.get(names.challenge));
    assert.equal(browser.cookies.get(names.signOn), undefined, 'the state cookie is gone');
    const [event] = await auditEvents(database.db);
    assert.equal(event?.action, 'sign-in-sso-accepted');
  });

  it('sends an administrator without a second step to set one up first', async () => {
    const admin = await newUser(database, {
      email: 'gus@westminster.gov.uk',
      organisation: council,
      role: 'administrator',
    });
    const back = await browser.signInAs(admin.email);
    assert.equal(back.statusCode, 303);
    const account = await browser.request('GET', '/account');
    assert.equal(account.statusCode, 303);
    assert.equal(account.headers.location, '/account/two-factor');
  });
});
