import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { fieldError, formErrorView, parseForm, type FieldError } from '../site/forms.ts';
import { clearCookie, readCookie, setCookie, type CookieNames } from './cookies.ts';
import { emailAddressField } from './link-forms.ts';
import { nextPath } from './next-path.ts';
import type { FormToken } from './password-reset.pages.ts';
import {
  requestSeconds,
  type SignOnRefusal,
  type SingleSignOnService,
} from './single-sign-on.service.ts';
import { toSecondStep } from './two-factor.pages.ts';

/** Where the provider sends the browser back: registered with the provider as the redirect URI. */
export const callbackPath = '/sign-in/sso/callback';

const startForm = z.object({ email: emailAddressField, next: nextPath.optional() });

const startMessages = {
  'unknown-domain': {
    status: 400,
    text: 'Your organisation does not sign in with its own account here: sign in with your email address and password instead',
  },
  unavailable: {
    status: 502,
    text: 'Your council’s sign-in service could not be reached. Try again later, or sign in with your email address and password',
  },
} as const;

/** What each refusal at the callback says, in plain words, and its status. */
const refusals: Record<SignOnRefusal, { status: number; text: string }> = {
  'state-mismatch': {
    status: 400,
    text: 'This sign-in was not started in this browser, or has been finished already. Start again from the sign-in page.',
  },
  expired: {
    status: 400,
    text: `This sign-in has expired or has been used already: it must be finished within ${requestSeconds / 60} minutes, once. Start again from the sign-in page.`,
  },
  'not-configured': {
    status: 403,
    text: 'Your organisation no longer signs in with its own account here. Sign in with your email address and password.',
  },
  provider: {
    status: 502,
    text: 'Your council’s sign-in service did not sign you in, or could not be reached. Try again, or sign in with your email address and password.',
  },
  'email-unverified': {
    status: 403,
    text: 'Your council’s sign-in service did not confirm your email address, so openlg cannot tell which account is yours. Ask your council’s IT team to send a verified email address.',
  },
  'domain-not-allowed': {
    status: 403,
    text: 'Your council’s account has an email address whose domain does not sign in to your organisation here. Sign in with your email address and password.',
  },
  'not-invited': {
    status: 403,
    text: 'There is no openlg account for the email address your council’s account has. Ask your organisation’s administrator to invite you.',
  },
  disabled: {
    status: 403,
    text: 'This account has been disabled. Ask your organisation’s administrator to restore it.',
  },
  'not-member': {
    status: 403,
    text: 'Your openlg account has no role in the organisation whose sign-in service you used. Ask its administrator to invite you.',
  },
};

/**
 * "Sign in with your council's account" (issue 17): a work email address at /sign-in/sso sends the
 * browser to its organisation's identity provider, whose answer at /sign-in/sso/callback opens
 * the same session a password does, after the second step for anyone who has one.
 */
export function registerSingleSignOn(
  app: FastifyInstance,
  sso: SingleSignOnService,
  names: CookieNames,
  formToken: FormToken,
  publicUrl: URL | null,
) {
  const title = 'Sign in with your council’s account';
  const page = (
    reply: FastifyReply,
    values: Record<string, unknown>,
    errors: FieldError[] = [],
  ) => {
    const csrf = formToken(reply.request, reply);
    return reply.render('accounts/views/sign-in-sso.njk', {
      title,
      csrf,
      values,
      ...formErrorView(errors),
    });
  };
  // The public address when configured; otherwise as this request reached us. A wrong one
  // (a forged Host) only makes the provider refuse: it checks the URI registered with it.
  const callbackUri = (request: FastifyRequest) =>
    new URL(callbackPath, publicUrl ?? `${request.protocol}://${request.host}`);

  app.get('/sign-in/sso', async (request, reply) => {
    const next = nextPath.parse((request.query as Record<string, unknown>)['next']);
    if (request.viewer) return reply.redirect(next, 303);
    return page(reply, { next });
  });

  app.post('/sign-in/sso', { config: { anonymousForm: true } }, async (request, reply) => {
    const form = parseForm(startForm, request.body, { forget: ['csrf'] });
    if (!form.ok) return page(reply.code(400), form.values, form.errors);
    const { email, next = '/dashboard' } = form.value;
    const redirectUri = callbackUri(request).href;
    const started = await sso.start(email, redirectUri, next, { address: request.ip });
    if (started.kind !== 'redirect') {
      const { status, text } = startMessages[started.kind];
      return page(reply.code(status), { email, next }, [fieldError('email', text)]);
    }
    return reply
      .header('set-cookie', setCookie(names.signOn, started.state, names.secure, requestSeconds))
      .redirect(started.url, 303);
  });

  app.get(callbackPath, async (request, reply) => {
    const url = callbackUri(request);
    url.search = new URL(request.url, 'http://x').search;
    const result = await sso.finish(
      url,
      readCookie(request.headers.cookie, names.signOn),
      { address: request.ip },
      request.sessionToken,
    );
    reply.header('set-cookie', clearCookie(names.signOn, names.secure));
    if (result.kind === 'two-factor')
      return toSecondStep(reply, names, result.challenge, result.next);
    if (result.kind === 'signed-in')
      return reply
        .header('set-cookie', setCookie(names.session, result.token, names.secure))
        .redirect(result.next, 303);
    const { status, text } = refusals[result.reason];
    return reply.code(status).render('accounts/views/sign-in-sso-refused.njk', {
      title: 'You could not be signed in with your council’s account',
      text,
    });
  });
}
