import type { FastifyReply, FastifyRequest } from 'fastify';
import type { GroupRequest } from '../comparison/comparison.service.ts';
import {
  savedRef,
  type GroupViewer,
  type SavedGroupRecord,
  type SavedGroupsService,
} from './saved-groups.service.ts';

/** Who asks for a saved group: signed in, on pages; holding an API key, on the API. */
export function groupViewerOf(request: FastifyRequest): GroupViewer | null {
  const known = request.viewer ?? request.apiKey;
  return known ? { userId: known.userId, memberships: known.memberships } : null;
}

/**
 * The saved group `saved:<ref>` for who is asking: one they may not see is not found, as an
 * unknown group is. Its members change with no new data version, so an answer drawn with one
 * carries no validators and is never kept in the answer cache; one drawn with a group not
 * everyone may see is `private, no-store`, one drawn with a public group `no-cache`.
 */
async function readSaved(
  savedGroups: SavedGroupsService,
  request: FastifyRequest,
  reply: FastifyReply,
  ref: string,
): Promise<SavedGroupRecord> {
  const found = await savedGroups.usable(groupViewerOf(request), ref);
  request.keeping = null;
  reply.removeHeader('etag');
  reply.removeHeader('last-modified');
  // An answer already for one viewer alone (signed in, or with a key) stays so.
  const alone = /\bprivate\b/.test(String(reply.getHeader('cache-control') ?? ''));
  const everyone = found.visibility === 'public' && !alone;
  reply.header('cache-control', everyone ? 'no-cache' : 'private, no-store');
  return found;
}

function isSavedChoice(group: GroupRequest | { saved: string }): group is { saved: string } {
  return 'saved' in group && typeof group.saved === 'string';
}

/** The group a request asked for, a saved group read as its members, named in the answer. */
export async function chosenGroup(
  savedGroups: SavedGroupsService,
  request: FastifyRequest,
  reply: FastifyReply,
  group: GroupRequest | { saved: string },
): Promise<GroupRequest> {
  if (!isSavedChoice(group)) return group;
  const found = await readSaved(savedGroups, request, reply, group.saved);
  return { codes: found.codes, saved: { id: savedRef(found), label: found.name } };
}

/** A saved group's members, for an answer that lists areas rather than naming a group. */
export async function savedCodes(
  savedGroups: SavedGroupsService,
  request: FastifyRequest,
  reply: FastifyReply,
  ref: string,
): Promise<string[]> {
  return (await readSaved(savedGroups, request, reply, ref)).codes;
}

/**
 * The saved groups a page offers to compare with, beside the stored ones: the viewer's own and
 * their organisations' (others' public groups are found through their links, not offered on
 * every page), and the one chosen, if it is saved and not among them.
 */
export async function savedGroupOptions(
  savedGroups: SavedGroupsService,
  request: FastifyRequest,
  chosen: GroupRequest | undefined,
): Promise<{ id: string; label: string; kind: string }[]> {
  const viewer = groupViewerOf(request);
  const offered = viewer
    ? (await savedGroups.visibleTo(viewer)).filter(
        (g) => g.visibility !== 'public' || g.ownerUserId === viewer.userId,
      )
    : [];
  const options = offered.map((g) => ({ id: savedRef(g), label: g.name, kind: 'saved' }));
  const saved = chosen && 'codes' in chosen ? chosen.saved : undefined;
  if (saved && !options.some((o) => o.id === saved.id))
    options.push({ id: saved.id, label: saved.label, kind: 'saved' });
  return options.map((o) => ({ ...o, label: `${o.label} (saved group)` }));
}
