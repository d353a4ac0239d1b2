import { z } from 'zod';

/** Where to go after signing in: a path on this site, never another site ("//evil.example"). */
export const nextPath = z
  .string()
  .regex(/^\/(?![/\\])[\x21-\x7e]*$/)
  .catch('/account');
