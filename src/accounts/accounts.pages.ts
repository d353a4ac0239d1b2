import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Config } from '../config/config.ts';
import type { Database } from '../db/database.ts';
import { fieldError, formErrorView, parseForm, type FieldError } from '../site/forms.ts';
import { AccountsService, type Viewer } from './accounts.service.ts';
import { clearCookie, cookieNames, readCookie, setCookie, type CookieNames } from './cookies.ts';
import { passwordProblem } from './password-rules.ts';
import { passwordResets, registerPasswordReset } from './password-reset.pages.ts';
import type { PasswordResetService } from './password-reset.service.ts';
import { registerApiKeyPages } from './api-keys.pages.ts';
import { choosePasswordForm, linkTokenParams } from './link-forms.ts';
import { mayAct, roleNames } from './roles.ts';
import { getWhenSignedIn, nextPath } from './next-path.ts';
import { signInThrottledMessage } from './sign-in-messages.ts';
import { secretBox } from './secret-box.ts';
import { newToken, sameSecret } from './secrets.ts';
import { registerSingleSignOn } from './single-sign-on.pages.ts';
import { SingleSignOnService } from './single-sign-on.service.ts';
import {
  registerSecondStep,
  registerTwoFactorSettings,
  requireTwoFactorSetUp,
  toSecondStep,
} from './two-factor.pages.ts';
import { TwoFactorService } from './two-factor.service.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** Who is signed in, from the session cookie; null for the public. */
    viewer: Viewer | null;
    /** The session cookie's token as it came, live or not: sign-in replaces it. */
    sessionToken: string | null;
  }
  interface FastifyContextConfig {
    /** A form posted before anyone is signed in: checked against the form cookie, not a session. */
    anonymousForm?: boolean;
  }
}

/** How often ended sessions and old sign-in attempts are deleted. */
const tidyEveryMs = 10 * 60 * 1000;

/**
 * Accounts, and the plugin scope every page is registered in (by `registerPages`): who is
 * asking, from the session cookie (the header names them), and the sign-in, sign-out, account and
 * invitation pages, in a plugin of their own with form parsing, CSRF checks and
 * `Cache-Control: private, no-store`. The API (public-api.ts) and static files are outside this
 * scope: no session is read for them.
 */
export async function registerAccounts(
  app: FastifyInstance,
  config: Config,
  database: Database,
  registerPages: (pages: FastifyInstance) => Promise<void>,
) {
  const accounts = new AccountsService(database.db, config.sessions);
  const box = secretBox(config.secretKey);
  const twoFactor = new TwoFactorService(database.db, accounts, box);
  const sso = new SingleSignOnService(database.db, accounts, box, config.secretKey !== null);
  const names = cookieNames(config.publicUrl?.protocol === 'https:');
  const resets = passwordResets(app, config, database);
  // On every request, null outside the pages: the API reads them too (saved-groups.choice.ts).
  app.decorateRequest('viewer', null);
  app.decorateRequest('sessionToken', null);
  const tidy = () =>
    Promise.all([accounts.tidy(), twoFactor.tidy(), sso.tidy()]).catch((error: unknown) =>
      app.log.warn({ err: error }, 'accounts not tidied'),
    );
  const timer = setInterval(() => void tidy(), tidyEveryMs).unref();
  app.addHook('onClose', async () => clearInterval(timer));
  await app.register(async (pages) => {
    readSessions(pages, accounts, twoFactor, names);
    await pages.register(async (scope) => {
      await accountPages(scope, accounts, twoFactor, names, resets);
      registerSingleSignOn(
        scope,
        sso,
        names,
        (request, reply) => formToken(request, reply, names),
        config.publicUrl,
      );
    });
    await registerPages(pages);
  });
}

/** Who is asking, on every page of the scope, and administrators sent to set up two-factor. */
function readSessions(
  pages: FastifyInstance,
  accounts: AccountsService,
  twoFactor: TwoFactorService,
  names: CookieNames,
) {
  pages.addHook('onRequest', async (request, reply) => {
    const token = readCookie(request.headers.cookie, names.session);
    if (token === null) return;
    request.sessionToken = token;
    request.viewer = await accounts.viewer(token);
    // A page naming who is signed in is theirs alone: no shared cache may keep it.
    if (request.viewer) reply.header('cache-control', 'private, no-store');
  });
  pages.addHook('onRequest', requireTwoFactorSetUp(twoFactor));
}

async function accountPages(
  app: FastifyInstance,
  accounts: AccountsService,
  twoFactor: TwoFactorService,
  names: CookieNames,
  resets: PasswordResetService,
) {
  signedInForms(app, names);
  registerSignIn(app, accounts, names);
  registerAccountPage(app, accounts, twoFactor, names);
  registerInvitation(app, accounts, names);
  registerApiKeyPages(app, app.apiKeys);
  registerPasswordReset(app, resets, (request, reply) => formToken(request, reply, names));
  registerSecondStep(app, twoFactor, names, (request, reply) => formToken(request, reply, names));
  registerTwoFactorSettings(app, twoFactor);
}

