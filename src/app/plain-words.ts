import { BadRequestError, NotFoundError } from '../shared/errors.ts';

/*
 * What an error page says to a person. The API's problem documents name the parameter and the
 * identifier, for programmers; a page names the form field by its label and the thing by what it
 * is ("measure", "council"), and never shows a slug, a parameter name or a source path.
 */

/** The labels the pages' forms give their fields, by the field's name in the address. */
const fieldLabels: Record<string, string> = {
  areas: 'Councils',
  area: 'Council',
  metrics: 'Measures',
  metric: 'Measure',
  group: 'Compare with',
  period: 'Period',
  q: 'Search',
  theme: 'Theme',
  type: 'Type of council',
  model: 'Model',
  sort: 'Sort by',
  k: 'Number of similar councils',
  year: 'Programme year',
  asAt: 'As at',
};

const checkTheAddress =
  'If you followed a link or typed the web address, check it is correct, or use the form on the page instead.';

function quoted(identifier: string): string {
  return `“${identifier.length > 60 ? `${identifier.slice(0, 60)}…` : identifier}”`;
}

/** The missing thing as a sentence; the NotFoundError's `thing` is the API's word for it. */
function notFoundInWords({ thing, identifier }: NotFoundError): string {
  if (thing === 'Metric') return `There is no measure called ${quoted(identifier)}.`;
  if (thing === 'Area') return `There is no council or area with the code ${quoted(identifier)}.`;
  if (thing === 'Group') return 'There is no such group of councils to compare with.';
  if (thing === 'Model') return 'There is no such way of finding similar councils.';
  if (thing.startsWith('Neighbours'))
    return 'There is no list of similar councils for this council under that model.';
  if (thing.startsWith('Peer challenges recorded'))
    return `No peer challenge is recorded for the programme year ${quoted(identifier)}.`;
  if (thing.startsWith('Data for') || thing.startsWith('Public values'))
    return 'There are no figures for this measure in the period asked for.';
  return 'There is nothing at this address.';
}

/**
 * A field's problem as "Period: choose one of the options offered", with the zod message made
 * plain: lists of internal values (enums) and "GSS code" are not for people.
 */
function badRequestInWords({ parameter, message }: BadRequestError): string {
  const label = parameter === undefined ? undefined : fieldLabels[parameter];
  if (!label || message.startsWith('unknown parameter'))
    return `The web address asks for something this page cannot show. ${checkTheAddress}`;
  const prefix = `${parameter ?? ''}: `;
  const problem = message.startsWith(prefix) ? message.slice(prefix.length) : message;
  const plain = /must be one of|Invalid/i.test(problem)
    ? 'choose one of the options offered'
    : problem.replace(/\bGSS code\b/g, 'council code');
  return `${label}: ${plain}. ${checkTheAddress}`;
}

/** The sentence an error page shows for an error, or null to show the problem's own detail. */
export function errorInWords(error: unknown): string | null {
  if (error instanceof NotFoundError) return notFoundInWords(error);
  if (error instanceof BadRequestError) return badRequestInWords(error);
  return null;
}
