import { auditedBy } from '../accounts/actor.ts';
import { isMemberOf, organisationsWhere, requireAccess } from '../accounts/access.ts';
import type { AuditService } from '../admin/admin.service.ts';
import type { ComparisonService, GroupRequest } from '../comparison/comparison.service.ts';
import type { DataService } from '../data/data.service.ts';
import type { Db } from '../db/database.ts';
import type { GroupViewer, SavedGroupsService } from '../saved-groups/saved-groups.service.ts';
import { BadRequestError, NotFoundError } from '../shared/errors.ts';
import { groupBy } from '../shared/group-by.ts';
import * as repo from './dashboards.repository.ts';

export type { Owner, TileInput, TileRecord } from './dashboards.repository.ts';

/** The most tiles a dashboard holds: a screenful or two, and a page that stays quick. */
export const maxTiles = 40;

/** Who acts on a dashboard, for the audit trail. */
export interface DashboardActor {
  viewer: GroupViewer;
  email: string;
  address: string | null;
}

type Profile = Awaited<ReturnType<ComparisonService['profile']>>;

/** One tile as read: the council's profile row for the measure, or why there is none. */
export type TileReading =
  | { tile: repo.TileRecord; profile: Profile; row: Profile['metrics'][number] }
  | { tile: repo.TileRecord; missing: 'metric' | 'area-or-group' };

/** A dashboard's name for the audit trail and its addresses: `me` or an organisation's code. */
export function ownerKey(owner: repo.Owner): string {
  return owner.kind === 'user' ? `user:${owner.userId}` : owner.code;
}

/**
 * Dashboards (issue 18): measures pinned as tiles, each for a council against a group, read
 * with the viewer's sight as every page is. A person's own dashboard is theirs alone; an
 * organisation's is seen by its members and changed by those who may save its reports. A
 * dashboard someone may not see answers as one that does not exist.
 */
export class DashboardsService {
  constructor(
    private readonly db: Db,
    private readonly deps: {
      comparison: ComparisonService;
      data: DataService;
      savedGroups: SavedGroupsService;
      audit: AuditService;
    },
  ) {}

  /** The dashboards `viewer` may see: their organisations' (in the order held), then their own. */
  owners(viewer: GroupViewer): repo.Owner[] {
    const codes = [...new Set(viewer.memberships.map((m) => m.organisation))];
    return [
      ...codes.map((code) => ({ kind: 'organisation' as const, code })),
      { kind: 'user', userId: viewer.userId },
    ];
  }

  mayView(viewer: GroupViewer, owner: repo.Owner): boolean {
    return owner.kind === 'user' ? owner.userId === viewer.userId : isMemberOf(viewer, owner.code);
  }

  mayChange(viewer: GroupViewer, owner: repo.Owner): boolean {
    if (owner.kind === 'user') return owner.userId === viewer.userId;
    return organisationsWhere(viewer, 'save-reports').includes(owner.code);
  }

  /** The dashboards `viewer` may pin to: their own, and their organisations' where allowed. */
  pinnable(viewer: GroupViewer): repo.Owner[] {
    return this.owners(viewer).filter((owner) => this.mayChange(viewer, owner));
  }

  /** A dashboard's tiles, each read as the viewer may see it, in the order chosen. */
  async read(viewer: GroupViewer, owner: repo.Owner): Promise<TileReading[]> {
    if (!this.mayView(viewer, owner)) throw new NotFoundError('Dashboard', ownerKey(owner));
    const tiles = await repo.listTiles(this.db, owner);
    const sight = await this.deps.data.sightOf(viewer);
    // One profile read per council and group, for all of its tiles' measures at once.
    const batches = groupBy(tiles, (t) => `${t.areaCode}|${t.groupId ?? ''}`);
    const readings = new Map<number, TileReading>();
    for (const batch of batches.values()) {
      const [first] = batch;
      if (!first) continue;
      const profile = await this.profileOf(viewer, first, batch, sight);
      for (const tile of batch) {
        const row = profile?.metrics.find((m) => m.slug === tile.metricSlug);
        readings.set(
          tile.id,
          profile && row
            ? { tile, profile, row }
            : { tile, missing: profile ? 'metric' : 'area-or-group' },
        );
      }
    }
    return tiles.flatMap((t) => readings.get(t.id) ?? []);
  }

  private async profileOf(
    viewer: GroupViewer,
    first: repo.TileRecord,
    batch: readonly repo.TileRecord[],
    sight: Awaited<ReturnType<DataService['sightOf']>>,
  ): Promise<Profile | null> {
    try {
      const group = await this.groupOf(viewer, first.groupId);
      const slugs = batch.map((t) => t.metricSlug);
      return await this.deps.comparison.profile(first.areaCode, group, slugs, sight);
    } catch (error) {
      // A council, or a group, that has gone since the tile was pinned: the tile says so.
      if (error instanceof NotFoundError) return null;
      throw error;
    }
  }

