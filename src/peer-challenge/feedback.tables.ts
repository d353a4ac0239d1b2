import type { ColumnType, Generated } from 'kysely';
import type { RespondentRole } from './surveys.ts';

/* The feedback surveys' table as Kysely sees it (migration 0032), joined into db/schema.ts. */

export interface SurveyResponsesTable {
  id: Generated<number>;
  challenge_id: number;
  respondent_role: RespondentRole;
  survey_version: number;
  /** Question slug to answer; written as a JSON string. */
  answers: ColumnType<unknown, string, string>;
  /** 'YYYY-MM-DD' on both engines. */
  submitted_on: string;
  recorded_by_user_id: number | null;
  /** Who answered for themselves (migration 0034); null when recorded on someone's behalf. */
  respondent_user_id: number | null;
  /** Part of the demo's illustrative responses, not one a respondent gave. */
  illustrative: Generated<boolean>;
  recorded_at: Generated<Date>;
}

export interface SurveyTables {
  peer_challenge_survey_responses: SurveyResponsesTable;
}

/** A response to record. */
export interface NewResponse {
  challenge_id: number;
  respondent_role: RespondentRole;
  survey_version: number;
  answers: Readonly<Record<string, string>>;
  submitted_on: string;
  recorded_by_user_id: number | null;
  respondent_user_id: number | null;
  illustrative: boolean;
}
