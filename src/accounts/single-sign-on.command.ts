import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { BadRequestError } from '../shared/errors.ts';
import type { SingleSignOnService } from './single-sign-on.service.ts';

export const ssoUsage = `  sso set --org <code> --issuer <url> --client-id <id> --client-secret-file <path>
        --domains <domain,...>
                        let an organisation's people sign in with its own identity provider
                        (OpenID Connect); needs OPENLG_SECRET_KEY, which seals the secret.
                        Register <public URL>/sign-in/sso/callback with the provider
  sso list              organisations with single sign-on: provider, client id, domains
  sso remove --org <code>
                        stop an organisation's single sign-on`;

export interface SsoFlags {
  org?: string;
  issuer?: string;
  'client-id'?: string;
  'client-secret-file'?: string;
  domains?: string;
}

/** The client secret, from a file: on the command line it would stay in the shell's history. */
async function readSecret(file: string | undefined, cwd: string): Promise<string> {
  if (!file) return '';
  try {
    return await readFile(path.resolve(cwd, file), 'utf8');
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new BadRequestError(`--client-secret-file could not be read: ${reason}`);
  }
}

/** `openlg sso …`: the operator's way to set up single sign-on for an organisation. */
export async function ssoCommand(
  sso: SingleSignOnService,
  args: readonly string[],
  flags: SsoFlags,
  write: (text: string) => void,
  cwd = process.cwd(),
): Promise<number> {
  const [action, ...rest] = args;
  if (action === 'set' && rest.length === 0) {
    if (!flags['client-secret-file'])
      throw new BadRequestError('openlg sso set needs --client-secret-file <path>');
    const set = await sso.configure({
      organisation: flags.org ?? '',
      issuer: flags.issuer ?? '',
      clientId: flags['client-id'] ?? '',
      clientSecret: await readSecret(flags['client-secret-file'], cwd),
      domains: flags.domains ?? '',
    });
    write(
      `${set.organisation.name} (${set.organisation.code}) signs in with ${set.issuer} ` +
        `for ${set.domains.join(', ')}.\n`,
    );
    const problem = await sso.check(set.organisation.code);
    write(
      problem === null
        ? 'Its discovery document was read.\n'
        : `Warning: its discovery document could not be read from here (${problem}).\n`,
    );
    return 0;
  }
  if (action === 'list' && rest.length === 0) {
    write('organisation\tname\tissuer\tclient id\tdomains\tupdated\n');
    for (const s of await sso.list())
      write(
        `${s.organisationCode}\t${s.organisationName}\t${s.issuer}\t${s.clientId}\t` +
          `${s.domains.join(',')}\t${s.updatedAt.toISOString()}\n`,
      );
    return 0;
  }
  if (action === 'remove' && rest.length === 0 && flags.org) {
    if (!(await sso.remove(flags.org)))
      throw new BadRequestError(`${flags.org} has no single sign-on`);
    write(`${flags.org} no longer signs in with its own identity provider.\n`);
    return 0;
  }
  throw new BadRequestError(`Usage:\n${ssoUsage}`);
}