  /** A tile's group as the comparison reads it; a saved group only if the viewer may see it. */
  private async groupOf(
    viewer: GroupViewer,
    groupId: string | null,
  ): Promise<GroupRequest | undefined> {
    if (groupId === null) return undefined;
    if (!groupId.startsWith('saved:')) return { id: groupId };
    const saved = await this.deps.savedGroups.usable(viewer, groupId.slice('saved:'.length));
    return { codes: saved.codes, saved: { id: groupId, label: saved.name } };
  }

  /**
   * Pins a measure for a council to a dashboard, last. The measure must be one the pinner may
   * see for that council and group (the same read the tile will make), and the dashboard not
   * full. Audited in the same transaction.
   */
  async pin(by: DashboardActor, owner: repo.Owner, input: repo.TileInput): Promise<number> {
    this.requireChange(by.viewer, owner);
    const tiles = await repo.listTiles(this.db, owner);
    if (tiles.length >= maxTiles)
      throw new BadRequestError(
        `The dashboard already holds ${maxTiles} measures: remove one before adding another`,
        'metric',
      );
    const sight = await this.deps.data.sightOf(by.viewer);
    const group = await this.groupOf(by.viewer, input.groupId);
    const read = await this.deps.comparison.profile(
      input.areaCode,
      group,
      [input.metricSlug],
      sight,
    );
    if (read.metrics.length === 0)
      throw new BadRequestError(
        `There is no published measure called ${input.metricSlug}`,
        'metric',
      );
    return this.db.transaction().execute(async (trx) => {
      const id = await repo.insertTile(trx, owner, input, by.viewer.userId);
      await this.record(by, 'dashboard-tile-pinned', owner, undefined, { id, ...input }, trx);
      return id;
    });
  }

  /**
   * The demo's illustrative organisation dashboard, pinned by the operator once in a store just
   * loaded with the demo data: those of `slugs` the council has, against its default group.
   * How many tiles it pinned (none when the dashboard has some already).
   */
  async createForDemo(code: string, areaCode: string, slugs: readonly string[]): Promise<number> {
    const owner: repo.Owner = { kind: 'organisation', code };
    if ((await repo.listTiles(this.db, owner)).length > 0) return 0;
    const held = await this.deps.comparison.profile(areaCode, undefined, slugs);
    const tiles = held.metrics.map((m) => ({ areaCode, metricSlug: m.slug, groupId: null }));
    await this.db.transaction().execute(async (trx) => {
      for (const tile of tiles) await repo.insertTile(trx, owner, tile, null);
      const by = { userId: null, actor: 'openlg (demo)', address: null };
      await this.deps.audit.record(
        { ...by, action: 'dashboard-tile-pinned', subject: `dashboard ${code}`, after: tiles },
        trx,
      );
    });
    return tiles.length;
  }

  /** Removes a tile from its dashboard. */
  async remove(by: DashboardActor, id: number): Promise<void> {
    const { tile, owner } = await this.changeable(by.viewer, id);
    await this.db.transaction().execute(async (trx) => {
      await repo.deleteTile(trx, id);
      await this.record(by, 'dashboard-tile-removed', owner, tile, undefined, trx);
    });
  }

  /** Moves a tile one place earlier or later on its dashboard. */
  async move(by: DashboardActor, id: number, direction: 'up' | 'down'): Promise<void> {
    const { owner } = await this.changeable(by.viewer, id);
    await this.db.transaction().execute(async (trx) => {
      const ids = (await repo.listTiles(trx, owner)).map((t) => t.id);
      const from = ids.indexOf(id);
      const to = direction === 'up' ? from - 1 : from + 1;
      const other = ids[to];
      if (other === undefined) return;
      ids[to] = id;
      ids[from] = other;
      await repo.writeOrder(trx, ids);
      await this.record(by, 'dashboard-tile-moved', owner, { from }, { to }, trx);
    });
  }

  private requireChange(viewer: GroupViewer, owner: repo.Owner) {
    if (owner.kind === 'user') {
      if (owner.userId !== viewer.userId) throw new NotFoundError('Dashboard', ownerKey(owner));
      return;
    }
    if (!isMemberOf(viewer, owner.code)) throw new NotFoundError('Dashboard', owner.code);
    requireAccess(viewer, 'save-reports', owner.code);
  }

  /** The tile and its dashboard, for `viewer` to change: not found unless seen. */
  private async changeable(viewer: GroupViewer, id: number) {
    const tile = await repo.findTile(this.db, id);
    const owner: repo.Owner | null = !tile
      ? null
      : tile.ownerUserId !== null
        ? { kind: 'user', userId: tile.ownerUserId }
        : { kind: 'organisation', code: tile.organisationCode ?? '' };
    if (!tile || !owner || !this.mayView(viewer, owner))
      throw new NotFoundError('Dashboard tile', String(id));
    this.requireChange(viewer, owner);
    return { tile, owner };
  }

  private record(
    by: DashboardActor,
    action: string,
    owner: repo.Owner,
    before: unknown,
    after: unknown,
    trx: Parameters<AuditService['record']>[1],
  ) {
    return this.deps.audit.record(
      {
        ...auditedBy(by),
        action,
        subject: `dashboard ${ownerKey(owner)}`,
        before,
        after,
      },
      trx,
    );
  }
}
