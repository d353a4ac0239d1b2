import { createHash } from 'node:crypto';
import { requireAccess, type AccessViewer } from '../accounts/access.ts';
import { auditedBy, type PageActor } from '../accounts/actor.ts';
import { nationalOrganisation, type Membership } from '../accounts/roles.ts';
import type { AuditService } from '../admin/admin.service.ts';
import type { AreasService } from '../areas/areas.service.ts';
import { bumpDataVersion } from '../db/data-version.ts';
import type { Db, Executor } from '../db/database.ts';
import { BadRequestError, ForbiddenError, NotFoundError } from '../shared/errors.ts';
import { parseInput } from '../shared/validation.ts';
import { mayDo, mayRecord, partsOf, type ChallengePart } from './challenge-access.ts';
import { programmeYearOf, type IsoDate } from './dates.ts';
import { deadlines, type Deadline } from './deadlines.ts';
import {
  documentFormats,
  documentTitles,
  refusalText,
  sniffDocument,
  uploadActs,
  cleanDocumentName,
  type DocumentKind,
  publishedBy,
} from './documents.ts';
import * as documents from './documents.repository.ts';
import { countFigures, type YearFigures } from './figures.ts';
import {
  allowedEvents,
  challengeEvent,
  requestChallenge,
  transition,
  type ChallengeEvent,
  type ChallengeRequest,
  type Problem,
} from './lifecycle.ts';
import { challengeInput, type ChallengeInput } from './peer-challenge.schema.ts';
import * as repository from './peer-challenge.repository.ts';
import { writeChallengePlaces } from './peer-days.service.ts';
import { columnsOf, factsOf } from './records.ts';
import type { ChallengeState, ChallengeType } from './vocabulary.ts';
import {
  buildScenario,
  liveDemoChallenge,
  scenarioEnd,
  type ScenarioChallenge,
} from './scenario.ts';

/** The state machine refused an event: every problem, each naming its form field. */
export class ChallengeEventRefused extends BadRequestError {
  constructor(readonly problems: readonly Problem[]) {
    super(problems.map((p) => p.text).join('; '), problems[0]?.field);
    this.name = 'ChallengeEventRefused';
  }
}

/** A file was refused as a challenge's document: its field is the upload form's file input. */
export class DocumentRefused extends BadRequestError {
  constructor(kind: DocumentKind, text: string) {
    super(text, `${kind}-file`);
    this.name = 'DocumentRefused';
  }
}

/** Who looks at a challenge: signed in, with their roles; or the public (null). */
export type ChallengeViewer = { userId: number; memberships: readonly Membership[] } | null;

type FoundChallenge = NonNullable<Awaited<ReturnType<typeof repository.findForChange>>>;

/** The challenges a list shows: narrowed in the database, then to those overdue; a page of them. */
export interface ChallengeListFilter extends repository.ChallengeFilter {
  overdue?: boolean;
  /** From 1. */
  page?: number;
}

/** How many challenges a page of the list shows. */
export const challengesPerPage = 50;

/** A challenge as the programme's list shows it. */
export interface ListedChallenge {
  id: number;
  type: ChallengeType;
  state: ChallengeState;
  areaCode: string;
  areaName: string;
  programmeYear: string;
  window: { from: IsoDate; to: IsoDate } | null;
  illustrative: boolean;
  /** The earliest deadline not yet met, or null when none is owed (yet). */
  next: Deadline | null;
  overdue: boolean;
}

/** The earliest deadline not met, and whether any is overdue. */
function owing(owed: readonly Deadline[]) {
  const open = owed.filter((d) => d.status.state !== 'met');
  const next = [...open].sort((a, b) => a.dueBy.localeCompare(b.dueBy))[0] ?? null;
  return { next, overdue: open.some((d) => d.status.state === 'overdue') };
}

export interface ProgrammeFigures {
  /** The day counted as at, or null: as the records stand now. */
  asAt: string | null;
  /** Whether any record counted is the illustrative scenario's. */
  illustrative: boolean;
  /** Every programme year with a challenge recorded (by asAt), oldest first. */
  years: YearFigures[];
  /** The year asked for, if one was. */
  chosen: YearFigures | null;
}

function scenarioRow(c: ScenarioChallenge): repository.NewChallenge {
  return {
    type: c.type,
    area_code: c.areaCode,
    programme_year: c.programmeYear,
    state: c.state,
    window_start: c.window?.start ?? null,
    window_end: c.window?.end ?? null,
    on_site_start: c.onSite?.start ?? null,
    on_site_end: c.onSite?.end ?? null,
    manager_user_id: null,
    state_reason: null,
    illustrative: true,
    transitions: c.transitions.map((t) => ({
      from_state: t.from,
      to_state: t.to,
      on_date: t.on,
      reason: null,
      by_user_id: null,
    })),
  };
}

