import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { requireAccess, requireAccessSomewhere } from '../accounts/access.ts';
import { auditedBy } from '../accounts/actor.ts';
import { mayAct, type Membership } from '../accounts/roles.ts';
import type { AuditService } from '../admin/admin.service.ts';
import type { AreasService } from '../areas/areas.service.ts';
import type { DataService } from '../data/data.service.ts';
import type { Db, Executor } from '../db/database.ts';
import { principalCouncilTypes } from '../db/vocabulary.ts';
import { readyMadeRules } from '../early-warning/ready-made-rules.ts';
import type { RuleOf } from '../early-warning/rules.schema.ts';
import { BadRequestError, NotFoundError } from '../shared/errors.ts';
import { parseInput } from '../shared/validation.ts';
import { addTallies, readAggregates } from './aggregates.repository.ts';
import * as comments from './comments.repository.ts';
import {
  balanceOf,
  submissionProblems,
  type Balance,
  type Choice,
  type Problem,
} from './balance.ts';
import {
  councilTaxPrefill,
  type CouncilTaxFigures,
  type CouncilTaxPrefill,
  type PrefillGap,
} from './council-tax.ts';
import { demoDefinition, demoSimulation } from './demo-simulation.ts';
import { durationBand, ukDayOf } from './results-maths.ts';
import { resultsFrom, type VersionResult } from './results.ts';
import {
  aboutYouAnswers,
  definitionIssues,
  rulesOf,
  type DefinitionIssue,
  simulationDefinition,
  type SimulationDefinition,
} from './simulation.schema.ts';
import * as repository from './simulations.repository.ts';
import type { CommentStatus, SimulationState } from './simulations.tables.ts';
import {
  keyedHash,
  limitedAddress,
  limitReached,
  limitWindowMs,
  noLimits,
  readStart,
  signStart,
  visitKeyFrom,
  type LimitReached,
  type SubmissionLimits,
} from './visit-guards.ts';

/** Who edits a simulation: a signed-in person (a PageActor), as the audit trail records them. */
export interface EditorActor {
  viewer: { userId: number; memberships: readonly Membership[] };
  email: string;
  address: string | null;
}

const councilTaxMetrics = [
  'council-tax-requirement',
  'band-d-council-tax-excluding-parish-precepts',
  'band-d-council-tax-including-parish-precepts',
  'parish-precepts',
] as const;

const everyPeriod = {
  kind: 'range',
  from: null,
  to: null,
  fromStart: '0000-01-01',
  toStart: '9999-12-31',
} as const;

function referendumRule(): RuleOf<'referendum-limit'> {
  const rule = readyMadeRules.rules.find(
    (r): r is RuleOf<'referendum-limit'> => r.kind === 'referendum-limit',
  );
  if (!rule) throw new Error('The ready-made early-warning rules hold no referendum principles');
  return rule;
}

/** Sooner than this after the form was first shown, a submission is flagged as too fast. */
export const fastestHumanMs = 10_000;

/** What an editor may do with a comment, and the state it leaves it in. */
export const commentDecisions = ['approve', 'hide', 'restore'] as const;
export type CommentDecision = (typeof commentDecisions)[number];
const commentStatusAfter: Record<CommentDecision, CommentStatus> = {
  approve: 'approved',
  hide: 'hidden',
  restore: 'pending',
};
const decisionAction: Record<CommentDecision, string> = {
  approve: 'approved',
  hide: 'hidden',
  restore: 'restored',
};

/** A moderator's reason, trimmed; refused when empty or longer than 500 characters. */
function reasonOf(reason: string): string {
  const why = reason.trim();
  if (why === '' || why.length > 500)
    throw new BadRequestError('Give the reason, in 500 characters at most', 'reason');
  return why;
}