/** What every page under /account gets: form parsing, CSRF checks and `private, no-store`. */
function signedInForms(app: FastifyInstance, names: CookieNames) {
  if (!app.hasContentTypeParser('application/x-www-form-urlencoded'))
    app.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string', bodyLimit: 16_384 },
      (_request, body, done) => done(null, Object.fromEntries(new URLSearchParams(String(body)))),
    );
  app.addHook('onRequest', async (_request, reply) => {
    reply.header('cache-control', 'private, no-store');
  });
  app.addHook('preHandler', async (request) => checkForm(request, names));
}

/**
 * Pages another feature keeps under /account (saved groups), in a scope of their own with the
 * account pages' form parsing, CSRF checks and `private, no-store`; `register` is given the
 * accounts service for what it says of people and their organisations.
 */
export async function registerMoreAccountPages(
  app: FastifyInstance,
  config: Config,
  database: Database,
  register: (
    scope: FastifyInstance,
    accounts: AccountsService,
    /** The form cookie's token, for a form posted by someone not signed in (anonymousForm). */
    formTokenOf: (request: FastifyRequest, reply: FastifyReply) => string,
  ) => void,
) {
  const accounts = new AccountsService(database.db, config.sessions);
  const names = cookieNames(config.publicUrl?.protocol === 'https:');
  await app.register(async (scope) => {
    signedInForms(scope, names);
    register(scope, accounts, (request, reply) => formToken(request, reply, names));
  });
}

function forbidden(): Error {
  return Object.assign(
    new Error(
      'The form could not be accepted: it has expired, or was not sent from this site. ' +
        'Go back, reload the page and try again.',
    ),
    { statusCode: 403 },
  );
}

/**
 * CSRF: every POST carries a token in its `csrf` field. Signed in, it must be the session's;
 * before that (sign-in, invitation), the form cookie's, which another site can neither read
 * nor set.
 */
function checkForm(request: FastifyRequest, names: CookieNames): void {
  if (request.method !== 'POST') return;
  const body = request.body as Record<string, unknown> | undefined;
  const given = typeof body?.['csrf'] === 'string' ? body['csrf'] : '';
  const expected = request.routeOptions.config.anonymousForm
    ? readCookie(request.headers.cookie, names.form)
    : (request.viewer?.csrfToken ?? null);
  if (expected === null || !sameSecret(given, expected)) throw forbidden();
}

/** The form cookie's token, set on this answer when the browser has none yet. */
function formToken(request: FastifyRequest, reply: FastifyReply, names: CookieNames): string {
  const known = readCookie(request.headers.cookie, names.form);
  if (known) return known;
  const token = newToken();
  reply.header('set-cookie', setCookie(names.form, token, names.secure));
  return token;
}

const origin = (request: FastifyRequest) => ({ address: request.ip });

const signInForm = z.object({
  email: z.string().trim().min(1, { error: 'Enter your email address' }).max(320, {
    error: 'Email address must be 320 characters or fewer',
  }),
  password: z
    .string()
    .min(1, { error: 'Enter your password' })
    .max(1024, { error: 'Enter your password' }),
  next: nextPath.optional(),
});

const signInMessages = {
  refused: { status: 401, text: 'Enter a correct email address and password' },
  disabled: {
    status: 403,
    text: 'This account has been disabled. Ask your organisation’s administrator to restore it',
  },
  throttled: signInThrottledMessage,
} as const;

function registerSignIn(app: FastifyInstance, accounts: AccountsService, names: CookieNames) {
  const page = (
    reply: FastifyReply,
    csrf: string,
    values: Record<string, unknown>,
    errors: FieldError[] = [],
  ) =>
    reply.render('accounts/views/sign-in.njk', {
      title: 'Sign in',
      csrf,
      values,
      ...formErrorView(errors),
    });

  app.get('/sign-in', async (request, reply) => {
    const next = nextPath.parse((request.query as Record<string, unknown>)['next']);
    if (request.viewer) return reply.redirect(next, 303);
    return page(reply, formToken(request, reply, names), { next });
  });

  app.post('/sign-in', { config: { anonymousForm: true } }, async (request, reply) => {
    const csrf = formToken(request, reply, names);
    const form = parseForm(signInForm, request.body, { forget: ['password', 'csrf'] });
    if (!form.ok) return page(reply.code(400), csrf, form.values, form.errors);
    const { email, password, next = '/dashboard' } = form.value;
    const result = await accounts.signIn(email, password, origin(request), request.sessionToken);
    if (result.kind === 'two-factor') return toSecondStep(reply, names, result.challenge, next);
    if (result.kind !== 'signed-in') {
      const { status, text } = signInMessages[result.kind];
      return page(reply.code(status), csrf, { email, next }, [fieldError('email', text)]);
    }
    return reply
      .header('set-cookie', setCookie(names.session, result.token, names.secure))
      .redirect(next, 303);
  });

  app.post('/sign-out', async (request, reply) => {
    const viewer = request.viewer as Viewer;
    await accounts.signOut(viewer, origin(request));
    return reply
      .header('set-cookie', clearCookie(names.session, names.secure))
      .render('accounts/views/signed-out.njk', { title: 'You have signed out', viewer: null });
  });
}

