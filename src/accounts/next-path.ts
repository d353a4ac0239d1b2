import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
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

/**
 * Someone not signed in, at a page for some signed-in people: to sign in, and back to the
 * address asked for afterwards. Never kept by a cache, like the page it stands for.
 */
export function signInFirst(request: FastifyRequest, reply: FastifyReply) {
  reply.header('cache-control', 'private, no-store');
  return reply.redirect(`/sign-in?next=${encodeURIComponent(request.url)}`, 303);
}
