import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Viewer } from '../accounts/accounts.service.ts';
import type { Services } from '../app/services.ts';
import { NotFoundError } from '../shared/errors.ts';
import { storedSlug, type StoredReport } from './stored-reports.service.ts';

/* What the builder's pages share: the stored report an address names, and where it is shown. */

export type BuilderServices = Pick<
  Services,
  'reports' | 'storedReports' | 'metrics' | 'data' | 'areas'
>;

const slugParams = z.object({ slug: z.string().max(300) });

/** The stored report an address names, for the viewer to change (not found unless they may). */
export async function changeableOf(
  services: BuilderServices,
  request: FastifyRequest,
): Promise<{ viewer: Viewer; found: StoredReport }> {
  const viewer = request.viewer;
  if (!viewer) throw new NotFoundError('Report', request.url);
  const params = slugParams.safeParse(request.params);
  if (!params.success) throw new NotFoundError('Report', request.url);
  return { viewer, found: await services.storedReports.changeable(viewer, params.data.slug) };
}

/** How a stored report is shared now: what a change to its definition keeps. */
export function sharingOf(found: StoredReport) {
  const { name, visibility, organisationCode } = found.record;
  return { name, visibility, organisationCode };
}

/** Where the builder shows a stored report. */
export function editPath(found: StoredReport): string {
  return `/reports/${storedSlug(found.record)}/edit`;
}
