import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { NotFoundError } from '../shared/errors.ts';
import type { ReturnState } from './collections.tables.ts';

/** Each state as the tracker and the steward's list show it, a GOV.UK tag's words and colour. */
export const stateWords: Readonly<Record<ReturnState, { text: string; classes: string }>> = {
  'not-started': { text: 'Not started', classes: 'govuk-tag--grey' },
  draft: { text: 'Draft', classes: 'govuk-tag--yellow' },
  submitted: { text: 'Submitted', classes: 'govuk-tag--blue' },
  published: { text: 'Published', classes: 'govuk-tag--green' },
};

/** A moment as the pages say it: to the minute, in UTC, as the audit trail does. */
export const when = (date: Date) => `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;

const idParams = z.object({ id: z.string().regex(/^\d{1,9}$/) });

/** The collection id an address names; anything else is a page that does not exist. */
export function collectionId(request: FastifyRequest): number {
  const params = idParams.safeParse(request.params);
  if (!params.success) throw new NotFoundError('Collection', '');
  return Number(params.data.id);
}
