import { addDays } from './dates.ts';
import type { NewResponse } from './feedback.tables.ts';
import { readyMadeSurveys, type Agreement } from './surveys.ts';

/*
 * The demo's illustrative survey responses (issue 20), recorded against the illustrative
 * scenario's corporate peer challenges: in 2012/13 the leader and the chief executive of 25 of
 * them answer (50 responses), so that the published results reproduce the seeds' "92% found
 * their corporate peer challenge well tailored" (46 of 50) and "96% agreed the quality of the
 * peer team was good or very good" (48 of 50); three peers of each answer too. In 2017/18 only
 * one council and its team have answered by the end of the records: too few to publish. Every answer and
 * every word of free text is made up, and marked illustrative.
 */

/** The programme years the responses are recorded in, and how many challenges of each. */
export const illustrativeYears = { '2012-13': 25, '2017-18': 1 } as const;

interface Delivered {
  id: number;
  on_site_end: string | null;
}

/** The i-th council response's answer: `agreeing` of `of` agree, the first third strongly. */
function rated(i: number, agreeing: number): Agreement {
  if (i >= agreeing) return i === agreeing ? 'neither' : 'disagree';
  return i % 3 === 0 ? 'strongly-agree' : 'agree';
}

function councilAnswers(i: number): Record<string, string> {
  return {
    'well-tailored': rated(i, 46),
    'peer-team-quality': rated(i, 48),
    'will-act': rated(i, 44),
    'would-recommend': rated(i, 47),
    ...(i % 10 === 0
      ? { comments: 'Illustrative: the team listened and challenged us well.' }
      : {}),
  };
}

function peerAnswers(i: number): Record<string, string> {
  return {
    'well-prepared': rated(i, 70),
    'well-managed': rated(i, 72),
    'own-learning': rated(i, 69),
    ...(i % 15 === 0 ? { comments: 'Illustrative: a demanding week, well worth it.' } : {}),
  };
}

/** The responses for the challenges of each year, each submitted three weeks after the visit. */
export function illustrativeResponseRows(byYear: readonly Delivered[][]): NewResponse[] {
  const rows: NewResponse[] = [];
  const row = (
    c: Delivered,
    role: NewResponse['respondent_role'],
    answers: Record<string, string>,
  ) =>
    rows.push({
      challenge_id: c.id,
      respondent_role: role,
      survey_version: readyMadeSurveys.version,
      answers,
      submitted_on: addDays(c.on_site_end ?? '2013-03-31', 21),
      recorded_by_user_id: null,
      respondent_user_id: null,
      illustrative: true,
    });
  let council = 0;
  let peer = 0;
  for (const challenges of byYear)
    for (const challenge of challenges) {
      row(challenge, 'leader', councilAnswers(council++));
      row(challenge, 'chief-executive', councilAnswers(council++));
      for (let p = 0; p < 3; p += 1) row(challenge, 'peer', peerAnswers(peer++));
    }
  return rows;
}
