import type { z } from 'zod';
import { BadRequestError } from './errors.ts';

/** Validates request input at the boundary; the first problem names its parameter. */
export function parseInput<T extends z.ZodType>(schema: T, input: unknown): z.infer<T> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const parameter = issue?.path.map(String).join('.') || undefined;
  const message = issue?.message ?? 'invalid input';
  throw new BadRequestError(parameter ? `${parameter}: ${message}` : message, parameter);
}
