import { requireAccess } from '../accounts/access.ts';
import type { Viewer } from '../accounts/accounts.service.ts';
import { auditedBy, type PageActor } from '../accounts/actor.ts';
import { nationalOrganisation } from '../accounts/roles.ts';
import type { AuditService } from '../admin/admin.service.ts';
import { bumpDataVersion } from '../db/data-version.ts';
import type { Db, Executor } from '../db/database.ts';
import { BadRequestError, ForbiddenError, NotFoundError } from '../shared/errors.ts';
import { parseInput } from '../shared/validation.ts';
import {
  answerProblems,
  surveyResponseInput,
  surveyResults,
  type SurveyResponseInput,
  type YearResults,
} from './feedback.ts';
import { illustrativeResponseRows, illustrativeYears } from './feedback.scenario.ts';
import * as repository from './feedback.repository.ts';
import { stageOf } from './figures.ts';
import { readyMadeSurveys, type RespondentRole } from './surveys.ts';
import { partsOf } from './challenge-access.ts';
import {
  answerableSurveys,
  openRoles,
  type Answerable,
  type SurveyAnswer,
  type SurveySlug,
} from './survey-forms.ts';
import type { IsoDate } from './dates.ts';
import type { ChallengeType } from './vocabulary.ts';

/** A response the surveys cannot take: every problem, each naming its question. */
export class SurveyResponseRefused extends BadRequestError {
  constructor(readonly problems: readonly { field: string; text: string }[]) {
    super(problems.map((p) => p.text).join('; '), problems[0]?.field);
    this.name = 'SurveyResponseRefused';
  }
}

/** The respondent has answered already: one answer each, for each challenge. */
export class SurveyAlreadyAnswered extends BadRequestError {
  constructor(role: RespondentRole) {
    super(
      role === 'peer'
        ? 'You have already answered this survey'
        : `The ${role === 'leader' ? 'leader' : 'chief executive'} has already answered this survey`,
      'role',
    );
    this.name = 'SurveyAlreadyAnswered';
  }
}

/** A survey someone may answer for a challenge, with the roles still to answer it. */
export interface OpenSurvey extends Answerable {
  open: RespondentRole[];
}

/** What a challenge's survey page shows someone taking part in it. */
export interface SurveyPage {
  challenge: { id: number; type: ChallengeType; areaCode: string };
  /** Whether the team has given its feedback: the surveys open then. */
  delivered: boolean;
  surveys: OpenSurvey[];
}

/** A response to write, once every check has passed. */
interface Answering {
  challengeId: number;
  areaCode: string;
  role: RespondentRole;
  answers: Record<string, string>;
  submittedOn: string;
  respondentUserId: number | null;
}

const delivered = (state: Parameters<typeof stageOf>[0]) => stageOf(state, false) === 'delivered';

export interface FeedbackResults {
  /** The version of the surveys counted. */
  version: number;
  /** Whether the demo's illustrative responses are among those counted. */
  illustrative: boolean;
  years: YearResults[];
}

/**
 * The feedback surveys after each peer challenge (issue 20). For now the programme team enters
 * the responses on the respondents' behalf, audited; the results are published as aggregates.
 */
export class FeedbackService {
  constructor(
    private readonly db: Db,
    private readonly services: { audit: AuditService },
  ) {}

  /** Records one response to a delivered challenge, audited in the same transaction; its id. */
  async record(actor: PageActor, input: SurveyResponseInput): Promise<number> {
    requireAccess(actor.viewer, 'manage-peer-challenges', nationalOrganisation);
    const response = parseInput(surveyResponseInput, input);
    const problems = answerProblems(response.role, response.answers);
    if (problems.length > 0) throw new SurveyResponseRefused(problems);
    return this.db.transaction().execute(async (trx) => {
      const challenge = await repository.findChallenge(trx, response.challengeId);
      if (!challenge) throw new NotFoundError('Peer challenge', String(response.challengeId));
      if (!delivered(challenge.state))
        throw new SurveyResponseRefused([
          { field: 'challengeId', text: 'The challenge has not given its feedback yet' },
        ]);
      const answered = await repository.answeredFor(trx, response.challengeId, null);
      if (answered.roles.includes(response.role)) throw new SurveyAlreadyAnswered(response.role);
      return this.write(trx, actor, {
        challengeId: response.challengeId,
        areaCode: challenge.area_code,
        role: response.role,
        answers: response.answers,
        submittedOn: response.submittedOn,
        respondentUserId: null,
      });
    });
  }

