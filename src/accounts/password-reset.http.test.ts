import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import { openTestDatabase } from '../testing/database.ts';
import { newUser } from '../testing/fixtures.ts';
import { HttpBrowser, mainText } from '../testing/http-browser.ts';
import { outboxMail, waitForOutbox } from '../testing/mail.ts';
import { openTestApp, type TestApp } from '../testing/app.ts';
import { auditEvents } from './accounts.repository.ts';
import { passwordResetThrottle } from './password-reset.service.ts';

const newPassword = 'copper meadow lighthouse';
/** The new-password form, the password typed twice unless a second one is given. */
const passwordForm = (password: string, confirmPassword = password) => ({
  password,
  confirmPassword,
});

/** The reset link's path in the last mail sent to `email`. */
function linkIn(mail: { text: string }): string {
  const link = /https?:\/\/\S+(\/reset-password\/[\w-]{43})\n/.exec(mail.text)?.[1];
  assert.ok(link, `a reset link in:\n${mail.text}`);
  return link;
}

describe('password reset over HTTP', () => {
  let outbox: string;
  let site: TestApp;
  let mailCount = 0;
  /** Clients of their own, so that each test's requests are throttled apart from the others. */
  let addresses = 0;
  const browser = () => new HttpBrowser(site.app, `192.0.2.${++addresses}`);

  before(async () => {
    outbox = await mkdtemp(path.join(tmpdir(), 'openlg-reset-'));
    site = await openTestApp(openTestDatabase, {
      OPENLG_RATE_LIMIT: '0',
      OPENLG_OUTBOX_DIR: outbox,
      OPENLG_PUBLIC_URL: 'https://openlg.example',
    });
  });
  after(async () => {
    await site.close();
    await rm(outbox, { recursive: true, force: true });
  });

  /** Asks for a reset link for `email` and returns the mail it brought. */
  async function askForLink(client: HttpBrowser, email: string) {
    const answer = await client.submit('/forgot-password', { email });
    assert.equal(answer.statusCode, 200);
    const mail = await waitForOutbox(outbox, ++mailCount);
    assert.equal(mail.length, mailCount, 'one more mail');
    const last = mail.at(-1);
    assert.ok(last);
    return last;
  }

  it('mails a link from the sign-in page that sets a new password and signs out everywhere', async () => {
    const user = await newUser(site.database, { name: 'Rosa Reset' });
    const elsewhere = browser();
    assert.equal((await elsewhere.signIn(user.email, user.password)).statusCode, 303);
    const client = browser();
    const signIn = await client.request('GET', '/sign-in');
    assert.match(
      signIn.body,
      /<a class="govuk-link" href="\/forgot-password">Forgotten your password\?<\/a>/,
    );
    const form = await client.request('GET', '/forgot-password');
    assert.equal(form.headers['cache-control'], 'private, no-store');
    assert.match(
      mainText(form.body),
      /^Reset your password Enter the email address you sign in with/,
    );

    const sent = await client.submit('/forgot-password', {
      email: ` ${user.email.toUpperCase()} `,
    });
    assert.match(mainText(sent.body), /^Check your email If an account has the email address/);
    const [mail] = await waitForOutbox(outbox, ++mailCount).then((m) => m.slice(-1));
    assert.equal(mail?.to, user.email);
    assert.equal(mail?.subject, 'Reset your openlg password');
    assert.match(
      mail?.text ?? '',
      /^Dear Rosa Reset\n\nWe received a request to reset the password/,
    );
    assert.match(mail?.text ?? '', /https:\/\/openlg\.example\/reset-password\/[\w-]{43}\n/);
    assert.match(mail?.text ?? '', /The link works once and expires in 1 hour\./);
    const link = linkIn(mail ?? { text: '' });

    const page = await client.request('GET', link);
    assert.equal(page.statusCode, 200);
    assert.match(
      mainText(page.body),
      new RegExp(`^Choose a new password For the account ${user.email}`),
    );
    const changed = await client.submit(link, passwordForm(newPassword));
    assert.equal(changed.statusCode, 200);
    assert.match(
      mainText(changed.body),
      /^Your password has been changed Every session of your account has ended/,
    );

    const ended = await elsewhere.request('GET', '/account');
    assert.equal(ended.statusCode, 303, 'the session signed in before the reset has ended');
    assert.equal((await browser().signIn(user.email, user.password)).statusCode, 401);
    assert.equal((await browser().signIn(user.email, newPassword)).statusCode, 303);
    const actions = (await auditEvents(site.database.db, 20))
      .filter((e) => e.userId === user.id)
      .map((e) => e.action);
    assert.deepEqual(actions.slice(0, 4), [
      'sign-in',
      'sign-in-failed',
      'password-reset',
      'password-reset-requested',
    ]);
  });

  it('shows the rules and the error summary, keeping nothing typed, for a weak or mistyped password', async () => {
    const user = await newUser(site.database);
    const client = browser();
    const link = linkIn(await askForLink(client, user.email));
    const mistyped = await client.submit(link, passwordForm(newPassword, 'copper meadow'));
    assert.equal(mistyped.statusCode, 400);
    assert.match(mistyped.body, /<title>Error: Choose a new password/);
    assert.match(
      mainText(mistyped.body),
      /^There is a problem The passwords do not match: type the new password again/,
    );
    assert.doesNotMatch(mistyped.body, /copper meadow/, 'passwords are never shown again');
    const weak = await client.submit(link, passwordForm('password1234'));
    assert.equal(weak.statusCode, 400);
    assert.match(mainText(weak.body), /There is a problem Password is too easy to guess/);
    assert.match(weak.body, /href="#password">Password is too easy to guess/);
    // The link still works: a problem with the form does not use it up.
    const changed = await client.submit(link, passwordForm(newPassword));
    assert.equal(changed.statusCode, 200);
  });

  it('refuses a link the second time it is used', async () => {
    const user = await newUser(site.database);
    const client = browser();
    const link = linkIn(await askForLink(client, user.email));
    const first = await client.submit(link, passwordForm(newPassword));
    assert.equal(first.statusCode, 200);
    const again = await client.request('GET', link);
    assert.equal(again.statusCode, 410);
    assert.match(
      mainText(again.body),
      /^This link has expired or been used A link to reset a password works once, for 1 hour/,
    );
    // Posting the form again (a page left open, or a stolen link) changes nothing either.
    const otherPassword = 'walnut harbour teapot';
    const reposted = await client.submit('/forgot-password', passwordForm(otherPassword), link);
    assert.equal(reposted.statusCode, 410);
    assert.equal((await browser().signIn(user.email, otherPassword)).statusCode, 401);
    assert.equal((await browser().signIn(user.email, newPassword)).statusCode, 303);
  });

  it('refuses a link once it has expired, and every older link once one is used', async () => {
    const user = await newUser(site.database);
    const client = browser();
    const older = linkIn(await askForLink(client, user.email));
    const expiring = linkIn(await askForLink(client, user.email));
    await sql`update password_resets set expires_at = now() - interval '1 second'
      where user_id = ${user.id} and used_at is null and created_at = (
        select max(created_at) from password_resets where user_id = ${user.id})`.execute(
      site.database.db,
    );
    const page = await client.request('GET', expiring);
    assert.equal(page.statusCode, 410);
    // The expired link's page has no form: the CSRF token comes from the older link's page.
    const posted = await client.submit(older, passwordForm(newPassword), expiring);
    assert.equal(posted.statusCode, 410);
    assert.equal((await browser().signIn(user.email, newPassword)).statusCode, 401);

    const fresh = linkIn(await askForLink(client, user.email));
    assert.equal((await client.submit(fresh, passwordForm(newPassword))).statusCode, 200);
    assert.equal(
      (await client.request('GET', older)).statusCode,
      410,
      'older links end with the reset',
    );
  });

  it('answers the same whether or not an account has the email, mailing only the account', async () => {
    const user = await newUser(site.database, { email: 'known.person@example.org' });
    const answer = async (email: string) => {
      const response = await browser().submit('/forgot-password', { email });
      return {
        status: response.statusCode,
        text: mainText(response.body).replace(email, 'EMAIL'),
        headers: Object.keys(response.headers).sort(),
      };
    };
    const unknown = await answer('nobody.known@example.org');
    const known = await answer(user.email);
    assert.deepEqual(unknown, known);
    const mail = await waitForOutbox(outbox, ++mailCount);
    assert.equal(mail.length, mailCount, 'one mail only, for the account');
    assert.equal(mail.at(-1)?.to, user.email);
    // Written after the answer, as the mail is: waited for the same way.
    let requested;
    for (let waited = 0; !requested && waited < 5000; waited += 20) {
      if (waited) await sleep(20);
      const events = await auditEvents(site.database.db, 5);
      requested = events.find((e) => e.subject === 'nobody.known@example.org');
    }
    assert.deepEqual([requested?.action, requested?.userId], ['password-reset-requested', null]);
  });

  it('throttles requests per email address, known or not, and per client address', async () => {
    const user = await newUser(site.database);
    for (const email of [user.email, 'no-account@example.org']) {
      const client = browser();
      for (let i = 0; i < passwordResetThrottle.perEmail; i++)
        assert.equal((await browser().submit('/forgot-password', { email })).statusCode, 200);
      const refused = await client.submit('/forgot-password', { email });
      assert.equal(refused.statusCode, 429);
      assert.match(
        mainText(refused.body),
        /^There is a problem There have been too many requests to reset a password\. Wait 60 minutes, then try again/,
      );
      assert.match(refused.body, new RegExp(`value="${email}"`), 'the email typed stays');
    }
    mailCount += passwordResetThrottle.perEmail;
    await waitForOutbox(outbox, mailCount);
    const fromOne = browser();
    for (let i = 0; i < passwordResetThrottle.perAddress; i++)
      assert.equal(
        (await fromOne.submit('/forgot-password', { email: `many-${i}@example.org` })).statusCode,
        200,
      );
    const other = await newUser(site.database);
    assert.equal(
      (await fromOne.submit('/forgot-password', { email: other.email })).statusCode,
      429,
    );
    // The throttled requests sent nothing: the next mail is one asked for from elsewhere.
    assert.equal((await askForLink(browser(), other.email)).to, other.email);
    assert.equal((await outboxMail(outbox)).filter((m) => m.to === other.email).length, 1);
    assert.equal(
      (await outboxMail(outbox)).filter((m) => m.to === user.email).length,
      passwordResetThrottle.perEmail,
    );
  });

  it('refuses a request for a link without the form cookie’s token', async () => {
    const client = browser();
    await client.request('GET', '/forgot-password');
    const forged = await client.request('POST', '/forgot-password', {
      email: 'someone@example.org',
    });
    assert.equal(forged.statusCode, 403);
  });
});
