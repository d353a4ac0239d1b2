import { commonPasswords } from './common-passwords.ts';

/*
 * Password rules after the NCSC's guidance: a minimum length and a deny-list of the passwords
 * attackers try first, and no composition rules (they lead to "Password1!" and to passwords
 * written down). The maximum only bounds the work hashing a hostile submission takes.
 */
export const minimumPasswordLength = 12;
export const maximumPasswordLength = 256;

/** What is wrong with a new password, in words for the person choosing it, or null if nothing. */
export function passwordProblem(password: string, email = ''): string | null {
  const length = [...password].length;
  if (length < minimumPasswordLength)
    return `Password must be ${minimumPasswordLength} characters or more`;
  if (length > maximumPasswordLength)
    return `Password must be ${maximumPasswordLength} characters or fewer`;
  const lower = password.toLowerCase();
  if (commonPasswords.has(lower) || /^(.)\1*$/u.test(password))
    return 'Password is too easy to guess: choose one that is not commonly used, such as three random words';
  const local = email.toLowerCase().split('@')[0] ?? '';
  if (lower === email.toLowerCase() || (local.length >= 4 && lower.includes(local)))
    return 'Password must not contain your email address';
  return null;
}
