import { z } from 'zod';
import { requireAccess, type AccessViewer } from '../accounts/access.ts';
import { auditedBy } from '../accounts/actor.ts';
import { mayAct } from '../accounts/roles.ts';
import type { AuditService } from '../admin/admin.service.ts';
import type { Db, Executor } from '../db/database.ts';
import { BadRequestError, NotFoundError } from '../shared/errors.ts';
import { parseInput } from '../shared/validation.ts';
import { readAggregates } from './aggregates.repository.ts';
import { stepsOf, councilTaxLevels } from './balance.ts';
import {
  meanOf,
  suppressSmallGroups,
  ukDayOf,
  type Figure,
  type Suppressed,
} from './results-maths.ts';
import * as comments from './comments.repository.ts';
import * as results from './results.repository.ts';
import { resultsFrom, type Count, type VersionResult } from './results.ts';
import {
  rulesOf,
  simulationDefinition,
  type LocalText,
  type SimulationDefinition,
} from './simulation.schema.ts';
import * as repository from './simulations.repository.ts';
import type { EditorActor } from './simulations.service.ts';
import type { CommentStatus, SimulationState } from './simulations.tables.ts';

/** Who reads results: the council's editors (everything), or the public (aggregates only). */
export type Audience = 'editors' | 'public';

export interface VersionResults {
  version: number;
  definition: SimulationDefinition;
  result: VersionResult;
}

export interface ResultsView {
  slug: string;
  organisation: string;
  state: SimulationState;
  illustrative: boolean;
  resultsPublic: boolean;
  audience: Audience;
  /** Every version residents were shown, oldest first, with its kept results. */
  versions: VersionResults[];
  /** How often the form was first shown, per UK day (counted since migration 0038). */
  formViews: { day: string; shown: number }[];
  adopted: results.AdoptedRow | null;
}

export interface GroupFigures {
  /** Line id to the mean percent chosen. */
  means: Record<string, Figure>;
  meanBasisPoints: Figure;
}

/** A group's answer: one of a list's, typed (a postcode district), or none given. */
export type GroupAnswer =
  { kind: 'option'; label: LocalText } | { kind: 'typed'; text: string } | { kind: 'none' };

export interface Breakdown {
  version: number;
  question: { id: string; label: LocalText };
  /** One group per answer, and one for those who gave none; small groups suppressed. */
  groups: (Suppressed<GroupFigures> & { answer: GroupAnswer })[];
}

/** What a reader of the results may read of the comments. */
export interface CommentsView {
  /** Newest first, at most `commentsListed`. */
  approved: comments.CommentRow[];
  approvedTotal: number;
  /** For the editors: how many wait for a decision, and how many are hidden. */
  waiting: { pending: number; hidden: number } | null;
}

/** At most this many comments are listed at once, newest first. */
export const commentsListed = 200;

/** At most this many flagged responses are listed at once, newest first. */
export const flaggedListed = 200;

const adoptedInput = z
  .object({
    version: z.number().int().positive(),
    percents: z.record(z.string().max(60), z.number().int()),
    councilTaxBasisPoints: z.number().int().nullable(),
  })
  .strict();

/** The public's counts: only what moderation kept, never the excluded responses' share. */
const includedOnly = (count: Count): Count => ({ all: count.included, included: count.included });

function publicResult(result: VersionResult): VersionResult {
  return {
    version: result.version,
    lines: result.lines.map((l) => ({
      id: l.id,
      responses: includedOnly(l.responses),
      percentSum: includedOnly(l.percentSum),
      steps: l.steps.map((s) => ({ percent: s.percent, responses: includedOnly(s.responses) })),
    })),
    councilTax: result.councilTax.map((c) => ({ ...c, responses: includedOnly(c.responses) })),
    days: result.days.map((d) => ({ ...d, responses: includedOnly(d.responses) })),
    durations: result.durations.map((d) => ({ ...d, responses: includedOnly(d.responses) })),
  };
}

/**
 * A budget simulation's results (issue 21), read from the aggregates kept as responses arrive:
 * its editors see everything, moderate flagged responses, enter the budget the council adopted
 * and choose whether the public sees the results; the public then sees only the figures of the
 * responses moderation kept, with small groups suppressed. Each change is audited.
 */