/**
 * The peer challenge programme's records (issue 20) and the figures it publishes from them.
 * Recording is kept simple, a challenge with its current state and dated history, so that the
 * lifecycle's state machine can stand in front of it; every record a person makes is audited.
 * The figures are public, like the programme's published reports: counts, and nothing else.
 */
export class PeerChallengeService {
  constructor(
    private readonly db: Db,
    private readonly services: { areas: AreasService; audit: AuditService },
  ) {}

  /** Records a challenge and its changes of state, audited in the same transaction; its id. */
  async record(actor: PageActor, input: ChallengeInput): Promise<number> {
    requireAccess(actor.viewer, 'manage-peer-challenges', nationalOrganisation);
    const challenge = parseInput(challengeInput, input);
    const area = await this.services.areas.getSummary(challenge.areaCode);
    if (area.nation !== 'england') throw new NotFoundError('Council', challenge.areaCode);
    const userId = actor.viewer.userId;
    const row: repository.NewChallenge = {
      type: challenge.type,
      area_code: area.code,
      programme_year: challenge.programmeYear,
      state: challenge.transitions.at(-1)?.to ?? 'requested',
      window_start: challenge.window?.start ?? null,
      window_end: challenge.window?.end ?? null,
      on_site_start: challenge.onSite?.start ?? null,
      on_site_end: challenge.onSite?.end ?? null,
      manager_user_id: challenge.managerUserId,
      state_reason: challenge.stateReason,
      illustrative: false,
      transitions: challenge.transitions.map((t, i) => ({
        from_state: challenge.transitions[i - 1]?.to ?? null,
        to_state: t.to,
        on_date: t.on,
        reason: t.reason,
        by_user_id: userId,
      })),
    };
    return this.db.transaction().execute(async (trx) => {
      const [id = 0] = await repository.insertChallenges(trx, [row]);
      await this.services.audit.record(
        {
          ...auditedBy(actor),
          action: 'peer-challenge-recorded',
          subject: area.code,
          after: { id, ...challenge },
        },
        trx,
      );
      await bumpDataVersion(trx);
      return id;
    });
  }

  /**
   * The parts the viewer plays in a challenge (challenge-access.ts). One they play no part in is
   * not found, exactly as one that does not exist: whether a council has a challenge under way
   * is for those taking part.
   */
  async partsIn(viewer: ChallengeViewer, id: number) {
    const members = await documents.membersOf(this.db, id);
    const parts: ChallengePart[] = members ? partsOf(viewer, members) : [];
    if (!mayDo(parts, 'read')) throw new NotFoundError('Peer challenge', String(id));
    return parts;
  }

  /**
   * Moves a recorded challenge on by one event through the state machine, dated and audited in
   * one transaction; refused with every problem at once (ChallengeEventRefused) and nothing
   * changed when the machine says no. The programme's managers record every event, the council
   * its own (publishing); publishing makes the newest version of the document public, with the
   * link to the council's own copy if given, and is refused while there is none. The
   * challenge's facts after it.
   */
  async advance(
    actor: PageActor,
    id: number,
    input: unknown,
    today?: IsoDate,
    publication: { councilUrl: string | null } = { councilUrl: null },
  ) {
    const parts = await this.partsIn(actor.viewer, id);
    const event = parseInput(challengeEvent, input);
    if (!mayRecord(parts, event.kind))
      throw new ForbiddenError('Your part in this peer challenge does not record that');
    return this.db.transaction().execute(async (trx) => {
      const found = await repository.findForChange(trx, id);
      if (!found) throw new NotFoundError('Peer challenge', String(id));
      const next = await this.moveOn(trx, actor, found, event, today, publication.councilUrl);
      await bumpDataVersion(trx);
      return next;
    });
  }

  /** One event, checked, saved with its change of state (and publication) and audited. */
  private async moveOn(
    trx: Executor,
    actor: PageActor,
    found: FoundChallenge,
    event: ChallengeEvent,
    today: IsoDate | undefined,
    councilUrl: string | null,
  ) {
    const id = found.row.id;
    const before = factsOf(found.row, found.transitions);
    const result = transition(before, event, today);
    const kind = publishedBy(event.kind);
    const document = kind ? await documents.latestOf(trx, id, kind) : null;
    const problems = result.ok ? [] : [...result.problems];
    if (kind && !document)
      problems.push({
        field: 'document',
        text: `Upload the ${documentTitles[kind].toLowerCase()} before publishing it`,
      });
    if (!result.ok || problems.length > 0) throw new ChallengeEventRefused(problems);
    const next = result.next;
    const moved = next.state !== before.state;
    await repository.saveChange(
      trx,
      id,
      columnsOf(next),
      moved
        ? {
            from_state: before.state,
            to_state: next.state,
            on_date: event.on,
            reason: next.reason,
            by_user_id: actor.viewer.userId,
          }
        : null,
    );
    await writeChallengePlaces(trx, id);
    const published =
      kind && document
        ? { kind, documentId: document.id, version: document.version, councilUrl }
        : null;
    if (published)
      await documents.insertPublication(trx, {
        challenge_id: id,
        kind: published.kind,
        document_id: published.documentId,
        published_on: event.on,
        council_url: councilUrl,
      });
    await this.services.audit.record(
      {
        ...auditedBy(actor),
        action: 'peer-challenge-advanced',
        subject: found.row.area_code,
        before: { id, state: before.state },
        after: { id, event, ...(published ? { published } : {}) },
      },
      trx,
    );
    return next;
  }

