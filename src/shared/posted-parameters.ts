import { BadRequestError } from './errors.ts';

/**
 * The parameters of a POST that asks what a GET asks, for a question too long for an address
 * (a custom group of hundreds of councils): the same names as the GET's query, in a JSON object.
 * Its group may also be a list of GSS codes, meaning the custom group of those councils.
 */
export function postedParameters(body: unknown, example: string): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new BadRequestError(
      `the body must be a JSON object of the same parameters as the query of a GET, such as ${example}`,
    );
  const parameters = body as Record<string, unknown>;
  const group = parameters['group'];
  return Array.isArray(group)
    ? { ...parameters, group: `custom:${group.map(String).join(',')}` }
    : parameters;
}