  /** Writes one response, audited in the same transaction; its id. */
  private async write(trx: Executor, actor: PageActor, answering: Answering): Promise<number> {
    const [id = 0] = await repository.insertResponses(trx, [
      {
        challenge_id: answering.challengeId,
        respondent_role: answering.role,
        survey_version: readyMadeSurveys.version,
        answers: answering.answers,
        submitted_on: answering.submittedOn,
        recorded_by_user_id: actor.viewer.userId,
        respondent_user_id: answering.respondentUserId,
        illustrative: false,
      },
    ]);
    // The answers stay out of the audit log: free text may name people.
    await this.services.audit.record(
      {
        ...auditedBy(actor),
        action: 'peer-challenge-survey-recorded',
        subject: answering.areaCode,
        after: {
          id,
          challengeId: answering.challengeId,
          role: answering.role,
          onBehalf: answering.respondentUserId === null,
        },
      },
      trx,
    );
    await bumpDataVersion(trx);
    return id;
  }

  /**
   * A challenge's survey page for someone who takes part in it: the surveys they may answer and
   * the roles still to. Not found for anyone with no part, as if the challenge did not exist.
   */
  async surveyPage(viewer: Viewer, challengeId: number): Promise<SurveyPage> {
    const challenge = await repository.challengeForSurvey(this.db, challengeId);
    const parts = challenge
      ? partsOf(viewer, { areaCode: challenge.area_code, teamUserIds: challenge.teamUserIds })
      : [];
    if (!challenge || parts.length === 0)
      throw new NotFoundError('Peer challenge', String(challengeId));
    const answered = await repository.answeredFor(this.db, challengeId, viewer.userId);
    return {
      challenge: { id: challenge.id, type: challenge.type, areaCode: challenge.area_code },
      delivered: delivered(challenge.state),
      surveys: answerableSurveys(parts).map((s) => ({ ...s, open: openRoles(s, answered) })),
    };
  }

  /**
   * Records an answer to a challenge's survey from the survey page: the council's leader or
   * chief executive, or a peer of the team, for themselves; a manager on someone's behalf.
   * Refused once answered (SurveyAlreadyAnswered) and before the team's feedback.
   */
  async answer(
    actor: PageActor,
    challengeId: number,
    slug: SurveySlug,
    answer: SurveyAnswer,
    today: IsoDate,
  ): Promise<number> {
    const page = await this.surveyPage(actor.viewer, challengeId);
    const survey = page.surveys.find((s) => s.slug === slug);
    if (!survey) throw new ForbiddenError(`You do not answer the ${slug} survey`);
    const refuse = (field: string, text: string) => {
      throw new SurveyResponseRefused([{ field, text }]);
    };
    if (!page.delivered) refuse('', 'The survey opens once the team has given its feedback');
    if (!survey.survey.respondents.includes(answer.role)) refuse('role', 'Choose who is answering');
    const problems = answerProblems(answer.role, answer.answers);
    if (problems.length > 0) throw new SurveyResponseRefused(problems);
    const respondentUserId = survey.onBehalf ? null : actor.viewer.userId;
    const written = this.db.transaction().execute(async (trx) => {
      const answered = await repository.answeredFor(trx, challengeId, actor.viewer.userId);
      if (!openRoles(survey, answered).includes(answer.role))
        throw new SurveyAlreadyAnswered(answer.role);
      return this.write(trx, actor, {
        challengeId,
        areaCode: page.challenge.areaCode,
        role: answer.role,
        answers: answer.answers,
        submittedOn: (survey.onBehalf ? answer.submittedOn : null) ?? today,
        respondentUserId,
      });
    });
    // Two answers sent at once can both find the role open: the unique index keeps one.
    return written.catch((error: unknown) => {
      throw repository.isUniqueViolation(error) ? new SurveyAlreadyAnswered(answer.role) : error;
    });
  }

  /** The published results: every year's rated questions, small counts suppressed. */
  async results(): Promise<FeedbackResults> {
    const [responses, illustrative] = await Promise.all([
      repository.countedResponses(this.db),
      repository.hasIllustrativeResponses(this.db),
    ]);
    return {
      version: readyMadeSurveys.version,
      illustrative,
      years: surveyResults(responses, readyMadeSurveys),
    };
  }

  /**
   * Records the demo's illustrative responses against the illustrative scenario's challenges,
   * unless they are recorded already; how many it recorded.
   */
  async loadIllustrative(): Promise<number> {
    return this.db.transaction().execute(async (trx) => {
      await repository.lockIllustrative(trx);
      if (await repository.hasIllustrativeResponses(trx)) return 0;
      const byYear = await Promise.all(
        Object.entries(illustrativeYears).map(([year, limit]) =>
          repository.illustrativeChallenges(trx, { type: 'corporate-peer-challenge', year, limit }),
        ),
      );
      const rows = illustrativeResponseRows(byYear);
      const ids = await repository.insertResponses(trx, rows);
      if (ids.length > 0) await bumpDataVersion(trx);
      return ids.length;
    });
  }
}