const passwordForm = z
  .object({
    currentPassword: z.string().min(1, { error: 'Enter your current password' }),
    newPassword: z.string().min(1, { error: 'Enter a new password' }),
    confirmPassword: z.string(),
  })
  .refine((form) => form.newPassword === form.confirmPassword, {
    error: 'The passwords do not match: type the new password again',
    path: ['confirmPassword'],
  });

function registerAccountPage(
  app: FastifyInstance,
  accounts: AccountsService,
  twoFactor: TwoFactorService,
  names: CookieNames,
) {
  const page = async (reply: FastifyReply, viewer: Viewer, errors: FieldError[] = []) => {
    const memberships = await accounts.memberships(viewer.userId);
    const query = reply.request.query as Record<string, unknown>;
    return reply.render('accounts/views/account.njk', {
      title: 'Your account',
      activeNav: 'account',
      memberships: memberships.map((m) => ({
        ...m,
        roleName: roleNames[m.role],
        // Where they may lodge data, a link to the organisation's data workspace.
        lodges: mayAct([m], 'lodge-data', m.organisation),
        editsSimulations: mayAct([m], 'edit-simulations', m.organisation),
      })),
      passwordChanged: query['password'] === 'changed',
      twoFactorOn: (await twoFactor.status(viewer.userId)).on,
      ...formErrorView(errors),
    });
  };

  getWhenSignedIn(app, '/account', page);

  app.post('/account/password', async (request, reply) => {
    const viewer = request.viewer as Viewer;
    const form = parseForm(passwordForm, request.body);
    if (!form.ok) return page(reply.code(400), viewer, form.errors);
    const { currentPassword, newPassword } = form.value;
    const problem = await accounts.changePassword(
      viewer,
      currentPassword,
      newPassword,
      origin(request),
    );
    if (problem) return page(reply.code(400), viewer, [fieldError(problem.field, problem.text)]);
    return reply.redirect('/account?password=changed', 303);
  });

  app.post('/account/sign-out-everywhere', async (request, reply) => {
    await accounts.signOutEverywhere(request.viewer as Viewer, origin(request));
    return reply
      .header('set-cookie', clearCookie(names.session, names.secure))
      .render('accounts/views/signed-out.njk', {
        title: 'You have signed out everywhere',
        everywhere: true,
        viewer: null,
      });
  });
}

const invitationForm = choosePasswordForm({
  enter: 'Enter a password',
  again: 'The passwords do not match: type the password again',
});

function registerInvitation(app: FastifyInstance, accounts: AccountsService, names: CookieNames) {
  const ended = (reply: FastifyReply) =>
    reply.code(410).render('accounts/views/invitation-ended.njk', {
      title: 'This invitation link has expired or been used',
    });

  app.get('/invitation/:token', async (request, reply) => {
    const params = linkTokenParams.safeParse(request.params);
    const invitee = params.success ? await accounts.invitation(params.data.token) : null;
    if (!invitee) return ended(reply);
    return reply.render('accounts/views/invitation.njk', {
      title: 'Choose a password',
      invitee,
      csrf: formToken(request, reply, names),
    });
  });

  app.post('/invitation/:token', { config: { anonymousForm: true } }, async (request, reply) => {
    const params = linkTokenParams.safeParse(request.params);
    const invitee = params.success ? await accounts.invitation(params.data.token) : null;
    if (!params.success || !invitee) return ended(reply);
    const form = parseForm(invitationForm, request.body);
    const problem = form.ok ? passwordProblem(form.value.password, invitee.email) : null;
    if (!form.ok || problem)
      return reply.code(400).render('accounts/views/invitation.njk', {
        title: 'Choose a password',
        invitee,
        csrf: formToken(request, reply, names),
        ...formErrorView(form.ok ? [fieldError('password', problem ?? '')] : form.errors),
      });
    const token = await accounts.acceptInvitation(
      params.data.token,
      form.value.password,
      origin(request),
    );
    if (token === null) return ended(reply);
    return reply
      .header('set-cookie', [
        setCookie(names.session, token, names.secure),
        clearCookie(names.form, names.secure),
      ])
      .redirect('/account', 303);
  });
}