  /**
   * Keeps an uploaded file as the next version of a challenge's document, audited: only a
   * PDF, DOCX or ODT by its bytes (DocumentRefused names the field), only by a part that may
   * upload that kind. The first position statement uploaded while the challenge is at scoping
   * also records its receipt, dated today: receiving the statement is the upload itself.
   */
  async uploadDocument(
    actor: PageActor,
    id: number,
    kind: DocumentKind,
    file: { name: string; content: Uint8Array },
    today: IsoDate,
  ) {
    const parts = await this.partsIn(actor.viewer, id);
    if (!mayDo(parts, uploadActs[kind]))
      throw new ForbiddenError(`Your part in this peer challenge does not upload its ${kind}`);
    const sniffed = sniffDocument(file.content);
    if (!sniffed.ok) throw new DocumentRefused(kind, refusalText(kind, sniffed.found));
    const format = documentFormats[sniffed.format];
    const fileName = cleanDocumentName(file.name, sniffed.format, kind);
    const sha256 = createHash('sha256').update(file.content).digest('hex');
    return this.db.transaction().execute(async (trx) => {
      const found = await repository.findForChange(trx, id);
      if (!found) throw new NotFoundError('Peer challenge', String(id));
      const made = await documents.insertDocument(trx, {
        challenge_id: id,
        kind,
        file_name: fileName,
        media_type: format.mediaType,
        sha256,
        content: file.content,
        uploaded_by_user_id: actor.viewer.userId,
        illustrative: false,
      });
      await this.services.audit.record(
        {
          ...auditedBy(actor),
          action: 'peer-challenge-document-uploaded',
          subject: found.row.area_code,
          after: {
            id,
            kind,
            documentId: made.id,
            version: made.version,
            fileName,
            sizeBytes: file.content.byteLength,
            sha256,
          },
        },
        trx,
      );
      const received = kind === 'position-statement' && found.row.state === 'scoping';
      if (received) {
        const event = { kind: 'receive-position-statement', on: today } as const;
        await this.moveOn(trx, actor, found, event, today, null);
        await bumpDataVersion(trx);
      }
      return { ...made, fileName, received };
    });
  }

  /** One of a challenge's documents, any version, for those taking part in it. */
  async document(viewer: ChallengeViewer, id: number, documentId: number) {
    await this.partsIn(viewer, id);
    const found = await documents.documentOf(this.db, id, documentId);
    if (!found) throw new NotFoundError('Peer challenge document', String(documentId));
    return found;
  }

  /**
   * The challenges the viewer takes part in as the council or on the team, newest first: the
   * council's and the peer's way in to their pages.
   */
  async mine(viewer: NonNullable<ChallengeViewer>) {
    const codes = [...new Set(viewer.memberships.map((m) => m.organisation))];
    const near = await documents.challengesNear(this.db, codes, viewer.userId);
    const kept = near.flatMap(({ row, members }) => {
      const parts = partsOf(viewer, members).filter((p) => p !== 'manager');
      return parts.length > 0 ? [{ row, parts }] : [];
    });
    const names = await this.services.areas.namesOf([...new Set(kept.map((k) => k.row.area_code))]);
    return kept.map(({ row, parts }) => ({
      ...row,
      areaName: names.get(row.area_code) ?? row.area_code,
      parts,
    }));
  }

  /**
   * Requests a challenge for a council, managed by whoever requests it: the request is checked
   * as the state machine checks it (a date not in the future, a window that makes sense), then
   * recorded. Its id; refused with every problem (ChallengeEventRefused).
   */
  async request(
    actor: PageActor,
    input: ChallengeRequest & { areaCode: string; programmeYear: string },
    today?: IsoDate,
  ): Promise<number> {
    requireAccess(actor.viewer, 'manage-peer-challenges', nationalOrganisation);
    const { areaCode, programmeYear, ...request } = input;
    const result = requestChallenge(request, today);
    if (!result.ok) throw new ChallengeEventRefused(result.problems);
    const window = result.next.window;
    return this.record(actor, {
      type: request.type,
      areaCode,
      programmeYear,
      window: window ? { start: window.from, end: window.to } : null,
      managerUserId: actor.viewer.userId,
      transitions: [{ to: 'requested', on: request.on }],
    });
  }

