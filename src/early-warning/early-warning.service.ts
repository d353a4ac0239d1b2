import { z } from 'zod';
import { requireAccess, type AccessViewer } from '../accounts/access.ts';
import { auditedBy, type PageActor } from '../accounts/actor.ts';
import { nationalOrganisation } from '../accounts/roles.ts';
import type { AuditService } from '../admin/admin.service.ts';
import type { AreasService } from '../areas/areas.service.ts';
import type { ComparisonService } from '../comparison/comparison.service.ts';
import type { Db } from '../db/database.ts';
import type { ImportSummary } from '../imports/imports.service.ts';
import type { OverviewService } from '../overview/overview.service.ts';
import { NotFoundError } from '../shared/errors.ts';
import { silentProgress, type Progress } from '../shared/progress.ts';
import { evaluate, type Council, type Evidence, type Inputs } from './evaluate.ts';
import * as repository from './early-warning.repository.ts';
import { noteKinds, type NoteKind } from './early-warning.tables.ts';
import { readyMadeRules } from './ready-made-rules.ts';
import type { RuleSet } from './rules.schema.ts';

/** How far back "what changed" looks on the watch list. */
export const changesWindowDays = 30;

const evidenceSchema = z.array(
  z.object({
    metric: z.string(),
    title: z.string(),
    period: z.string(),
    value: z.number(),
    against: z
      .object({ label: z.string(), period: z.string().nullable(), value: z.number() })
      .nullable(),
    finding: z.string(),
  }),
);

export interface FlagView {
  id: number;
  area: string;
  rule: { id: string; title: string; why: string };
  theme: { slug: string; title: string };
  summary: string;
  evidence: Evidence[];
  raisedAt: Date;
  clearedAt: Date | null;
}

export interface RecomputeResult {
  flags: number;
  raised: number;
  cleared: number;
  councils: number;
  seconds: number;
}

/** A note as an adviser writes it; checked again here, whatever the page checked. */
export const noteInput = z.object({
  kind: z.enum(noteKinds, { error: 'Choose what kind of note this is' }),
  body: z
    .string()
    .trim()
    .min(1, { error: 'Enter the note' })
    .max(4_000, { error: 'The note must be 4,000 characters or fewer' }),
});
export type NoteInput = z.infer<typeof noteInput>;

/**
 * Early warning (issue 19): the rules applied to every current English council whenever the
 * figures they read change, the flags kept with the figures that raised them, and advisers'
 * notes. Every read and write asks requireAccess for 'read-early-warnings' on the national
 * programme's organisation: improvement advisers there and administrators, no one else.
 */
export class EarlyWarningService {
  constructor(
    private readonly db: Db,
    private readonly services: {
      overview: OverviewService;
      comparison: ComparisonService;
      areas: AreasService;
      audit: AuditService;
    },
    readonly rules: RuleSet = readyMadeRules,
  ) {}

  /** The one check every reader and writer passes. */
  static require(viewer: AccessViewer): asserts viewer is NonNullable<AccessViewer> {
    requireAccess(viewer, 'read-early-warnings', nationalOrganisation);
  }

  /** Every metric a rule reads: a change to any of them changes the flags. */
  metrics(): string[] {
    const slugs = new Set<string>();
    const basketsRead = new Set<string>();
    for (const rule of this.rules.rules) {
      if (rule.kind === 'low-and-worsening') rule.themes.forEach((t) => basketsRead.add(t.basket));
      else if (rule.kind === 'sharp-fall' || rule.kind === 'outlier')
        rule.baskets.forEach((b) => basketsRead.add(b));
      else slugs.add(rule.metric);
    }
    for (const slug of basketsRead)
      for (const measure of this.services.overview.basket(slug).measures) slugs.add(measure.metric);
    return [...slugs];
  }

  themeTitle(slug: string): string {
    const named = this.rules.themes[slug];
    if (named) return named;
    return this.services.overview.baskets.find((b) => b.slug === slug)?.title ?? slug;
  }

  private async inputs(progress: Progress): Promise<Inputs> {
    const councils = await this.services.overview.councils();
    progress.step(`Reading the comparison groups of ${councils.length} councils`);
    const withGroups: Council[] = [];
    for (const council of councils) {
      const { members } = await this.services.comparison.groupOf(council.code);
      withGroups.push({
        code: council.code,
        type: council.type,
        group: members.filter((code) => code !== council.code),
      });
    }
    const measures = await this.services.overview.figuresOf(
      this.metrics(),
      councils.map((c) => c.code),
      progress,
    );
    const directions = new Map<string, Awaited<ReturnType<OverviewService['directions']>>>();
    for (const rule of this.rules.rules)
      if (rule.kind === 'low-and-worsening')
        for (const theme of rule.themes)
          directions.set(
            theme.basket,
            await this.services.overview.directions(theme.basket, rule.baseline),
          );
    const baskets = this.services.overview.baskets.map((basket) => ({
      slug: basket.slug,
      measures: basket.measures.map((m) => ({
        metric: m.metric,
        polarity: m.polarity?.value ?? null,
        useIntervals: m.useIntervals,
        tolerance: m.tolerance,
        methodChanges: m.methodChanges.map((c) => c.from.slice(0, 10)),
      })),
    }));
    return { councils: withGroups, baskets, measures, directions };
  }

