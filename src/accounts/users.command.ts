import type { Config } from '../config/config.ts';
import type { Mailer } from '../mail/mailer.ts';
import { BadRequestError } from '../shared/errors.ts';
import { invitationMail } from './account-mail.ts';
import { invitationSeconds, type AccountsService } from './accounts.service.ts';
import { roleNames } from './roles.ts';

export const usersUsage = `  users add <email> --name <name> --org <code> --role <role>
                        invite someone (or give someone a further role): prints a one-time
                        invitation link and emails it to them (SMTP_URL, or the outbox);
                        --org takes a council's GSS code, lga, or a club's slug
  users list            everyone with an account, their roles, and who is disabled
  users disable <email> stop someone signing in, ending every session they have
  users two-factor-off <email>
                        turn two-factor sign-in off for someone who lost their app and
                        recovery codes (an administrator must then set it up again)`;

export interface UsersFlags {
  name?: string;
  org?: string;
  role?: string;
}

/** Where this copy is reached, for the links it prints. */
export function publicBase(config: Config): string {
  return (config.publicUrl?.toString() ?? `http://${config.host}:${config.port}/`).replace(
    /\/$/,
    '',
  );
}

const invitationDays = invitationSeconds / (24 * 3600);

/**
 * Emails the invitation link to the invitee; what happened, for the operator. A failure to mail
 * is said, not thrown: the person is added and the link printed, so the operator can send it.
 */
async function mailInvitation(
  accounts: AccountsService,
  mailer: Mailer,
  invitation: { token: string; link: string; userId: number; organisation: string; role: string },
): Promise<string> {
  const invitee = await accounts.invitation(invitation.token);
  const held = (await accounts.memberships(invitation.userId)).find(
    (m) => m.organisation === invitation.organisation && m.role === invitation.role,
  );
  if (!invitee || !held) return '';
  const message = invitationMail(
    invitee,
    { role: roleNames[held.role], organisation: held.organisationName },
    invitation.link,
    invitationDays,
  );
  try {
    const receipt = await mailer.send(message);
    return receipt.kind === 'smtp'
      ? `It has been emailed to ${invitee.email}.\n`
      : `No SMTP_URL is set: the email is in the outbox, ${receipt.file}\n`;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return `The invitation could not be emailed (${reason}): send them the link yourself.\n`;
  }
}

/** `openlg users …`: the operator's own way to manage accounts, before any admin page. */
export async function usersCommand(
  accounts: AccountsService,
  config: Config,
  args: readonly string[],
  flags: UsersFlags,
  write: (text: string) => void,
  mailer: Mailer,
): Promise<number> {
  const [action, email] = args;
  if (action === 'add' && email) {
    if (!flags.org || !flags.role)
      throw new BadRequestError('openlg users add needs --org <code> and --role <role>');
    const added = await accounts.addUser({
      email,
      name: flags.name ?? '',
      organisation: flags.org,
      role: flags.role,
    });
    write(`${email} holds ${flags.role} in ${flags.org}.\n`);
    if (!added.invitation) return 0;
    const link = `${publicBase(config)}/invitation/${added.invitation}`;
    write(`Their invitation link (it works once, for ${invitationDays} days):\n${link}\n`);
    const invitation = { token: added.invitation, link, userId: added.userId };
    write(
      await mailInvitation(accounts, mailer, {
        ...invitation,
        organisation: flags.org,
        role: flags.role,
      }),
    );
    return 0;
  }
  if (action === 'list' && !email) {
    for (const user of await accounts.listUsers()) {
      const held = user.memberships.map((m) => `${roleNames[m.role]} (${m.organisation})`);
      const state = user.disabledAt ? 'disabled' : user.passwordHash ? 'active' : 'invited';
      write(`${user.email}\t${user.name}\t${state}\t${held.join(', ') || 'no roles'}\n`);
    }
    return 0;
  }
  if (action === 'disable' && email) {
    if (!(await accounts.disableUser(email)))
      throw new BadRequestError(`No one has the email address ${email}`);
    write(`${email} is disabled and signed out everywhere.\n`);
    return 0;
  }
  if (action === 'two-factor-off' && email) {
    if (!(await accounts.turnOffTwoFactor(email)))
      throw new BadRequestError(`No one has the email address ${email}`);
    write(`${email} signs in with their password alone until they set two-factor up again.\n`);
    return 0;
  }
  throw new BadRequestError(`Usage:\n${usersUsage}`);
}