  /** The programme's challenges a filter keeps, a page of them, with where each stands on a day. */
  async list(viewer: AccessViewer, filter: ChallengeListFilter, today: IsoDate) {
    requireAccess(viewer, 'manage-peer-challenges', nationalOrganisation);
    const found = await repository.listChallenges(this.db, filter);
    const names = await this.services.areas.namesOf([
      ...new Set(found.map((f) => f.row.area_code)),
    ]);
    const listed: ListedChallenge[] = found.map(({ row, transitions }) => ({
      id: row.id,
      type: row.type,
      state: row.state,
      areaCode: row.area_code,
      areaName: names.get(row.area_code) ?? row.area_code,
      programmeYear: row.programme_year,
      window:
        row.window_start && row.window_end ? { from: row.window_start, to: row.window_end } : null,
      illustrative: row.illustrative,
      ...owing(deadlines(factsOf(row, transitions), today)),
    }));
    const kept = filter.overdue ? listed.filter((c) => c.overdue) : listed;
    const pages = Math.max(1, Math.ceil(kept.length / challengesPerPage));
    const page = Math.min(Math.max(1, filter.page ?? 1), pages);
    return {
      challenges: kept.slice((page - 1) * challengesPerPage, page * challengesPerPage),
      total: kept.length,
      page,
      pages,
      years: await repository.programmeYears(this.db),
    };
  }

  /**
   * One challenge as the viewer's part sees it: its record, facts, dated history, deadlines,
   * documents (every version) and what is published, and the events the viewer may record.
   */
  async one(viewer: ChallengeViewer, id: number, today: IsoDate) {
    const parts = await this.partsIn(viewer, id);
    const found = await repository.findChallenge(this.db, id);
    if (!found) throw new NotFoundError('Peer challenge', String(id));
    const { row, transitions } = found;
    const facts = factsOf(row, transitions);
    return {
      row,
      parts,
      area: await this.services.areas.getSummary(row.area_code),
      facts,
      transitions,
      allowed: allowedEvents(facts.state, facts.type).filter((e) => mayRecord(parts, e)),
      deadlines: deadlines(facts, today),
      documents: await documents.versionsOf(this.db, id),
      publications: await documents.publicationsOf(this.db, id),
    };
  }

  /** A challenge's deadlines on a day: report, action plan and progress review, with their state. */
  async deadlinesOf(id: number, today: IsoDate) {
    const found = await this.db.transaction().execute((trx) => repository.findForChange(trx, id));
    if (!found) throw new NotFoundError('Peer challenge', String(id));
    return deadlines(factsOf(found.row, found.transitions), today);
  }

  /**
   * Loads the scenario from the seeds, marked illustrative, unless it is loaded already: the
   * demo's programme history. How many challenges it recorded.
   */
  async loadScenario(): Promise<number> {
    const councils = await this.services.areas.listAreas({
      types: ['county', 'district', 'unitary', 'metropolitan-district', 'london-borough'],
    });
    const records = buildScenario(councils.filter((c) => c.nation === 'england'));
    return this.db.transaction().execute(async (trx) => {
      await repository.lockScenario(trx);
      if (await repository.hasIllustrative(trx)) return 0;
      const ids = await repository.insertChallenges(trx, records.map(scenarioRow));
      await bumpDataVersion(trx);
      return ids.length;
    });
  }

  /**
   * Loads the demo's live challenge (scenario.ts) unless one is open already, after the
   * history (which it follows, and whose presence it must not stand for); its id.
   */
  async loadLiveDemo(today: IsoDate): Promise<number> {
    const live = liveDemoChallenge(today);
    return this.db.transaction().execute(async (trx) => {
      await repository.lockScenario(trx);
      const history = programmeYearOf(scenarioEnd);
      const open = await repository.openIllustrative(trx, live.areaCode, history);
      if (open !== null) return open;
      const [id = 0] = await repository.insertChallenges(trx, [scenarioRow(live)]);
      await bumpDataVersion(trx);
      return id;
    });
  }

  /**
   * The programme's figures for every year, now or as at the end of a day, and for the year
   * asked for; a year with no challenge recorded (by then) is not found.
   */
  async figures(query: { year?: string; asAt?: string }): Promise<ProgrammeFigures> {
    const challenges = await repository.countedChallenges(this.db, query.asAt !== undefined);
    const years = countFigures(challenges, query.asAt);
    const chosen = query.year === undefined ? null : years.find((y) => y.year === query.year);
    if (chosen === undefined)
      throw new NotFoundError('Peer challenges recorded for programme year', query.year ?? '');
    return {
      asAt: query.asAt ?? null,
      illustrative: await repository.hasIllustrative(this.db),
      years,
      chosen,
    };
  }
}