/** A resident's comment as it is kept: '' for none; refused when not asked or too long. */
function commentOf(definition: SimulationDefinition, typed: string): string {
  const body = typed.trim();
  if (body === '') return '';
  if (!definition.comment)
    throw new BadRequestError('This simulation asks for no comment', 'comment');
  if ([...body].length > definition.comment.maxCharacters)
    throw new BadRequestError(
      `A comment may be ${definition.comment.maxCharacters} characters at most`,
      'comment',
    );
  return body;
}

/** Why a response whose hidden field was filled is excluded at once (no editor did it). */
const honeypotReason = 'The field hidden from people was filled (excluded automatically)';

/** How long the same answers from the same source count as a duplicate of the first. */
export const duplicateWindowMs = 24 * 60 * 60 * 1000;

/** A budget the simulation cannot take: every problem, each naming its field, and its balance. */
export class SubmissionRefused extends BadRequestError {
  constructor(
    readonly problems: readonly Problem[],
    readonly balance: Balance | null,
  ) {
    super(problems.map((p) => `${p.field}: ${p.code}`).join('; '), problems[0]?.field);
    this.name = 'SubmissionRefused';
  }
}

const slug = z
  .string()
  .regex(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/, 'a slug is lower-case words joined by hyphens')
  .max(80);

const creation = z
  .object({
    organisation: z.string().regex(/^E\d{8}$/, "a council's GSS code"),
    slug,
    definition: z.unknown(),
  })
  .strict();

const submission = z
  .object({
    slug,
    version: z.number().int().positive(),
    percents: z.record(z.string().max(60), z.number()),
    councilTaxBasisPoints: z.number(),
    aboutYou: z.record(z.string().max(60), z.string().max(200)).default({}),
    /** When the form was shown; null when the page's claim could not be believed: too fast. */
    startedAt: z.date().nullable(),
    idempotencyKey: z.string().min(8).max(100),
    /** Who sent it (address and session, say): hashed with the answers, never stored. */
    source: z.string().max(1000),
    /** The address and the form cookie it came from, kept hashed, for the limits. */
    address: z.string().max(100).optional(),
    session: z.string().max(200).optional(),
    /** The field people never see: anything in it was typed by a robot. */
    honeypot: z.string().max(1000).default(''),
    /** The answer to the free-text question, if the simulation asks one: '' for none. */
    comment: z.string().max(5000).default(''),
  })
  .strict();
export type SubmissionInput = z.input<typeof submission>;

export interface Submitted {
  id: number;
  /** False when this idempotency key had recorded it already: a retried submit. */
  recorded: boolean;
  /** The earlier response this one repeats from the same source, if any: flagged, kept. */
  duplicateOf: number | null;
  stillToFindPennies: number;
}

/** A submission over a limit (limitReached): nothing is recorded; the resident may come back. */
export class SubmissionLimited extends Error {
  readonly statusCode = 429;

  constructor(readonly reached: LimitReached) {
    super(`Too many budgets from this ${reached.limit}`);
    this.name = 'SubmissionLimited';
  }
}

/** A definition the schema refuses: every problem, each by its path in the definition. */
export class DefinitionRefused extends BadRequestError {
  constructor(readonly issues: readonly DefinitionIssue[]) {
    const [first] = issues;
    const parameter = first?.path[0] === undefined ? undefined : String(first.path[0]);
    super(parameter ? `${parameter}: ${first?.message}` : (first?.message ?? 'invalid'), parameter);
    this.name = 'DefinitionRefused';
  }
}

/** A definition checked whole by the schema, or refused with every problem it has. */
function checkedDefinition(definition: unknown): SimulationDefinition {
  const result = simulationDefinition.safeParse(definition);
  if (result.success) return result.data;
  throw new DefinitionRefused(definitionIssues(result.error));
}

/** A simulation as its editors see it: its newest version, whether residents have seen it. */
export interface EditedSimulation extends PublishedSimulation {
  /** Whether residents have been shown the newest version: a change then makes a new one. */
  opened: boolean;
  responses: number;
}

