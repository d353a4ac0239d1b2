import { z } from 'zod';

/*
 * Invitations and password reset links both end on a page that takes the link's token and asks
 * for a password twice: the same checks, worded for each. Asking for a reset link and signing in
 * with a council's account both start from an email address, checked the same way.
 */

/** An email address typed into a form, trimmed, in the shape of one. */
export const emailAddressField = z
  .string()
  .trim()
  .min(1, { error: 'Enter your email address' })
  .max(320, { error: 'Email address must be 320 characters or fewer' })
  .regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, {
    error: 'Enter an email address in the correct format, like name@example.gov.uk',
  });

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
