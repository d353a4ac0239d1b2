import { z } from 'zod';

/*
 * Invitations and password reset links both end on a page that takes the link's token and asks
 * for a password twice: the same checks, worded for each.
 */

/** The token in a one-time link: what newToken() makes, 32 bytes base64url. */
export const linkTokenParams = z.object({ token: z.string().regex(/^[A-Za-z0-9_-]{43}$/) });

/** A password typed twice; `enter` and `again` are the messages for a blank and a mismatch. */
export function choosePasswordForm(messages: { enter: string; again: string }) {
  return z
    .object({
      password: z.string().min(1, { error: messages.enter }),
      confirmPassword: z.string(),
    })
    .refine((form) => form.password === form.confirmPassword, {
      error: messages.again,
      path: ['confirmPassword'],
    });
}