export interface PublishedSimulation {
  slug: string;
  organisation: string;
  state: SimulationState;
  illustrative: boolean;
  version: number;
  definition: SimulationDefinition;
}

/** A response's choices as stored: a line's id to the percent chosen. */
const storedChoices = z.record(z.string(), z.number().int());

/**
 * Budget simulations (issue 21): a council's editors set one up, open and close it and moderate
 * its responses (each audited); residents submit budgets, which the server checks with the same
 * balance maths as the page and records once, counted into the results in the same transaction.
 */
export class SimulationsService {
  private readonly now: () => Date;
  /** Opened versions never change: each is checked once, not on every submission. */
  private readonly definitions = new Map<number, SimulationDefinition>();
  private readonly openedVersions = new Map<
    string,
    { simulation: { id: number }; version: { id: number }; definition: SimulationDefinition }
  >();
  private visitKey: Promise<Buffer> | null = null;

  constructor(
    private readonly db: Db,
    private readonly services: {
      areas: AreasService;
      audit: AuditService;
      data: DataService;
      now?: () => Date;
      /** OPENLG_SECRET_KEY: without it, a key is made once and kept in the database. */
      secretKey?: string | null;
    },
  ) {
    this.now = services.now ?? (() => new Date());
  }

  /** Sets up a simulation for a council, its definition as version 1, not yet open. */
  async create(actor: EditorActor, input: unknown): Promise<number> {
    const { organisation, slug, definition } = parseInput(creation, input);
    requireAccess(actor.viewer, 'edit-simulations', organisation);
    const checked = checkedDefinition(definition);
    await this.requireCouncil(organisation);
    return this.db.transaction().execute(async (trx) => {
      const id = await repository.insertSimulation(trx, {
        slug,
        organisation_code: organisation,
        illustrative: false,
      });
      if (id === null) throw new BadRequestError(`A simulation is already called ${slug}`, 'slug');
      await repository.insertVersion(trx, {
        simulation_id: id,
        version: 1,
        definition: checked,
        created_by_user_id: actor.viewer.userId,
        opened_at: null,
      });
      await this.audit(trx, actor, 'simulation-created', organisation, { slug, version: 1 });
      return id;
    });
  }

  /**
   * Changes a simulation's definition: in place while residents have not seen it, otherwise as
   * a new version (opened at once if the simulation is open). The version that now stands.
   */
  async edit(actor: EditorActor, slugText: string, definition: unknown): Promise<number> {
    const checked = checkedDefinition(definition);
    return this.db.transaction().execute(async (trx) => {
      const simulation = await this.editable(trx, actor, slugText);
      const latest = await this.latest(trx, simulation.id);
      if (latest.opened_at === null) {
        await repository.replaceDefinition(trx, latest.id, checked);
      } else {
        if (simulation.state === 'closed')
          throw new BadRequestError('A closed simulation cannot be changed', 'state');
        await repository.insertVersion(trx, {
          simulation_id: simulation.id,
          version: latest.version + 1,
          definition: checked,
          created_by_user_id: actor.viewer.userId,
          opened_at: simulation.state === 'open' ? this.now() : null,
        });
      }
      const version = latest.opened_at === null ? latest.version : latest.version + 1;
      await this.audit(trx, actor, 'simulation-edited', simulation.organisation_code, {
        slug: simulation.slug,
        version,
        newVersion: version !== latest.version,
      });
      return version;
    });
  }

  /** The simulations of every council the viewer may edit simulations for, by slug. */
  async editableSimulations(viewer: EditorActor['viewer']): Promise<EditedSimulation[]> {
    requireAccessSomewhere(viewer, 'edit-simulations');
    const rows = await repository.listSimulations(this.db);
    return rows
      .filter((row) => mayAct(viewer.memberships, 'edit-simulations', row.organisation_code))
      .map(editedOf);
  }

