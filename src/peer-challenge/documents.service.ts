import { createHash } from 'node:crypto';
import type { AreasService } from '../areas/areas.service.ts';
import { bumpDataVersion } from '../db/data-version.ts';
import type { Db } from '../db/database.ts';
import { NotFoundError } from '../shared/errors.ts';
import { challengeType } from './challenge-types.ts';
import { formatDate } from '../shared/format.ts';
import { documentFormats, documentTitles, type PublishedKind } from './documents.ts';
import * as repository from './documents.repository.ts';
import type { ChallengeType } from './vocabulary.ts';
import { onePagePdf } from './illustrative-pdf.ts';

/** How many of the demo's illustrative challenges get published documents. */
const illustrativeCount = 6;

/** A published document as the public list shows it. */
export interface PublishedDocument {
  challengeId: number;
  kind: PublishedKind;
  areaCode: string;
  areaName: string;
  type: ChallengeType;
  programmeYear: string;
  publishedOn: string;
  councilUrl: string | null;
  fileName: string;
  sizeBytes: number;
  illustrative: boolean;
}

/**
 * The peer challenge documents the councils published (issue 20): public, like the programme's
 * figures. Only the version a publishing event named is ever served here; position statements
 * and drafts are the challenge's parts' alone (PeerChallengeService.document).
 */
export class PublishedDocumentsService {
  constructor(
    private readonly db: Db,
    private readonly services: { areas: AreasService },
  ) {}

  /** Every published report and action plan, by council name, then newest first. */
  async list(): Promise<PublishedDocument[]> {
    const rows = await repository.publishedDocuments(this.db);
    const names = await this.services.areas.namesOf([...new Set(rows.map((r) => r.area_code))]);
    const listed = rows.map((r) => ({
      challengeId: r.challenge_id,
      kind: r.kind,
      areaCode: r.area_code,
      areaName: names.get(r.area_code) ?? r.area_code,
      type: r.type,
      programmeYear: r.programme_year,
      publishedOn: r.published_on,
      councilUrl: r.council_url,
      fileName: r.file_name,
      sizeBytes: r.size_bytes,
      illustrative: r.illustrative,
    }));
    return listed.sort(
      (a, b) =>
        a.areaName.localeCompare(b.areaName) ||
        b.publishedOn.localeCompare(a.publishedOn) ||
        a.kind.localeCompare(b.kind),
    );
  }

  /** Exactly the published version of a challenge's report or action plan. */
  async download(challengeId: number, kind: PublishedKind) {
    const found = await repository.publishedContent(this.db, challengeId, kind);
    if (!found) throw new NotFoundError('Published peer challenge document', String(challengeId));
    return found;
  }

  /**
   * Gives a few of the demo's illustrative challenges a published report and action plan,
   * one-page PDFs made here that say they are illustrative, unless it has done so already: so
   * that the public list has something in it. How many documents it added.
   */
  async loadIllustrative(): Promise<number> {
    // Read before the transaction: the area names come through another service's connection.
    const chosen = await repository.illustrativePublished(this.db, illustrativeCount);
    const names = await this.services.areas.namesOf(chosen.map((c) => c.area_code));
    return this.db.transaction().execute(async (trx) => {
      await repository.lockIllustrative(trx);
      if (await repository.hasIllustrativeDocuments(trx)) return 0;
      let added = 0;
      for (const c of chosen)
        for (const [kind, on] of [
          ['report', c.report_on],
          ['action-plan', c.action_plan_on],
        ] as const) {
          if (on === null) continue;
          const council = names.get(c.area_code) ?? c.area_code;
          const content = illustrativeDocument(kind, council, challengeType(c.type).title, on);
          const made = await repository.insertDocument(trx, {
            challenge_id: c.id,
            kind,
            file_name: `${council} ${kind} (illustrative).pdf`.replace(/[^A-Za-z0-9 _().-]+/g, '_'),
            media_type: documentFormats.pdf.mediaType,
            sha256: createHash('sha256').update(content).digest('hex'),
            content,
            uploaded_by_user_id: null,
            illustrative: true,
          });
          await repository.insertPublication(trx, {
            challenge_id: c.id,
            kind,
            document_id: made.id,
            published_on: on,
            council_url: null,
          });
          added++;
        }
      if (added > 0) await bumpDataVersion(trx);
      return added;
    });
  }
}

/** An illustrative document's one page: what it stands for, and that it is not real. */
function illustrativeDocument(kind: PublishedKind, council: string, type: string, on: string) {
  return onePagePdf(`${type}: ${council}. ${documentTitles[kind]}`, [
    'ILLUSTRATIVE DOCUMENT, made by openlg for its demo.',
    '',
    `This stands for the ${documentTitles[kind].toLowerCase()} of an illustrative record in the`,
    "peer challenge programme's history, published on " + `${formatDate(on)}.`,
    `It is not a real document of ${council}, nor of the programme.`,
    'Its words are not a finding about any council.',
  ]);
}
