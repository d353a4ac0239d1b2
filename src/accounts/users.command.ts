import type { Config } from '../config/config.ts';
import { BadRequestError } from '../shared/errors.ts';
import type { AccountsService } from './accounts.service.ts';
import { roleNames } from './roles.ts';

export const usersUsage = `  users add <email> --name <name> --org <code> --role <role>
                        invite someone (or give someone a further role): prints a one-time
                        invitation link; --org takes a council's GSS code, lga, or a club's slug
  users list            everyone with an account, their roles, and who is disabled
  users disable <email> stop someone signing in, ending every session they have`;

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

/** `openlg users …`: the operator's own way to manage accounts, before any admin page. */
export async function usersCommand(
  accounts: AccountsService,
  config: Config,
  args: readonly string[],
  flags: UsersFlags,
  write: (text: string) => void,
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
    if (added.invitation)
      write(
        `Send them this invitation link (it works once, for 7 days):\n` +
          `${publicBase(config)}/invitation/${added.invitation}\n`,
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
  throw new BadRequestError(`Usage:\n${usersUsage}`);
}
