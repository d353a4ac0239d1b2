import { requireAccess } from '../accounts/access.ts';
import { auditedBy, type PageActor } from '../accounts/actor.ts';
import { nationalOrganisation } from '../accounts/roles.ts';
import type { AuditService } from '../admin/admin.service.ts';
import { bumpDataVersion } from '../db/data-version.ts';
import type { Db } from '../db/database.ts';
import { BadRequestError, NotFoundError } from '../shared/errors.ts';
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
import { readyMadeSurveys } from './surveys.ts';

/** A response the surveys cannot take: every problem, each naming its question. */
export class SurveyResponseRefused extends BadRequestError {
  constructor(readonly problems: readonly { field: string; text: string }[]) {
    super(problems.map((p) => p.text).join('; '), problems[0]?.field);
    this.name = 'SurveyResponseRefused';
  }
}

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
      if (stageOf(challenge.state, false) !== 'delivered')
        throw new SurveyResponseRefused([
          { field: 'challengeId', text: 'The challenge has not given its feedback yet' },
        ]);
      const [id = 0] = await repository.insertResponses(trx, [
        {
          challenge_id: response.challengeId,
          respondent_role: response.role,
          survey_version: readyMadeSurveys.version,
          answers: response.answers,
          submitted_on: response.submittedOn,
          recorded_by_user_id: actor.viewer.userId,
          respondent_user_id: null,
          illustrative: false,
        },
      ]);
      // The answers stay out of the audit log: free text may name people.
      await this.services.audit.record(
        {
          ...auditedBy(actor),
          action: 'peer-challenge-survey-recorded',
          subject: challenge.area_code,
          after: { id, challengeId: response.challengeId, role: response.role },
        },
        trx,
      );
      await bumpDataVersion(trx);
      return id;
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
