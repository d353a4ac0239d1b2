import type { z } from 'zod';
import { BadRequestError } from './errors.ts';

/**
 * Validates request input at the boundary. The first problem is reported, named by its query
 * parameter or form field (not by zod's inner path), so clients know exactly what to fix.
 */
export function parseInput<T extends z.ZodType>(schema: T, input: unknown): z.infer<T> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  if (issue?.code === 'unrecognized_keys') {
    const [key] = issue.keys;
    throw new BadRequestError(`unknown parameter "${key}"`, key);
  }
  const parameter = issue?.path[0] === undefined ? undefined : String(issue.path[0]);
  const message = issue?.message ?? 'invalid input';
  throw new BadRequestError(parameter ? `${parameter}: ${message}` : message, parameter);
}
