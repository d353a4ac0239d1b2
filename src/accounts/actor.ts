import type { FastifyRequest } from 'fastify';
import type { Viewer } from './accounts.service.ts';

/** Who does something through a page, as the audit trail records them. */
export interface PageActor {
  viewer: Viewer;
  email: string;
  address: string | null;
}

/** The signed-in viewer making a change through this request. */
export function actorOf(request: FastifyRequest, viewer: Viewer): PageActor {
  return { viewer, email: viewer.email, address: request.ip };
}

/** Who made a change, as every audit event records them: their account, email and address. */
export function auditedBy(actor: {
  viewer: { userId: number };
  email: string;
  address: string | null;
}) {
  return { userId: actor.viewer.userId, actor: actor.email, address: actor.address };
}
