import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import type { Viewer } from './accounts.service.ts';

/** Where to go after signing in: a path on this site, never another site ("//evil.example"). */
export const nextPath = z
  .string()
  .regex(/^\/(?![/\\])[\x21-\x7e]*$/)
  .catch('/dashboard');

/**
 * A page only a signed-in person sees: anyone else goes to sign in first and comes back to
 * `path` afterwards.
 */
export function getWhenSignedIn(
  app: FastifyInstance,
  path: string,
  page: (reply: FastifyReply, viewer: Viewer) => Promise<FastifyReply>,
): void {
  app.get(path, async (request, reply) =>
    request.viewer ? page(reply, request.viewer) : reply.redirect(`/sign-in?next=${path}`, 303),
  );
}
