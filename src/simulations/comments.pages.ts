import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { actorOf } from '../accounts/actor.ts';
import type { Viewer } from '../accounts/accounts.service.ts';
import { signInFirst } from '../accounts/next-path.ts';
import type { Services } from '../app/services.ts';
import { BadRequestError, ForbiddenError } from '../shared/errors.ts';
import { formatMoment } from '../shared/format.ts';
import { parseInput } from '../shared/validation.ts';
import { fieldError, formErrorView, type FieldError } from '../site/forms.ts';
import { commentDecisions } from './simulations.service.ts';

// Not strict: the page is shown again, refused, from a comment's own address.
const slugParams = z.object({ slug: z.string().max(80) });
const commentParams = z
  .object({ slug: z.string().max(80), id: z.coerce.number().int().positive() })
  .strict();
const statuses = ['pending', 'approved', 'hidden'] as const;
const statusQuery = z.object({ status: z.enum(statuses).catch('pending') }).strip();
const decisionForm = z.object({
  decision: z.enum(commentDecisions),
  reason: z
    .string()
    .trim()
    .min(1, { error: 'Give the reason' })
    .max(500, { error: 'Give the reason in 500 characters at most' }),
});

const statusNames = {
  pending: 'Waiting for a decision',
  approved: 'Approved (published with the results)',
  hidden: 'Hidden',
} as const;

/** What an editor may do with a comment in each state, and the button that says so. */
const decisionsFor = {
  pending: [
    { decision: 'approve', text: 'Approve' },
    { decision: 'hide', text: 'Hide' },
  ],
  approved: [
    { decision: 'hide', text: 'Hide' },
    { decision: 'restore', text: 'Back to waiting' },
  ],
  hidden: [
    { decision: 'approve', text: 'Approve' },
    { decision: 'restore', text: 'Back to waiting' },
  ],
} as const;

/**
 * Residents' free-text comments (issue 21), for the council's simulation editors alone: each
 * state's newest, with the response it came with; approve, hide or send back to wait, each with
 * a reason the service audits. Only an approved comment of a kept response is ever public.
 */
export function registerCommentPages(
  app: FastifyInstance,
  { simulationResults, simulations }: Services,
) {
  const commentsPage = async (
    reply: FastifyReply,
    request: FastifyRequest,
    viewer: Viewer,
    form: { id: number; errors: FieldError[]; status: (typeof statuses)[number] } | null = null,
  ) => {
    const { slug } = parseInput(slugParams, request.params);
    const status = form?.status ?? parseInput(statusQuery, request.query).status;
    const { rows, counts } = await simulationResults.commentsToModerate(
      actorOf(request, viewer),
      slug,
      status,
    );
    return reply.render('simulations/views/comments.njk', {
      title: 'Residents’ comments',
      slug,
      status,
      statusName: statusNames[status],
      tabs: statuses.map((s) => ({
        status: s,
        text: statusNames[s],
        count: counts[s],
        current: s === status,
      })),
      total: counts[status],
      ...formErrorView(form?.errors ?? []),
      comments: rows.map((r) => ({
        id: r.responseId,
        body: r.body,
        submitted: formatMoment(r.submittedAt),
        version: r.version,
        responseExcluded: r.responseExcluded,
        decided: r.moderatedAt
          ? `${formatMoment(r.moderatedAt)}: ${r.moderatedReason ?? ''}`
          : null,
        decisions: decisionsFor[status],
      })),
    });
  };

  app.get('/simulations/:slug/comments', async (request, reply) => {
    if (!request.viewer) return signInFirst(request, reply);
    return commentsPage(reply, request, request.viewer);
  });

  app.post('/simulations/:slug/comments/:id', async (request, reply) => {
    const viewer = request.viewer;
    if (!viewer) throw new ForbiddenError('Sign in to moderate comments');
    const { slug, id } = parseInput(commentParams, request.params);
    const status = parseInput(statusQuery, request.query).status;
    const parsed = decisionForm.safeParse(request.body);
    if (!parsed.success) {
      const decided = z.object({ decision: z.enum(commentDecisions) }).safeParse(request.body);
      if (!decided.success) throw new BadRequestError('Choose what to do with the comment');
      return commentsPage(reply.code(400), request, viewer, {
        id,
        status,
        errors: [fieldError(`reason-${id}`, parsed.error.issues[0]?.message ?? 'Give the reason')],
      });
    }
    const { decision, reason } = parsed.data;
    await simulations.moderateComment(actorOf(request, viewer), slug, id, decision, reason);
    return reply.redirect(
      `/simulations/${encodeURIComponent(slug)}/comments?status=${status}`,
      303,
    );
  });
}