  /** Applies every rule to every council again, and keeps what it raises. */
  async recompute(progress: Progress = silentProgress): Promise<RecomputeResult> {
    const started = performance.now();
    const inputs = await this.inputs(progress);
    const flags = evaluate(this.rules, inputs);
    const kept = await repository.keepFlags(
      this.db,
      flags.map((f) => ({
        area_code: f.area,
        rule: f.rule,
        theme: f.theme,
        summary: f.summary,
        evidence: f.evidence,
      })),
      this.rules.version,
    );
    progress.done(
      `Early warning: ${flags.length} flags (${kept.raised} new, ${kept.cleared} cleared)`,
    );
    return {
      flags: flags.length,
      ...kept,
      councils: inputs.councils.length,
      seconds: (performance.now() - started) / 1000,
    };
  }

  /** After an import (the overview already worked out again): if it wrote a metric a rule reads. */
  async afterImport(slugs: ReadonlySet<string>, progress: Progress): Promise<ImportSummary[]> {
    // Never built: the demo loading file by file; serve's start builds it once, after them all.
    if ((await repository.lastBuild(this.db)) === null) return [];
    if (this.metrics().some((slug) => slugs.has(slug))) await this.recompute(progress);
    return [];
  }

  /** Works the flags out again if never built, built by other rules, or older than the figures. */
  async recomputeIfDue(progress: Progress = silentProgress): Promise<RecomputeResult | null> {
    const build = await repository.lastBuild(this.db);
    const overview = await this.services.overview.lastBuilt();
    const due =
      build === null ||
      build.rule_version !== this.rules.version ||
      (overview !== null && overview > build.built_at) ||
      (await repository.liftedSinceBuilt(this.db, this.metrics()));
    return due ? this.recompute(progress) : null;
  }

  private view(record: repository.FlagRecord): FlagView {
    // A cleared flag may have been raised by a rule a later version of the set dropped.
    const rule = this.rules.rules.find((r) => r.id === record.rule) ?? {
      id: record.rule,
      title: record.rule,
      why: `A rule of version ${record.rule_version} of the rules, no longer in use.`,
    };
    return {
      id: record.id,
      area: record.area_code,
      rule: { id: rule.id, title: rule.title, why: rule.why },
      theme: { slug: record.theme, title: this.themeTitle(record.theme) },
      summary: record.summary,
      evidence: evidenceSchema.parse(record.evidence),
      raisedAt: record.raised_at,
      clearedAt: record.cleared_at,
    };
  }

  /**
   * The watch list: every council with a standing flag, most flags first, with the flags raised
   * and cleared in the last 30 days and the latest note on each.
   */
  async watchList(viewer: AccessViewer, now = new Date()) {
    EarlyWarningService.require(viewer);
    const since = new Date(now.getTime() - changesWindowDays * 86_400_000);
    const flags = (await repository.flagsSince(this.db, since)).map((f) => this.view(f));
    const names = await this.services.areas.namesOf([...new Set(flags.map((f) => f.area))]);
    const notes = new Map((await repository.latestNotes(this.db)).map((n) => [n.area_code, n]));
    const byArea = new Map<string, FlagView[]>();
    for (const flag of flags) byArea.set(flag.area, [...(byArea.get(flag.area) ?? []), flag]);
    const councils = [...byArea].map(([code, all]) => {
      const standing = all.filter((f) => f.clearedAt === null);
      return {
        code,
        name: names.get(code) ?? code,
        standing,
        raised: standing.filter((f) => f.raisedAt >= since),
        cleared: all.filter((f) => f.clearedAt !== null),
        latestNote: notes.get(code) ?? null,
      };
    });
    councils.sort((a, b) => b.standing.length - a.standing.length || a.name.localeCompare(b.name));
    return {
      since,
      build: await repository.lastBuild(this.db),
      councils,
    };
  }

  /** One council's flags, standing and past, each with its evidence, and its notes. */
  async council(viewer: AccessViewer, areaCode: string) {
    EarlyWarningService.require(viewer);
    const area = await this.services.areas.getSummary(areaCode);
    const flags = (await repository.flagsOf(this.db, area.code)).map((f) => this.view(f));
    return {
      area,
      standing: flags.filter((f) => f.clearedAt === null),
      past: flags.filter((f) => f.clearedAt !== null),
      notes: await repository.notesOf(this.db, area.code),
    };
  }

  /** Records an adviser's note on a council, audited in the same transaction. */
  async addNote(actor: PageActor, areaCode: string, input: NoteInput) {
    EarlyWarningService.require(actor.viewer);
    const area = await this.services.areas.getSummary(areaCode);
    if (area.nation !== 'england') throw new NotFoundError('Council', areaCode);
    const note = noteInput.parse(input);
    return this.db.transaction().execute(async (trx) => {
      const made = await repository.addNote(trx, {
        area_code: area.code,
        kind: note.kind,
        body: note.body,
        user_id: actor.viewer.userId,
        author: actor.viewer.name,
      });
      await this.services.audit.record(
        {
          ...auditedBy(actor),
          action: 'early-warning-note-added',
          subject: area.code,
          after: { id: made.id, kind: made.kind, body: made.body },
        },
        trx,
      );
      return made;
    });
  }
}

export const noteKindNames: Readonly<Record<NoteKind, string>> = {
  note: 'General note',
  'meeting-held': 'Meeting held',
  'peer-support-offered': 'Peer support offered',
  'mentor-assigned': 'Mentor assigned',
  closed: 'Closed: no further support needed',
};
