import { createHash } from 'node:crypto';
import { isMemberOf, requireAccess } from '../accounts/access.ts';
import type { AccountsService, Organisation } from '../accounts/accounts.service.ts';
import { mayAct, type Membership } from '../accounts/roles.ts';
import type { AuditService } from '../admin/admin.service.ts';
import type { AreasService } from '../areas/areas.service.ts';
import type { DataService } from '../data/data.service.ts';
import type { Db } from '../db/database.ts';
import type { ParsedSource } from '../imports/import.types.ts';
import type {
  ImportService,
  ImportSummary,
  Lodging,
  PublicationChoice,
} from '../imports/imports.service.ts';
import { BadRequestError, DataFileError, type DataProblem } from '../shared/errors.ts';
import { readUpload } from './upload-file.ts';
import * as repo from './uploads.repository.ts';
import type { UploadFormat } from './uploads.tables.ts';

export type { LodgedImport, UnpublishedValue } from './uploads.repository.ts';

/** How long an upload waits for its confirmation before it is deleted. */
export const uploadHours = 24;

/** The most imports and not-yet-public values the workspace lists. */
const listed = { imports: 50, values: 500 };

/** Who is lodging: a signed-in person, and where from, for the audit trail. */
export interface UploadActor {
  userId: number;
  email: string;
  memberships: readonly Membership[];
  address: string | null;
}

/** A file as it came: its name, its format, and its bytes. */
export interface UploadedFile {
  name: string;
  format: UploadFormat;
  content: Uint8Array;
}

/** A preview: every problem (nothing kept), or the dry run's summary and the upload kept. */
export type Preview =
  { ok: false; problems: DataProblem[] } | { ok: true; uploadId: number; summary: ImportSummary };

/** A confirmed upload: the import (null when every value was already held as it is). */
export type Lodged =
  | { ok: true; importId: number | null; summary: ImportSummary }
  | { ok: false; problems: DataProblem[] };

const byRow = (a: DataProblem, b: DataProblem) =>
  (a.row ?? 0) - (b.row ?? 0) || (a.column ?? '').localeCompare(b.column ?? '');

/**
 * Councils lodging their own data (issue 17): a data steward's file, read by the CLI's tidy-csv
 * reader with the upload template's mapping, previewed as a dry run with every problem, kept in
 * the database until they confirm it with a publication choice, then imported as their
 * organisation's. A steward lodges values only for their own council's area (by its current or
 * a former code) and only for metrics openlg already defines: the template defines none, so a
 * national metric's definition cannot be changed from a council's file.
 */
export class UploadsService {
  constructor(
    private readonly deps: {
      imports: ImportService;
      areas: AreasService;
      data: DataService;
      accounts: AccountsService;
      audit: AuditService;
      db: Db;
    },
  ) {}

  /** The organisation whose data `viewer` works on: refused unless they may lodge its data. */
  async organisation(viewer: UploadActor | null, code: string): Promise<Organisation> {
    try {
      requireAccess(viewer, 'lodge-data', code);
    } catch (error) {
      if (viewer) await this.refused(viewer, code, { reason: 'not allowed to lodge data' });
      throw error;
    }
    return this.deps.accounts.organisation(code);
  }

  /** Reads and checks a file as a dry run; keeps it for confirmation when nothing is wrong. */
  async preview(actor: UploadActor, code: string, file: UploadedFile): Promise<Preview> {
    const organisation = await this.organisation(actor, code);
    await repo.deleteExpiredUploads(this.deps.db);
    const checked = await this.dryRun(actor, organisation, file);
    if (!checked.ok) {
      await this.refused(actor, code, {
        file: file.name,
        problems: checked.problems.length,
        first: checked.problems.slice(0, 5),
      });
      return checked;
    }
    const uploadId = await repo.insertUpload(this.deps.db, {
      organisationId: organisation.id,
      userId: actor.userId,
      fileName: file.name,
      format: file.format,
      checksum: checksum(file.content),
      content: file.content,
      expiresAt: new Date(Date.now() + uploadHours * 3_600_000),
    });
    return { ok: true, uploadId, summary: checked.summary };
  }

  /** A kept upload with its dry run as it stands now; refused when it is not theirs, or gone. */
  async pending(actor: UploadActor, code: string, id: number) {
    const organisation = await this.organisation(actor, code);
    const upload = await this.kept(actor, organisation, id);
    return { upload, preview: await this.dryRun(actor, organisation, fileOf(upload)) };
  }

  /**
   * Imports a kept upload as its organisation's, published as chosen (a restriction shared with
   * the organisations `audience` names, by code), and deletes it: an upload is used once.
   */
  async confirm(
    actor: UploadActor,
    code: string,
    id: number,
    publication: PublicationChoice,
    audience: readonly Organisation[],
  ): Promise<Lodged> {
    const organisation = await this.organisation(actor, code);
    const upload = await this.kept(actor, organisation, id);
    if (checksum(upload.content) !== upload.checksum)
      throw new BadRequestError('The uploaded file was changed after its preview: upload it again');
    const lodging = lodgingOf(actor, organisation, audience);
    const parsed = await this.parse(organisation, fileOf(upload));
    if (!parsed.ok) return parsed;
    let summary: ImportSummary;
    try {
      summary = await this.deps.imports.run(parsed.source, {
        publication,
        lodging,
        command: `upload by ${actor.email}`,
      });
    } catch (error) {
      if (error instanceof DataFileError) return { ok: false, problems: error.problems };
      throw error;
    }
    await repo.deleteUpload(this.deps.db, upload.id);
    await this.deps.audit.record({
      userId: actor.userId,
      actor: actor.email,
      address: actor.address,
      action: 'upload-confirmed',
      subject: organisation.code,
      after: {
        importId: summary.importId,
        file: upload.fileName,
        publication: publication.state,
        until: publication.state === 'published' ? null : (publication.until ?? null),
        audience: lodging.audience.length > 0 ? audience.map((o) => o.code) : [],
        values: summary.valuesInserted + summary.valuesUpdated,
      },
    });
    return { ok: true, importId: summary.importId, summary };
  }

