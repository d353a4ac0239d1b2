import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { renderSVG } from 'uqr';
import { z } from 'zod';
import { fieldError, formErrorView, parseForm, type FieldError } from '../site/forms.ts';
import { secondStepSeconds, type Viewer } from './accounts.service.ts';
import { clearCookie, readCookie, setCookie, type CookieNames } from './cookies.ts';
import { getWhenSignedIn, nextPath } from './next-path.ts';
import { signInThrottledMessage } from './sign-in-messages.ts';
import type { TwoFactorService } from './two-factor.service.ts';

/** Where a signed-in person who must set up two-factor sign-in may go meanwhile. */
const allowedBeforeSetUp = new Set(['/account/two-factor', '/sign-out']);

const isAdministrator = (viewer: Viewer) =>
  viewer.memberships.some((m) => m.role === 'administrator');

/**
 * An administrator without two-factor sign-in is signed in only to set it up: every other page
 * sends them to do so. Runs after the session is read, on every request that may carry one; only
 * an administrator's costs a query.
 */
export function requireTwoFactorSetUp(twoFactor: TwoFactorService) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    if (!request.viewer || !isAdministrator(request.viewer)) return;
    if (allowedBeforeSetUp.has(request.url.split('?')[0] ?? '')) return;
    if (await twoFactor.mustSetUp(request.viewer.userId))
      return reply.redirect('/account/two-factor', 303);
  };
}

const codeForm = z.object({
  code: z.string().trim().min(1, { error: 'Enter a code' }).max(64, { error: 'Enter a code' }),
  next: nextPath.optional(),
});

const secondStepMessages = {
  refused: { status: 401, text: 'Enter a correct code from your app, or an unused recovery code' },
  used: {
    status: 401,
    text: 'That code has been used already. Wait for your app to show a new one, then enter it',
  },
  throttled: signInThrottledMessage,
} as const;

const origin = (request: FastifyRequest) => ({ address: request.ip });

/** The otpauth address as a QR code for the app's camera: inline SVG, drawn on the server. */
function qrCode(uri: string): string {
  return renderSVG(uri, { border: 2 }).replace(
    '<svg ',
    '<svg role="img" aria-label="QR code of the key" width="180" height="180" ',
  );
}

/** The second step of signing in, at /sign-in/two-factor, between the password and a session. */
export function registerSecondStep(
  app: FastifyInstance,
  twoFactor: TwoFactorService,
  names: CookieNames,
  formToken: (request: FastifyRequest, reply: FastifyReply) => string,
) {
  const page = (reply: FastifyReply, values: Record<string, unknown>, errors: FieldError[] = []) =>
    reply.render('accounts/views/sign-in-two-factor.njk', {
      title: 'Enter a code from your authenticator app',
      csrf: formToken(reply.request, reply),
      values,
      ...formErrorView(errors),
    });
  const challenge = (request: FastifyRequest) =>
    readCookie(request.headers.cookie, names.challenge);
  const startAgain = (reply: FastifyReply) =>
    reply
      .header('set-cookie', clearCookie(names.challenge, names.secure))
      .redirect('/sign-in', 303);

  app.get('/sign-in/two-factor', async (request, reply) => {
    const token = challenge(request);
    if (token === null || !(await twoFactor.challengeOpen(token))) return startAgain(reply);
    const next = nextPath.parse((request.query as Record<string, unknown>)['next']);
    return page(reply, { next });
  });

  app.post('/sign-in/two-factor', { config: { anonymousForm: true } }, async (request, reply) => {
    const token = challenge(request);
    if (token === null) return startAgain(reply);
    const form = parseForm(codeForm, request.body, { forget: ['code', 'csrf'] });
    if (!form.ok) return page(reply.code(400), form.values, form.errors);
    const { code, next = '/dashboard' } = form.value;
    const result = await twoFactor.completeSignIn(
      token,
      code,
      origin(request),
      request.sessionToken,
    );
    if (result.kind === 'expired') return startAgain(reply);
    if (result.kind !== 'signed-in') {
      const { status, text } = secondStepMessages[result.kind];
      return page(reply.code(status), { next }, [fieldError('code', text)]);
    }
    return reply
      .header('set-cookie', [
        setCookie(names.session, result.token, names.secure),
        clearCookie(names.challenge, names.secure),
      ])
      .redirect(next, 303);
  });
}

/** Sets the challenge cookie for the second step and sends the browser to take it. */
export function toSecondStep(
  reply: FastifyReply,
  names: CookieNames,
  challengeToken: string,
  next: string,
) {
  return reply
    .header(
      'set-cookie',
      setCookie(names.challenge, challengeToken, names.secure, secondStepSeconds),
    )
    .redirect(`/sign-in/two-factor?next=${encodeURIComponent(next)}`, 303);
}

const confirmForm = z.object({
  code: z.string().trim().min(1, { error: 'Enter the code your app shows' }).max(64),
});

const turnOffForm = z.object({
  proof: z
    .string()
    .min(1, { error: 'Enter your password, or a code from your app' })
    .max(1024, { error: 'Enter your password, or a code from your app' }),
});

/** Setting two-factor sign-in up, and turning it off, at /account/two-factor. */
export function registerTwoFactorSettings(app: FastifyInstance, twoFactor: TwoFactorService) {
  const page = async (reply: FastifyReply, viewer: Viewer, errors: FieldError[] = []) => {
    const status = await twoFactor.status(viewer.userId);
    const view = { title: 'Two-factor sign-in', activeNav: 'account', ...formErrorView(errors) };
    if (status.on)
      return reply.render('accounts/views/two-factor-on.njk', {
        ...view,
        recoveryCodesLeft: status.recoveryCodesLeft,
        administrator: isAdministrator(viewer),
      });
    const query = reply.request.query as Record<string, unknown>;
    const setUp = await twoFactor.setUpDetails(viewer);
    return reply.render('accounts/views/two-factor-set-up.njk', {
      ...view,
      title: 'Set up two-factor sign-in',
      setUp,
      qrCode: qrCode(setUp.uri),
      required: isAdministrator(viewer),
      turnedOff: query['turned'] === 'off',
    });
  };

  getWhenSignedIn(app, '/account/two-factor', page);

  app.post('/account/two-factor', async (request, reply) => {
    const viewer = request.viewer as Viewer;
    const form = parseForm(confirmForm, request.body, { forget: ['code', 'csrf'] });
    if (!form.ok) return page(reply.code(400), viewer, form.errors);
    const codes = await twoFactor.confirm(viewer, form.value.code, origin(request));
    if (codes === null)
      return page(reply.code(400), viewer, [
        fieldError('code', 'Enter the 6-digit code your app shows now for openlg'),
      ]);
    return reply.render('accounts/views/two-factor-recovery-codes.njk', {
      title: 'Two-factor sign-in is on',
      activeNav: 'account',
      codes,
    });
  });

  app.post('/account/two-factor/off', async (request, reply) => {
    const viewer = request.viewer as Viewer;
    const form = parseForm(turnOffForm, request.body, { forget: ['proof', 'csrf'] });
    if (!form.ok) return page(reply.code(400), viewer, form.errors);
    if (!(await twoFactor.turnOff(viewer, form.value.proof, origin(request))))
      return page(reply.code(400), viewer, [
        fieldError('proof', 'Enter your password, or a current code from your app, correctly'),
      ]);
    return reply.redirect('/account/two-factor?turned=off', 303);
  });
}
