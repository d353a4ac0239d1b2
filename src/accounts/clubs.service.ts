import type { Db } from '../db/database.ts';
import { BadRequestError } from '../shared/errors.ts';
import { appendAudit } from './accounts.repository.ts';
import type { AccountsService, Organisation } from './accounts.service.ts';
import * as repo from './clubs.repository.ts';

/** Who changes a club: the operator's CLI, or an administrator. */
export interface ClubActor {
  userId: number | null;
  actor: string;
  address: string | null;
}

/**
 * Benchmarking clubs: named groups of councils that share restricted data. The people of a
 * member council see what is shared with the club, as do people who belong to the club itself.
 */
export class ClubsService {
  constructor(
    private readonly db: Db,
    private readonly accounts: AccountsService,
  ) {}

  /** Makes a club (by slug), or finds the club of that slug; audited. */
  async create(code: string, name: string, by: ClubActor): Promise<Organisation> {
    if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(code))
      throw new BadRequestError(
        'A club is named by a kebab-case slug, such as north-east-club',
        'club',
      );
    const club = await this.accounts.addOrganisation({ kind: 'club', code, name: name.trim() });
    if (club.kind !== 'club')
      throw new BadRequestError(`${code} is taken by a ${club.kind}`, 'club');
    await this.audit(by, 'club-created', club.code, null, { name: club.name });
    return club;
  }

  /** Puts a council (by GSS code) in a club (by slug); audited when it was not already in. */
  async join(clubCode: string, councilCode: string, by: ClubActor): Promise<void> {
    const { club, council } = await this.pair(clubCode, councilCode);
    if (await repo.addClubMember(this.db, club.id, council.id))
      await this.audit(by, 'club-member-added', club.code, null, { council: council.code });
  }

  /** Takes a council out of a club; audited when it was in. */
  async leave(clubCode: string, councilCode: string, by: ClubActor): Promise<void> {
    const { club, council } = await this.pair(clubCode, councilCode);
    if (await repo.removeClubMember(this.db, club.id, council.id))
      await this.audit(by, 'club-member-removed', club.code, { council: council.code }, null);
  }

  async members(clubCode: string) {
    return repo.clubMembers(this.db, (await this.club(clubCode)).id);
  }

  private async club(code: string): Promise<Organisation> {
    const club = await this.accounts.organisation(code);
    if (club.kind !== 'club')
      throw new BadRequestError(`${code} is not a benchmarking club`, 'club');
    return club;
  }

  private async pair(clubCode: string, councilCode: string) {
    const club = await this.club(clubCode);
    const council = await this.accounts.organisation(councilCode);
    if (council.kind !== 'council')
      throw new BadRequestError(`${councilCode} is not a council`, 'council');
    return { club, council };
  }

  private audit(by: ClubActor, action: string, subject: string, before: unknown, after: unknown) {
    return appendAudit(this.db, {
      userId: by.userId,
      actor: by.actor,
      address: by.address,
      action,
      subject,
      before,
      after,
    });
  }
}
