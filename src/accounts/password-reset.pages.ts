import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Config } from '../config/config.ts';
import type { Database } from '../db/database.ts';
import { createMailer } from '../mail/mailer.ts';
import { fieldError, formErrorView, parseForm, type FieldError } from '../site/forms.ts';
import {
  PasswordResetService,
  passwordResetSeconds,
  passwordResetThrottle,
} from './password-reset.service.ts';
import { choosePasswordForm, emailAddressField, linkTokenParams } from './link-forms.ts';
import { publicBase } from './users.command.ts';

/** The form cookie's token for a form posted before anyone is signed in (see accounts.pages). */
export type FormToken = (request: FastifyRequest, reply: FastifyReply) => string;

const hours = passwordResetSeconds / 3600;

const forgotForm = z.object({ email: emailAddressField });

const resetForm = choosePasswordForm({
  enter: 'Enter a new password',
  again: 'The passwords do not match: type the new password again',
});

/** How often used and expired links and old requests are deleted. */
const tidyEveryMs = 10 * 60 * 1000;

/**
 * The password reset service of this app: mailing as configured, tidying its tables now and
 * then, and letting mail still leaving go before the app closes.
 */
export function passwordResets(
  app: FastifyInstance,
  config: Config,
  database: Database,
): PasswordResetService {
  const mailer = createMailer(config.mail, (line) => app.log.info(line));
  const resets = new PasswordResetService(database.db, mailer, publicBase(config), (error) =>
    app.log.error({ err: error }, 'password reset link not sent'),
  );
  const tidy = () =>
    resets.tidy().catch((error: unknown) => app.log.warn({ err: error }, 'resets not tidied'));
  const timer = setInterval(() => void tidy(), tidyEveryMs).unref();
  app.addHook('onClose', async () => {
    clearInterval(timer);
    await resets.settle();
  });
  return resets;
}

const origin = (request: FastifyRequest) => ({ address: request.ip });

/**
 * "Forgotten your password?": asking for a link by email, and choosing a new password with it.
 * Registered in the accounts pages' scope, so the forms are CSRF-checked against the form cookie.
 */
export function registerPasswordReset(
  app: FastifyInstance,
  resets: PasswordResetService,
  formToken: FormToken,
): void {
  const forgotPage = (reply: FastifyReply, values: Record<string, unknown>, errors: FieldError[]) =>
    reply.render('accounts/views/forgot-password.njk', {
      title: 'Reset your password',
      csrf: formToken(reply.request, reply),
      values,
      ...formErrorView(errors),
    });

  app.get('/forgot-password', async (_request, reply) => forgotPage(reply, {}, []));

  app.post('/forgot-password', { config: { anonymousForm: true } }, async (request, reply) => {
    const form = parseForm(forgotForm, request.body, { forget: ['csrf'] });
    if (!form.ok) return forgotPage(reply.code(400), form.values, form.errors);
    const { email } = form.value;
    if ((await resets.request(email, origin(request))) === 'throttled') {
      const minutes = passwordResetThrottle.windowSeconds / 60;
      const text = `There have been too many requests to reset a password. Wait ${minutes} minutes, then try again`;
      return forgotPage(reply.code(429), { email }, [fieldError('email', text)]);
    }
    return reply.render('accounts/views/reset-link-sent.njk', {
      title: 'Check your email',
      email,
      hours,
    });
  });

  registerResetPassword(app, resets, formToken);
}

function registerResetPassword(
  app: FastifyInstance,
  resets: PasswordResetService,
  formToken: FormToken,
): void {
  const ended = (reply: FastifyReply) =>
    reply.code(410).render('accounts/views/reset-link-ended.njk', {
      title: 'This link has expired or been used',
      hours,
    });
  const page = (
    reply: FastifyReply,
    person: { email: string },
    errors: readonly Omit<FieldError, 'href'>[] = [],
  ) =>
    reply.render('accounts/views/reset-password.njk', {
      title: 'Choose a new password',
      person,
      csrf: formToken(reply.request, reply),
      ...formErrorView(errors),
    });

  app.get('/reset-password/:token', async (request, reply) => {
    const params = linkTokenParams.safeParse(request.params);
    const person = params.success ? await resets.open(params.data.token) : null;
    return person ? page(reply, person) : ended(reply);
  });

  app.post(
    '/reset-password/:token',
    { config: { anonymousForm: true } },
    async (request, reply) => {
      const params = linkTokenParams.safeParse(request.params);
      const person = params.success ? await resets.open(params.data.token) : null;
      if (!params.success || !person) return ended(reply);
      const form = parseForm(resetForm, request.body);
      if (!form.ok) return page(reply.code(400), person, form.errors);
      const result = await resets.reset(params.data.token, form.value.password, origin(request));
      if (result.kind === 'ended') return ended(reply);
      if (result.kind === 'problem')
        return page(reply.code(400), person, [fieldError('password', result.text)]);
      return reply.render('accounts/views/password-reset.njk', {
        title: 'Your password has been changed',
      });
    },
  );
}