  /** The organisation's lodged imports and, as far as `viewer` may see them, its values not yet public. */
  /**
   * Read by the organisation's own people (whatever their role) and by whoever may lodge its
   * data; only the latter may upload.
   */
  async workspace(viewer: UploadActor, code: string) {
    const mayLodge = mayAct(viewer.memberships, 'lodge-data', code);
    const organisation =
      isMemberOf(viewer, code) && !mayLodge
        ? await this.deps.accounts.organisation(code)
        : await this.organisation(viewer, code);
    const sight = await this.deps.data.sightOf(viewer);
    const [imports, values] = await Promise.all([
      repo.lodgedImports(this.deps.db, organisation.id, listed.imports),
      repo.unpublishedValues(this.deps.db, organisation.id, sight, listed.values),
    ]);
    return { organisation, mayLodge, imports, values, valuesLimit: listed.values };
  }

  /** The organisations a restriction names, by code: councils (by GSS code) or clubs. */
  async audienceOf(codes: readonly string[]): Promise<Organisation[]> {
    return Promise.all(codes.map((code) => this.deps.accounts.organisation(code)));
  }

  private async kept(actor: UploadActor, organisation: Organisation, id: number) {
    const upload = await repo.findUpload(this.deps.db, {
      id,
      userId: actor.userId,
      organisationId: organisation.id,
    });
    if (!upload)
      throw new BadRequestError(
        'This upload has expired or was already used: upload the file again',
        'file',
      );
    return upload;
  }

  private async dryRun(
    actor: UploadActor,
    organisation: Organisation,
    file: UploadedFile,
  ): Promise<{ ok: true; summary: ImportSummary } | { ok: false; problems: DataProblem[] }> {
    const parsed = await this.parse(organisation, file);
    if (!parsed.ok) return parsed;
    try {
      const summary = await this.deps.imports.run(parsed.source, {
        dryRun: true,
        lodging: lodgingOf(actor, organisation, []),
      });
      return { ok: true, summary };
    } catch (error) {
      if (error instanceof DataFileError)
        return { ok: false, problems: [...error.problems].sort(byRow) };
      throw error;
    }
  }

  /**
   * The file read by the template, with each row for another council's area refused (named by
   * row and column) and left out, so that the import's own checks report the rest.
   */
  private async parse(
    organisation: Organisation,
    file: UploadedFile,
  ): Promise<{ ok: true; source: ParsedSource } | { ok: false; problems: DataProblem[] }> {
    let source: ParsedSource;
    try {
      source = await readUpload(file.content, file.name, file.format);
    } catch (error) {
      if (error instanceof DataFileError) return { ok: false, problems: error.problems };
      throw error;
    }
    const own = await this.ownCodes(organisation);
    const theirs = source.observations.filter((o) => own.has(o.area.value.trim().toUpperCase()));
    const others = source.observations.filter((o) => !theirs.includes(o));
    source.problems.push(
      ...others.map((o) => ({
        file: o.file,
        row: o.row,
        column: o.columns?.area ?? 'area',
        message: `"${o.area.value.slice(0, 20)}" is not ${organisation.name}: a steward lodges values for their own council only (${organisation.code})`,
      })),
    );
    source.observations = theirs;
    return { ok: true, source };
  }

  /** The council's own codes: its current one and any former codes of the same area. */
  private async ownCodes(organisation: Organisation): Promise<Set<string>> {
    const own = new Set([organisation.code.toUpperCase()]);
    if (organisation.kind !== 'council') return own;
    const found = await this.deps.areas.getArea(organisation.code);
    if ('found' in found)
      for (const identifier of found.found.identifiers)
        if (identifier.scheme === 'former-gss') own.add(identifier.identifier.toUpperCase());
    return own;
  }

  private refused(actor: UploadActor, code: string, after: Record<string, unknown>) {
    return this.deps.audit.record({
      userId: actor.userId,
      actor: actor.email,
      address: actor.address,
      action: 'upload-refused',
      subject: code,
      after,
    });
  }
}

function checksum(content: Uint8Array): string {
  return createHash('sha256').update(content).digest('hex');
}

function fileOf(upload: repo.PendingUpload): UploadedFile {
  return { name: upload.fileName, format: upload.format, content: upload.content };
}

function lodgingOf(
  actor: UploadActor,
  organisation: Organisation,
  audience: readonly Organisation[],
): Lodging {
  return {
    organisationId: organisation.id,
    userId: actor.userId,
    actor: actor.email,
    audience: audience.map((o) => o.id).filter((id) => id !== organisation.id),
  };
}
