import type { Config } from '../config/config.ts';
import type { AccountsService } from './accounts.service.ts';
import { nationalOrganisation, type Role } from './roles.ts';
import { publicBase } from './users.command.ts';

interface DemoAccount {
  email: string;
  name: string;
  organisation: string;
  role: Role;
  /** What the start-up log says they are, after their address. */
  says: string;
}

/**
 * The illustrative account a demo store offers first, so that anyone trying openlg can sign in:
 * a data steward of Hartlepool at an example.org address, which no one can receive mail at. No
 * password is kept anywhere: each start prints a fresh invitation link until one is used.
 */
export const demoAccount = {
  email: 'demo.steward@example.org',
  name: 'Demo Steward (illustrative account)',
  organisation: 'E06000001',
  role: 'data-steward',
  says: 'a data steward of Hartlepool',
} as const satisfies DemoAccount;

/**
 * The others, made beside the steward, so that anyone trying openlg can see what only some may:
 * early warning (the adviser), the peer challenge programme's records (the manager), a council's
 * side of its challenge (Hartlepool's organisation administrator) and a peer's invitations.
 */
export const demoAdviser = {
  email: 'demo.adviser@example.org',
  name: 'Demo Adviser (illustrative account)',
  organisation: nationalOrganisation,
  role: 'improvement-adviser',
  says: 'an improvement adviser of the national programme, who sees early warning',
} as const satisfies DemoAccount;

export const demoManager = {
  email: 'demo.manager@example.org',
  name: 'Demo Manager (illustrative account)',
  organisation: nationalOrganisation,
  role: 'peer-challenge-manager',
  says: 'a peer challenge manager of the national programme',
} as const satisfies DemoAccount;

export const demoCouncilContact = {
  email: 'demo.council@example.org',
  name: 'Demo Council Contact (illustrative account)',
  organisation: 'E06000001',
  role: 'organisation-admin',
  says: 'the organisation administrator of Hartlepool, its contact for peer challenges',
} as const satisfies DemoAccount;

/** A peer of the demo's pool (linked to them by the demo), an analyst at their own council. */
export const demoPeer = {
  email: 'demo.peer@example.org',
  name: 'Demo Peer (illustrative account)',
  organisation: 'E08000024',
  role: 'analyst',
  says: 'a peer in the pool, invited to a challenge',
} as const satisfies DemoAccount;

const others: readonly DemoAccount[] = [demoAdviser, demoManager, demoCouncilContact, demoPeer];
const demoEmails = [demoAccount, ...others].map((a) => a.email);

/**
 * Makes the demo accounts in a store that has no other accounts (never beside real ones), and
 * prints the invitation link of each while it has no password.
 */
export async function announceDemoAccount(
  accounts: AccountsService,
  config: Config,
  write: (text: string) => void,
): Promise<void> {
  const links: [DemoAccount, string | null][] = [
    [demoAccount, await accounts.demoInvitation(demoAccount, demoEmails)],
  ];
  // The others only beside the steward: a store without the demo register gets none.
  if ((await accounts.userIdByEmail(demoAccount.email)) !== null)
    for (const account of others)
      links.push([account, await accounts.demoInvitation(account, demoEmails)]);
  for (const [account, link] of links)
    if (link !== null)
      write(
        `Demo account (illustrative): ${account.email}, ${account.says}.\n` +
          `Choose its password at ${publicBase(config)}/invitation/${link} (once, within 7 days).\n`,
      );
}
