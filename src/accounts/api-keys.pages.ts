import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { fieldError, formErrorView, parseForm, type FieldError } from '../site/forms.ts';
import type { Viewer } from './accounts.service.ts';
import type { ApiKeysService } from './api-keys.service.ts';
import { getWhenSignedIn } from './next-path.ts';

const keyForm = z.object({
  name: z
    .string()
    .trim()
    .min(1, { error: 'Enter a name for the key' })
    .max(100, { error: 'Name must be 100 characters or fewer' }),
});

const keyParams = z.object({ id: z.string().regex(/^\d{1,9}$/) });

const day = (date: Date | null) => (date ? date.toISOString().slice(0, 10) : 'Never');

/**
 * /account/api-keys: a signed-in person's own API keys, made (the key shown once, on the answer
 * to the form) and revoked there. Registered inside the account pages' plugin, so every form is
 * CSRF-checked and every answer `private, no-store`; audited as api-key-created and -revoked.
 */
export function registerApiKeyPages(app: FastifyInstance, keys: ApiKeysService) {
  const by = (request: FastifyRequest, viewer: Viewer) => ({
    userId: viewer.userId,
    actor: viewer.email,
    origin: { address: request.ip },
  });
  const page = async (
    reply: FastifyReply,
    viewer: Viewer,
    extra: { made?: string; errors?: FieldError[]; values?: Record<string, unknown> } = {},
  ) => {
    const listed = await keys.list(viewer.email);
    const query = reply.request.query as Record<string, unknown>;
    return reply.render('accounts/views/api-keys.njk', {
      title: 'Your API keys',
      activeNav: 'account',
      keys: listed.map((k) => ({
        ...k,
        created: day(k.createdAt),
        lastUsed: day(k.lastUsedAt),
        live: k.revokedAt === null,
      })),
      made: extra.made ?? null,
      revoked: typeof query['revoked'] === 'string' ? query['revoked'] : null,
      values: extra.values ?? {},
      ...formErrorView(extra.errors ?? []),
    });
  };

  getWhenSignedIn(app, '/account/api-keys', page);

  app.post('/account/api-keys', async (request, reply) => {
    const viewer = request.viewer as Viewer;
    const form = parseForm(keyForm, request.body, { forget: ['csrf'] });
    if (!form.ok) return page(reply.code(400), viewer, form);
    const made = await keys.create(viewer.email, form.value.name, by(request, viewer));
    return page(reply.code(201), viewer, { made: made.key });
  });

  app.post('/account/api-keys/:id/revoke', async (request, reply) => {
    const viewer = request.viewer as Viewer;
    const params = keyParams.safeParse(request.params);
    if (!params.success)
      return page(reply.code(404), viewer, { errors: [fieldError('', 'There is no such key')] });
    const key = await keys.revoke(params.data.id, by(request, viewer), viewer.userId);
    return reply.redirect(`/account/api-keys?revoked=${encodeURIComponent(key.prefix)}`, 303);
  });
}