export class SimulationResultsService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
  ) {}

  /** Who `viewer` reads the results as; refused when the results are not theirs to read. */
  private async readable(viewer: AccessViewer, slug: string) {
    const simulation = await repository.findSimulation(this.db, slug);
    const opened = simulation && (await repository.latestVersion(this.db, simulation.id, true));
    const editor =
      simulation !== null &&
      viewer !== null &&
      mayAct(viewer.memberships, 'edit-simulations', simulation.organisation_code);
    // A draft's results do not exist for anyone but its editors.
    if (!simulation || (!opened && !editor)) throw new NotFoundError('Simulation', slug);
    const open = await results.resultsPublic(this.db, simulation.id);
    if (!editor && !open) requireAccess(viewer, 'edit-simulations', simulation.organisation_code);
    const audience: Audience = editor ? 'editors' : 'public';
    return { simulation, audience, open };
  }

  /** Whether anyone may read a simulation's results without signing in. */
  async isPublic(slug: string): Promise<boolean> {
    const simulation = await repository.findSimulation(this.db, slug);
    return simulation !== null && (await results.resultsPublic(this.db, simulation.id));
  }

  async view(viewer: AccessViewer, slug: string): Promise<ResultsView> {
    const { simulation, audience, open } = await this.readable(viewer, slug);
    const [rows, versions, formViews, adopted] = await Promise.all([
      readAggregates(this.db, simulation.id),
      results.openedVersions(this.db, simulation.id),
      results.formViews(this.db, simulation.id),
      results.adoptedBudget(this.db, simulation.id),
    ]);
    const kept = resultsFrom(rows);
    return {
      slug: simulation.slug,
      organisation: simulation.organisation_code,
      state: simulation.state,
      illustrative: simulation.illustrative,
      resultsPublic: open,
      audience,
      versions: versions.map((v) => {
        const counted = kept.find((r) => r.version === v.version) ?? {
          version: v.version,
          lines: [],
          councilTax: [],
          days: [],
          durations: [],
        };
        return {
          version: v.version,
          definition: simulationDefinition.parse(v.definition),
          result: audience === 'public' ? publicResult(counted) : counted,
        };
      }),
      formViews: audience === 'editors' ? formViews : [],
      adopted,
    };
  }

  /** The responses flagged or excluded, with their answers: for the editors alone. */
  async flagged(actor: EditorActor, slug: string) {
    const simulation = await this.editable(this.db, actor, slug);
    return results.flaggedResponses(this.db, simulation.id, flaggedListed);
  }

  /**
   * A version's included responses by their answer to one "about you" question, each group's
   * mean change per line and mean council-tax level, groups of fewer than 10 suppressed.
   */
  async breakdown(
    viewer: AccessViewer,
    slug: string,
    version: VersionResults,
    questionId: string,
  ): Promise<Breakdown> {
    const { simulation } = await this.readable(viewer, slug);
    const question = version.definition.aboutYou.find((q) => q.id === questionId);
    const stored = await repository.findVersion(this.db, simulation.id, version.version);
    if (!question || !stored) throw new NotFoundError('Question', questionId);
    const lines = rulesOf(version.definition).lines.map((l) => l.id);
    const rows = await results.answerGroups(
      this.db,
      { simulationId: simulation.id, versionId: stored.id },
      question.id,
      lines,
    );
    const options: { answer: string; label: GroupAnswer }[] =
      question.kind === 'choice'
        ? question.options.map((o) => ({ answer: o.id, label: { kind: 'option', label: o.label } }))
        : rows
            .filter((r) => r.answer !== '')
            .map((r) => ({ answer: r.answer, label: { kind: 'typed', text: r.answer } }));
    const labelled = [...options, { answer: '', label: { kind: 'none' } as const }];
    const groups = labelled.map(({ answer }) => {
      const row = rows.find((r) => r.answer === answer);
      const responses = row?.responses ?? 0;
      return {
        key: answer,
        responses,
        figures: {
          means: Object.fromEntries(
            lines.map((id) => [id, meanOf(row?.percentSums[id] ?? 0, responses)]),
          ),
          meanBasisPoints: meanOf(row?.basisPointsSum ?? 0, responses),
        },
      };
    });
    return {
      version: version.version,
      question: { id: question.id, label: question.label },
      groups: suppressSmallGroups(groups).map((g) => ({
        ...g,
        answer: labelled.find((l) => l.answer === g.key)?.label ?? { kind: 'typed', text: g.key },
      })),
    };
  }

  /**
   * The approved comments the viewer may read, newest first: the public's only of responses
   * moderation kept; the editors' all, with how many wait for a decision or are hidden.
   */
  async comments(viewer: AccessViewer, slug: string): Promise<CommentsView> {
    const { simulation, audience } = await this.readable(viewer, slug);
    const editors = audience === 'editors';
    const [approved, counts] = await Promise.all([
      comments.listComments(this.db, simulation.id, 'approved', {
        limit: commentsListed,
        keptOnly: !editors,
      }),
      comments.commentCounts(this.db, simulation.id),
    ]);
    return {
      approved,
      approvedTotal: editors ? counts.approved : counts.approvedKept,
      waiting: editors ? { pending: counts.pending, hidden: counts.hidden } : null,
    };
  }

  /** A simulation's comments in one state, with the counts of each: for its editors alone. */
  async commentsToModerate(actor: EditorActor, slug: string, status: CommentStatus) {
    const simulation = await this.editable(this.db, actor, slug);
    const [rows, counts] = await Promise.all([
      comments.listComments(this.db, simulation.id, status, {
        limit: commentsListed,
        keptOnly: false,
      }),
      comments.commentCounts(this.db, simulation.id),
    ]);
    return { rows, counts };
  }

  /** Counts one showing of a simulation's form to residents (not its recalculations). */
  async countFormView(slug: string, at: Date): Promise<void> {
    const simulation = await repository.findSimulation(this.db, slug);
    if (!simulation) return;
    const shard = Math.floor(Math.random() * repository.aggregateShards);
    await results.countFormView(this.db, simulation.id, ukDayOf(at), shard);
  }

  /** Shows the results to the public, or stops. */
  async setPublic(actor: EditorActor, slug: string, open: boolean): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const simulation = await this.editable(trx, actor, slug, true);
      await results.setResultsPublic(trx, simulation.id, open);
      await this.audit.record(
        {
          ...auditedBy(actor),
          action: open ? 'simulation-results-published' : 'simulation-results-withdrawn',
          subject: simulation.organisation_code,
          after: { slug: simulation.slug },
        },
        trx,
      );
    });
  }

  /**
   * Records the budget the council adopted, in the terms of one version residents answered:
   * each line's change must be one of its steps, the council-tax level one of the lever's.
   */
  async setAdopted(actor: EditorActor, slug: string, input: unknown): Promise<void> {
    const adopted = parseInput(adoptedInput, input);
    await this.db.transaction().execute(async (trx) => {
      const simulation = await this.editable(trx, actor, slug, true);
      const version = await repository.findVersion(trx, simulation.id, adopted.version);
      if (!version || version.opened_at === null)
        throw new NotFoundError('Simulation version', String(adopted.version));
      const rules = rulesOf(simulationDefinition.parse(version.definition));
      for (const [id, percent] of Object.entries(adopted.percents)) {
        const line = rules.lines.find((l) => l.id === id);
        if (!line) throw new BadRequestError(`There is no line ${id}`, `line-${id}`);
        if (!stepsOf(line).includes(percent))
          throw new BadRequestError(`${percent}% is not one of the steps`, `line-${id}`);
      }
      const level = adopted.councilTaxBasisPoints;
      if (
        level !== null &&
        (!rules.councilTax || !councilTaxLevels(rules.councilTax).includes(level))
      )
        throw new BadRequestError('That is not one of the council-tax levels', 'council-tax');
      await results.saveAdoptedBudget(trx, {
        simulation_id: simulation.id,
        version_id: version.id,
        choices: adopted.percents,
        council_tax_basis_points: level,
        entered_at: new Date(),
        entered_by_user_id: actor.viewer.userId,
      });
      await this.audit.record(
        {
          ...auditedBy(actor),
          action: 'simulation-adopted-budget-entered',
          subject: simulation.organisation_code,
          after: { slug: simulation.slug, ...adopted },
        },
        trx,
      );
    });
  }

  private async editable(db: Executor, actor: EditorActor, slug: string, forUpdate = false) {
    const simulation = await repository.findSimulation(db, slug, forUpdate);
    if (!simulation) throw new NotFoundError('Simulation', slug);
    requireAccess(actor.viewer, 'edit-simulations', simulation.organisation_code);
    return simulation;
  }
}
