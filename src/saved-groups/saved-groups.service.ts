import { auditedBy } from '../accounts/actor.ts';
import { organisationsWhere } from '../accounts/access.ts';
import type { Membership } from '../accounts/roles.ts';
import { mayChangeShared, maySeeShared, requireMaySave } from '../accounts/sharing.ts';
import type { AuditService } from '../admin/admin.service.ts';
import type { AreasService } from '../areas/areas.service.ts';
import type { Db } from '../db/database.ts';
import { BadRequestError, ForbiddenError, NotFoundError } from '../shared/errors.ts';
import { slug } from '../shared/svg.ts';
import * as repo from './saved-groups.repository.ts';
import type { Visibility } from '../accounts/sharing.ts';

export type { SavedGroupRecord } from './saved-groups.repository.ts';

/** The most councils a saved group holds, as many as a custom group in an address. */
export const maxSavedCodes = 500;

/** Who is asking of saved groups: someone known (by session or API key), or the public (null). */
export type GroupViewer = { readonly userId: number; readonly memberships: readonly Membership[] };

/** Who changed a group, for the audit trail. */
export interface GroupActor {
  viewer: GroupViewer;
  email: string;
  address: string | null;
}

/** What a person asks to save. */
export interface GroupChange {
  name: string;
  visibility: Visibility;
  organisationCode: string | null;
  codes: readonly string[];
}

/** A saved group as `group=saved:…` names it: its id, then its name's slug for people. */
export function savedRef(group: { id: number; slug: string }): string {
  return `saved:${group.id}-${group.slug}`;
}

/** `saved:12` or `saved:12-north-east-peers` (the words after the id are for people only). */
const refPattern = /^(\d{1,9})(?:-[a-z0-9-]{0,200})?$/;

/**
 * Saved comparison groups (issue 17): made, changed and deleted by people who may save reports,
 * each change audited in its own transaction; and read, as `group=saved:<id>`, by whoever the
 * group's visibility lets see it. A group someone may not see is answered exactly as one that
 * does not exist, so that its id tells nothing.
 */
export class SavedGroupsService {
  constructor(
    private readonly db: Db,
    private readonly areas: AreasService,
    private readonly audit: AuditService,
  ) {}

  /** The organisations a group of `viewer`'s may belong to: where they may save reports. */
  organisationsFor(viewer: GroupViewer | null): string[] {
    return organisationsWhere(viewer, 'save-reports');
  }

  /** The groups `viewer` may see, by name: their own, their organisations', and public ones. */
  async visibleTo(viewer: GroupViewer | null): Promise<repo.SavedGroupRecord[]> {
    if (viewer === null) return repo.listSavedGroups(this.db, { visibility: 'public' });
    return repo.listSavedGroups(this.db, {
      ownerUserId: viewer.userId,
      organisations: [...new Set(viewer.memberships.map((m) => m.organisation))],
      visibility: 'public',
    });
  }

  /** The group that `group=saved:<ref>` names, if `viewer` may see it; else not found. */
  async usable(viewer: GroupViewer | null, ref: string): Promise<repo.SavedGroupRecord> {
    const id = refPattern.exec(ref)?.[1];
    const group = id === undefined ? null : await repo.findSavedGroup(this.db, Number(id));
    if (!group || !maySeeShared(viewer, group)) throw new NotFoundError('Group', `saved:${ref}`);
    return group;
  }

  /** The group with this id for `viewer` to change: not found unless seen, refused unless theirs. */
  async changeable(viewer: GroupViewer, id: number): Promise<repo.SavedGroupRecord> {
    const group = await this.usable(viewer, String(id));
    if (!mayChangeShared(viewer, group))
      throw new ForbiddenError('Only the person who saved this group may change it');
    return group;
  }

  async create(by: GroupActor, change: GroupChange): Promise<repo.SavedGroupRecord> {
    const input = await this.checked(by.viewer, change);
    const id = await this.db.transaction().execute(async (trx) => {
      const made = await repo.insertSavedGroup(trx, by.viewer.userId, input);
      await this.record(by, 'saved-group-created', made, undefined, input, trx);
      return made;
    });
    return this.usable(by.viewer, String(id));
  }

  async update(by: GroupActor, id: number, change: GroupChange): Promise<repo.SavedGroupRecord> {
    const before = await this.changeable(by.viewer, id);
    const input = await this.checked(by.viewer, change, before);
    await this.db.transaction().execute(async (trx) => {
      await repo.updateSavedGroup(trx, id, by.viewer.userId, input);
      await this.record(by, 'saved-group-updated', id, described(before), input, trx);
    });
    return this.usable(by.viewer, String(id));
  }

  async remove(by: GroupActor, id: number): Promise<repo.SavedGroupRecord> {
    const before = await this.changeable(by.viewer, id);
    await this.db.transaction().execute(async (trx) => {
      await repo.deleteSavedGroup(trx, id);
      await this.record(by, 'saved-group-deleted', id, described(before), undefined, trx);
    });
    return before;
  }

  /**
   * The change as it will be stored, once the viewer may make it: saving needs `save-reports`,
   * in the group's organisation when it has one (an organisation's administrator changing a
   * colleague's group keeps it in that organisation). Every code must be a known area.
   */
  private async checked(
    viewer: GroupViewer,
    change: GroupChange,
    before?: repo.SavedGroupRecord,
  ): Promise<repo.SavedGroupInput> {
    const name = change.name.trim();
    if (name === '' || name.length > 100)
      throw new BadRequestError('Give the group a name of 1 to 100 characters', 'name');
    if (change.visibility === 'organisation' && change.organisationCode === null)
      throw new BadRequestError('Choose the organisation to share the group with', 'organisation');
    requireMaySave(viewer, change.organisationCode, before);
    const codes = [...new Set(change.codes)];
    if (codes.length === 0 || codes.length > maxSavedCodes)
      throw new BadRequestError(`A group holds 1 to ${maxSavedCodes} councils`, 'areas');
    const known = await this.areas.namesOf(codes);
    const unknown = codes.find((code) => !known.has(code));
    if (unknown) throw new BadRequestError(`No council has the code ${unknown}`, 'areas');
    return {
      name,
      slug: slug(name).slice(0, 60).replace(/-+$/, ''),
      visibility: change.visibility,
      organisationCode: change.organisationCode,
      codes,
    };
  }

  private record(
    by: GroupActor,
    action: string,
    id: number,
    before: unknown,
    after: repo.SavedGroupInput | undefined,
    trx: Parameters<AuditService['record']>[1],
  ) {
    return this.audit.record(
      {
        ...auditedBy(by),
        action,
        subject: `saved:${id}`,
        before,
        after: after && { ...after, codes: [...after.codes] },
      },
      trx,
    );
  }
}

/** A stored group as the audit trail records it before a change. */
function described(group: repo.SavedGroupRecord): repo.SavedGroupInput {
  const { name, slug, visibility, organisationCode, codes } = group;
  return { name, slug, visibility, organisationCode, codes };
}