  /** A simulation's newest version, opened or not, for its editors (and their preview). */
  async forEditor(viewer: EditorActor['viewer'], slugText: string): Promise<EditedSimulation> {
    const simulation = await repository.findSimulation(this.db, slugText);
    if (!simulation) throw new NotFoundError('Simulation', slugText);
    requireAccess(viewer, 'edit-simulations', simulation.organisation_code);
    const [row] = await repository.listSimulations(this.db, simulation.id);
    if (!row) throw new NotFoundError('Simulation version', slugText);
    return editedOf(row);
  }

  /** Opens a draft simulation to residents, or closes an open one. */
  async setOpen(actor: EditorActor, slugText: string, open: boolean): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const simulation = await this.editable(trx, actor, slugText);
      const from: SimulationState = open ? 'draft' : 'open';
      if (simulation.state !== from)
        throw new BadRequestError(
          `Only a simulation in ${from} can be ${open ? 'opened' : 'closed'}`,
          'state',
        );
      if (open)
        await repository.markOpened(trx, (await this.latest(trx, simulation.id)).id, this.now());
      await repository.setState(trx, simulation.id, open ? 'open' : 'closed');
      await this.audit(
        trx,
        actor,
        open ? 'simulation-opened' : 'simulation-closed',
        simulation.organisation_code,
        { slug: simulation.slug },
      );
    });
  }

  /**
   * What residents see: the newest version they have been shown, or the one named (a resident
   * who started on it); NotFound for a draft.
   */
  async published(slugText: string, versionNumber?: number): Promise<PublishedSimulation> {
    const simulation = await repository.findSimulation(this.db, slugText);
    const version =
      simulation &&
      (versionNumber === undefined
        ? await repository.latestVersion(this.db, simulation.id, true)
        : await repository.findVersion(this.db, simulation.id, versionNumber));
    if (!simulation || !version || version.opened_at === null)
      throw new NotFoundError('Simulation', slugText);
    return {
      slug: simulation.slug,
      organisation: simulation.organisation_code,
      state: simulation.state,
      illustrative: simulation.illustrative,
      version: version.version,
      definition: this.openedDefinition(version.id, version.definition),
    };
  }

  /** The signed time a resident's form was shown, for the form to carry (signStart). */
  async startToken(slug: string, idempotencyKey: string, at: Date = this.now()): Promise<string> {
    return signStart(await this.key(), { slug, idempotencyKey }, at);
  }

  /** When a form carrying `token` was shown, or null when the token cannot be believed. */
  async startOf(slug: string, idempotencyKey: string, token: string): Promise<Date | null> {
    return readStart(await this.key(), { slug, idempotencyKey }, token, this.now());
  }

  /** The key that signs starts and hashes visitors: every process on the store has the same. */
  private key(): Promise<Buffer> {
    const secret = this.services.secretKey ?? null;
    this.visitKey ??= (
      secret === null
        ? repository
            .keptKey(this.db, 'simulation-visits', randomBytes(32).toString('base64url'))
            .then((kept) => Buffer.from(kept, 'base64url'))
        : Promise.resolve(visitKeyFrom(secret))
    ).catch((error: unknown) => {
      this.visitKey = null;
      throw error;
    });
    return this.visitKey;
  }

  /**
   * Records a resident's budget once it balances by the server's own sums, whatever the page
   * said, counted into the results in the same transaction: durable before it is acknowledged.
   * A submit retried with the same idempotency key answers with the first one's record, whatever
   * the limits; a new one over them is refused (SubmissionLimited), recording nothing.
   */
  async submit(input: SubmissionInput, limits: SubmissionLimits = noLimits): Promise<Submitted> {
    const sent = parseInput(submission, input);
    const { simulationId, versionId, response, comment, closesAt } =
      await this.checkedSubmission(sent);
    const { address_hash: addressHash, session_hash: sessionHash } = response;
    return this.db.transaction().execute(async (trx) => {
      await repository.lockVisit(trx, simulationId, [
        addressHash,
        sessionHash,
        response.source_hash,
      ]);
      const at = response.submitted_at.getTime();
      const { earlier, open, duplicateOf, ...counts } = await repository.visitState(
        trx,
        simulationId,
        {
          idempotencyKey: sent.idempotencyKey,
          sourceHash: response.source_hash,
          duplicateSince: new Date(at - duplicateWindowMs),
          addressHash,
          sessionHash,
          limitSince: new Date(at - limitWindowMs),
        },
      );
      if (earlier) return replayOf(earlier);
      if (!open) throw notOpen();
      const reached = limitReached(limits, counts, response.submitted_at, closesAt);
      if (reached) throw new SubmissionLimited(reached);
      const id = await repository.insertResponse(trx, { ...response, duplicate_of: duplicateOf });
      if (id === null) {
        // The same key committed while this one waited: that submit recorded it.
        const first = await repository.findByKey(trx, simulationId, sent.idempotencyKey);
        if (!first) throw new Error('An idempotency key was taken by a response that is gone');
        return replayOf(first);
      }
      if (comment !== '')
        await comments.insertComment(trx, {
          responseId: id,
          simulationId,
          body: comment,
          hidden: response.excluded_at
            ? { at: response.excluded_at, reason: honeypotReason }
            : null,
        });
      await addTallies(trx, [
        {
          versionId,
          shard: id % repository.aggregateShards,
          included: response.excluded_at === null,
          delta: 1,
          percents: response.choices,
          councilTaxBasisPoints: response.council_tax_basis_points,
          ...activityOf(response),
        },
      ]);
      const stillToFindPennies = response.still_to_find_pennies;
      return { id, recorded: true, duplicateOf, stillToFindPennies };
    });
  }

  /**
   * A submission checked against the version it answers, as the row to record: refused when
   * the simulation is not open or the budget does not balance by the server's own sums; marked
   * when it came too fast, and excluded at once when the field hidden from people was filled.
   */
  private async checkedSubmission(sent: z.output<typeof submission>) {
    const { simulation, version, definition } = await this.openedVersion(sent.slug, sent.version);
    const now = this.now();
    // Whether an editor has closed it is read in the submission's transaction (visitState).
    const open =
      now.getTime() >= Date.parse(definition.opensAt) &&
      now.getTime() < Date.parse(definition.closesAt);
    if (!open) throw notOpen();
    const rules = rulesOf(definition);
    const choice = { percents: sent.percents, councilTaxBasisPoints: sent.councilTaxBasisPoints };
    const problems = submissionProblems(rules, choice);
    if (problems.length > 0)
      throw new SubmissionRefused(
        problems,
        problems.some((p) => p.field === 'balance') ? balanceOf(rules, choice) : null,
      );
    const aboutYou = parseInput(aboutYouAnswers(definition.aboutYou), sent.aboutYou);
    const comment = commentOf(definition, sent.comment);
    // Every line is stored, an absent one as 0: the record says the whole budget.
    const percents = Object.fromEntries(rules.lines.map((l) => [l.id, sent.percents[l.id] ?? 0]));
    const answers = [simulation.id, sent.source, percents, sent.councilTaxBasisPoints, aboutYou];
    const robot = sent.honeypot.trim() !== '';
    const key = await this.key();
    const hashOf = (kind: 'address' | 'session', value: string | undefined) =>
      value === undefined ? null : keyedHash(key, kind, simulation.id, value);
    const response: Omit<repository.NewResponse, 'duplicate_of'> = {
      simulation_id: simulation.id,
      version_id: version.id,
      idempotency_key: sent.idempotencyKey,
      choices: percents,
      council_tax_basis_points: sent.councilTaxBasisPoints,
      still_to_find_pennies: balanceOf(rules, choice).stillToFindPennies,
      about_you: aboutYou,
      // A start the page could not vouch for is counted as taking no time: too fast.
      started_at: sent.startedAt ?? now,
      submitted_at: now,
      source_hash: createHash('sha256').update(JSON.stringify(answers)).digest('hex'),
      address_hash: hashOf('address', sent.address && limitedAddress(sent.address)),
      session_hash: hashOf('session', sent.session),
      too_fast: now.getTime() - (sent.startedAt ?? now).getTime() < fastestHumanMs,
      honeypot_filled: robot,
      excluded_at: robot ? now : null,
      excluded_reason: robot ? honeypotReason : null,
    };
    const closesAt = new Date(definition.closesAt);
    return { simulationId: simulation.id, versionId: version.id, response, comment, closesAt };
  }

  /** Excludes a response from the results (they show it apart), with the editor's reason. */
  exclude(actor: EditorActor, slugText: string, responseId: number, reason: string) {
    return this.moderate(actor, slugText, responseId, reason, true);
  }

  /** Counts an excluded response in the results again, with the editor's reason. */
  restore(actor: EditorActor, slugText: string, responseId: number, reason: string) {
    return this.moderate(actor, slugText, responseId, reason, false);
  }

  private async moderate(
    actor: EditorActor,
    slugText: string,
    responseId: number,
    reason: string,
    exclude: boolean,
  ): Promise<void> {
    const why = reasonOf(reason);
    await this.db.transaction().execute(async (trx) => {
      const simulation = await this.editable(trx, actor, slugText);
      const response = await repository.findResponseForUpdate(trx, simulation.id, responseId);
      if (!response) throw new NotFoundError('Response', String(responseId));
      if (response.excluded === exclude)
        throw new BadRequestError(
          `That response is ${exclude ? 'excluded' : 'counted'} already`,
          'response',
        );
      const by = { at: this.now(), reason: why, userId: actor.viewer.userId };
      await repository.markExcluded(trx, response.id, exclude ? by : null);
      const tally = {
        versionId: response.version_id,
        shard: response.id % repository.aggregateShards,
        percents: response.choices,
        councilTaxBasisPoints: response.council_tax_basis_points,
        ...activityOf(response),
      };
      await addTallies(trx, [
        { ...tally, included: !exclude, delta: 1 },
        { ...tally, included: exclude, delta: -1 },
      ]);
      const action = exclude ? 'simulation-response-excluded' : 'simulation-response-restored';
      await this.audit(trx, actor, action, simulation.organisation_code, {
        slug: simulation.slug,
        response: response.id,
        reason: why,
      });
    });
  }

  /**
   * Approves a resident's comment (the public may then read it, if its response is kept),
   * hides it, or restores it to wait for a decision: each with the editor's reason, audited.
   */
  async moderateComment(
    actor: EditorActor,
    slugText: string,
    responseId: number,
    decision: CommentDecision,
    reason: string,
  ): Promise<void> {
    const why = reasonOf(reason);
    const status = commentStatusAfter[decision];
    await this.db.transaction().execute(async (trx) => {
      const simulation = await this.editable(trx, actor, slugText);
      const comment = await comments.findCommentForUpdate(trx, simulation.id, responseId);
      if (!comment) throw new NotFoundError('Comment', String(responseId));
      if (comment.status === status)
        throw new BadRequestError(`That comment is ${status} already`, 'comment');
      const by = { at: this.now(), reason: why, userId: actor.viewer.userId };
      await comments.setCommentStatus(trx, responseId, status, by);
      await this.audit(
        trx,
        actor,
        `simulation-comment-${decisionAction[decision]}`,
        simulation.organisation_code,
        {
          slug: simulation.slug,
          response: responseId,
          was: comment.status,
          reason: why,
        },
      );
    });
  }

  /** The results kept as responses arrived, for the simulation's editors. */
  async results(actor: EditorActor, slugText: string): Promise<VersionResult[]> {
    const simulation = await repository.findSimulation(this.db, slugText);
    if (!simulation) throw new NotFoundError('Simulation', slugText);
    requireAccess(actor.viewer, 'edit-simulations', simulation.organisation_code);
    return resultsFrom(await readAggregates(this.db, simulation.id));
  }

  /**
   * The council-tax lever for a council from its real figures: the MHCLG council tax
   * requirement and Band D of the latest year the public can see, through the data service,
   * and the referendum principles the early-warning rules hold; or why it cannot be prefilled.
   */
  async councilTaxPrefill(code: string): Promise<CouncilTaxPrefill | PrefillGap> {
    const area = await this.services.areas.getSummary(code);
    let answer;
    try {
      answer = await this.services.data.query(
        { metric: [...councilTaxMetrics], area: [area.code], period: everyPeriod, include: [] },
        'json',
      );
    } catch (error) {
      // A copy that has not loaded the council tax workbooks holds no such metrics.
      if (error instanceof NotFoundError) return { kind: 'no-figures' };
      throw error;
    }
    const years = new Map<string, CouncilTaxFigures & { parishPounds: number | null }>();
    for (const o of answer.observations) {
      const year = years.get(o.period) ?? {
        period: o.period,
        label: o.periodLabel,
        requirementPounds: null,
        bandDPounds: null,
        parishPounds: null,
      };
      years.set(o.period, year);
      if (o.metric === 'council-tax-requirement') year.requirementPounds = o.value;
      else if (o.metric === 'parish-precepts') year.parishPounds = o.value;
      // Band D without parish precepts is the council's own; a precepting authority (a county)
      // has only the figure with them, which is then its own as well.
      else if (o.metric === councilTaxMetrics[1] && o.value !== null) year.bandDPounds = o.value;
      else if (o.metric === councilTaxMetrics[2]) year.bandDPounds ??= o.value;
    }
    // A billing council's requirement includes its parishes' precepts, which its own rise
    // does not raise: 1% is 1% of its own part.
    for (const year of years.values())
      if (year.requirementPounds !== null && year.parishPounds !== null)
        year.requirementPounds -= year.parishPounds;
    return councilTaxPrefill(referendumRule(), area.type, [...years.values()]);
  }

  /**
   * The demo's open simulation for Hartlepool (services illustrative, council tax real), unless
   * made already or the store holds no council tax figures for it; its id, or null.
   */
  async loadDemo(): Promise<number | null> {
    if (await repository.findSimulation(this.db, demoSimulation.slug)) return null;
    const lever = await this.councilTaxPrefill(demoSimulation.organisation);
    if (!('year' in lever)) return null;
    const now = this.now();
    const definition = simulationDefinition.parse(demoDefinition(lever, now));
    return this.db.transaction().execute(async (trx) => {
      const id = await repository.insertSimulation(trx, {
        slug: demoSimulation.slug,
        organisation_code: demoSimulation.organisation,
        illustrative: true,
      });
      if (id === null) return null;
      await repository.insertVersion(trx, {
        simulation_id: id,
        version: 1,
        definition,
        created_by_user_id: null,
        opened_at: now,
      });
      await repository.setState(trx, id, 'open');
      const by = { userId: null, actor: 'openlg (demo)', address: null };
      await this.services.audit.record(
        {
          ...by,
          action: 'simulation-opened',
          subject: demoSimulation.organisation,
          after: { slug: demoSimulation.slug, illustrative: true },
        },
        trx,
      );
      return id;
    });
  }

  /** Every open simulation, as residents see it now. */
  async openSimulations(): Promise<{ slug: string; organisation: string; title: string }[]> {
    const rows = await repository.openSimulations(this.db);
    return rows.map((row) => ({
      slug: row.slug,
      organisation: row.organisation_code,
      title: simulationDefinition.parse(row.definition).title.en,
    }));
  }

  /**
   * A recorded budget's choices, for the image its resident shares, found by the response's
   * idempotency key: the address holds it, and only the resident's page was given it (a random
   * UUID, so no address can be guessed from another). Never the "about you" answers.
   */
  async sharedBudget(
    slugText: string,
    key: string,
  ): Promise<{ simulation: PublishedSimulation; choice: Choice }> {
    const simulation = await repository.findSimulation(this.db, slugText);
    const found = simulation && (await repository.findChoicesByKey(this.db, simulation.id, key));
    if (!found) throw new NotFoundError('Budget', key);
    return {
      simulation: await this.published(slugText, found.version),
      choice: {
        percents: storedChoices.parse(found.choices),
        councilTaxBasisPoints: found.council_tax_basis_points,
      },
    };
  }

  /** An opened version's definition, parsed once per process (the newest 100 kept). */
  /**
   * A version residents have been shown, with its simulation's id: neither ever changes, so each
   * is looked up once (a submission then asks the database only what may have changed).
   */
  private async openedVersion(slug: string, version: number) {
    const key = `${slug}\u0000${version}`;
    const known = this.openedVersions.get(key);
    if (known) return known;
    const simulation = await repository.findSimulation(this.db, slug);
    const row = simulation && (await repository.findVersion(this.db, simulation.id, version));
    if (!simulation || !row || row.opened_at === null)
      throw new NotFoundError('Simulation', `${slug} version ${version}`);
    const opened = {
      simulation: { id: simulation.id },
      version: { id: row.id },
      definition: this.openedDefinition(row.id, row.definition),
    };
    this.openedVersions.set(key, opened);
    return opened;
  }

  private openedDefinition(versionId: number, stored: unknown): SimulationDefinition {
    const known = this.definitions.get(versionId);
    if (known) return known;
    const definition = simulationDefinition.parse(stored);
    if (this.definitions.size >= 100) this.definitions.clear();
    this.definitions.set(versionId, definition);
    return definition;
  }

  private async requireCouncil(code: string): Promise<void> {
    const area = await this.services.areas.getSummary(code);
    if (
      area.code !== code ||
      area.validTo !== null ||
      !(principalCouncilTypes as readonly string[]).includes(area.type)
    )
      throw new BadRequestError(`${code} is not a current principal council`, 'organisation');
  }

  /** The simulation, locked, once the actor may edit it. */
  private async editable(trx: Executor, actor: EditorActor, slugText: string) {
    const simulation = await repository.findSimulation(trx, slugText, true);
    if (!simulation) throw new NotFoundError('Simulation', slugText);
    requireAccess(actor.viewer, 'edit-simulations', simulation.organisation_code);
    return simulation;
  }

  private async latest(trx: Executor, simulationId: number) {
    const latest = await repository.latestVersion(trx, simulationId);
    if (!latest) throw new NotFoundError('Simulation version', String(simulationId));
    return latest;
  }

  private audit(
    trx: Executor,
    actor: EditorActor,
    action: string,
    subject: string,
    after: unknown,
  ): Promise<void> {
    return this.services.audit.record({ ...auditedBy(actor), action, subject, after }, trx);
  }
}

function editedOf(row: repository.ListedSimulation): EditedSimulation {
  return {
    slug: row.slug,
    organisation: row.organisation_code,
    state: row.state,
    illustrative: row.illustrative,
    version: row.version,
    definition: simulationDefinition.parse(row.definition),
    opened: row.opened,
    responses: row.responses,
  };
}

/** Where a response is counted among the days and times taken. */
function activityOf(response: { started_at: Date; submitted_at: Date }) {
  return {
    day: ukDayOf(response.submitted_at),
    secondsBand: durationBand(response.submitted_at.getTime() - response.started_at.getTime()),
  };
}

const notOpen = () => new BadRequestError('This simulation is not open for responses', 'slug');

function replayOf(first: {
  id: number;
  duplicate_of: number | null;
  still_to_find_pennies: number;
}): Submitted {
  return {
    id: first.id,
    recorded: false,
    duplicateOf: first.duplicate_of,
    stillToFindPennies: first.still_to_find_pennies,
  };
}
