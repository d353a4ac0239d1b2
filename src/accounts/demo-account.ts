import type { Config } from '../config/config.ts';
import type { AccountsService } from './accounts.service.ts';
import { nationalOrganisation } from './roles.ts';
import { publicBase } from './users.command.ts';

/**
 * The illustrative account a demo store offers, so that anyone trying openlg can sign in: a data
 * steward of Hartlepool at an example.org address, which no one can receive mail at. No password
 * is kept anywhere: each start prints a fresh invitation link until one is used.
 */
export const demoAccount = {
  email: 'demo.steward@example.org',
  name: 'Demo Steward (illustrative account)',
  organisation: 'E06000001',
  role: 'data-steward',
} as const;

/**
 * The illustrative improvement adviser of the national programme, made beside the steward, so
 * that anyone trying openlg can see early warning, which no one else may.
 */
export const demoAdviser = {
  email: 'demo.adviser@example.org',
  name: 'Demo Adviser (illustrative account)',
  organisation: nationalOrganisation,
  role: 'improvement-adviser',
} as const;

const demoEmails = [demoAccount.email, demoAdviser.email];

/**
 * Makes the demo accounts in a store that has no other accounts (never beside real ones), and
 * prints the invitation link of each while it has no password.
 */
export async function announceDemoAccount(
  accounts: AccountsService,
  config: Config,
  write: (text: string) => void,
): Promise<void> {
  const steward = await accounts.demoInvitation(demoAccount, demoEmails);
  // The adviser only beside the steward: a store without the demo register gets neither.
  const adviser =
    (await accounts.userIdByEmail(demoAccount.email)) === null
      ? null
      : await accounts.demoInvitation(demoAdviser, demoEmails);
  const choose = (link: string) =>
    `Choose its password at ${publicBase(config)}/invitation/${link} (once, within 7 days).\n`;
  if (steward !== null)
    write(
      `Demo account (illustrative): ${demoAccount.email}, a data steward of Hartlepool.\n` +
        choose(steward),
    );
  if (adviser !== null)
    write(
      `Demo account (illustrative): ${demoAdviser.email}, an improvement adviser of the ` +
        `national programme, who sees early warning.\n${choose(adviser)}`,
    );
}
