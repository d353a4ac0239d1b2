import type { MailMessage } from '../mail/mailer.ts';

/*
 * The emails accounts send, worded as GOV.UK Notify's are: who it is for, what to do, how long
 * the link works, and what to do if it was not expected. Plain text: every mail program shows it.
 */

/** A plain-text email to `person`: greeting, the paragraphs, and who it is from. */
function letter(
  person: { name: string; email: string },
  subject: string,
  paragraphs: readonly string[],
): MailMessage {
  return {
    to: person.email,
    subject,
    text: [`Dear ${person.name}`, ...paragraphs, 'openlg'].join('\n\n'),
  };
}

export function passwordResetMail(
  person: { name: string; email: string },
  link: string,
  hours: number,
): MailMessage {
  return letter(person, 'Reset your openlg password', [
    'We received a request to reset the password for your openlg account.',
    `Use this link to choose a new password:\n${link}`,
    `The link works once and expires in ${hours === 1 ? '1 hour' : `${hours} hours`}.`,
    'If you did not ask to reset your password, you can ignore this email. Your password has not changed.',
  ]);
}

export function invitationMail(
  person: { name: string; email: string },
  held: { role: string; organisation: string },
  link: string,
  days: number,
): MailMessage {
  return letter(person, 'You have been invited to openlg', [
    `You have been invited to openlg with the role ${held.role} for ${held.organisation}.`,
    `Use this link to choose a password and sign in:\n${link}`,
    `The link works once and expires in ${days} days.`,
    'If you were not expecting this invitation, you can ignore this email.',
  ]);
}
