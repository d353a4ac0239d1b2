import type { Config } from '../config/config.ts';
import type { AccountsService } from './accounts.service.ts';
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
 * Makes the demo account in a store that has no accounts yet (never beside real ones), and
 * prints its invitation link while it has no password.
 */
export async function announceDemoAccount(
  accounts: AccountsService,
  config: Config,
  write: (text: string) => void,
): Promise<void> {
  const link = await accounts.demoInvitation(demoAccount);
  if (link === null) return;
  write(
    `Demo account (illustrative): ${demoAccount.email}, a data steward of Hartlepool.\n` +
      `Choose its password at ${publicBase(config)}/invitation/${link} (once, within 7 days).\n`,
  );
}
