import { BadRequestError } from '../shared/errors.ts';
import type { ApiKeysService } from './api-keys.service.ts';

export const apiKeysUsage = `  api-keys create --user <email> --name <label>
                        make an API key for someone: prints the key once (only its hash is kept)
  api-keys list [--user <email>]
                        keys, newest first: id, prefix, owner, name, last used, revoked
  api-keys revoke <id or prefix>
                        refuse the key from the next request on`;

export interface ApiKeysFlags {
  user?: string;
  name?: string;
}

const operator = { userId: null, actor: 'openlg api-keys (command line)', origin: null };

const when = (date: Date | null) => (date ? date.toISOString() : '-');

/** `openlg api-keys …`: the operator's way to give, list and revoke API keys. */
export async function apiKeysCommand(
  keys: ApiKeysService,
  args: readonly string[],
  flags: ApiKeysFlags,
  write: (text: string) => void,
): Promise<number> {
  const [action, target, ...rest] = args;
  if (action === 'create' && !target) {
    if (!flags.user || !flags.name)
      throw new BadRequestError('openlg api-keys create needs --user <email> and --name <label>');
    const made = await keys.create(flags.user, flags.name, operator);
    write(
      `API key ${made.id} (${made.prefix}…) for ${made.email}. It is shown this once; ` +
        `send it as "Authorization: Bearer <key>":\n${made.key}\n`,
    );
    return 0;
  }
  if (action === 'list' && !target) {
    write('id\tprefix\tuser\tname\tcreated\tlast used\trevoked\n');
    for (const key of await keys.list(flags.user ?? null))
      write(
        `${key.id}\t${key.prefix}\t${key.email}\t${key.name}\t${when(key.createdAt)}\t` +
          `${when(key.lastUsedAt)}\t${when(key.revokedAt)}\n`,
      );
    return 0;
  }
  if (action === 'revoke' && target && rest.length === 0) {
    const key = await keys.revoke(target, operator);
    write(`API key ${key.id} (${key.prefix}…) of ${key.email} is revoked.\n`);
    return 0;
  }
  throw new BadRequestError(`Usage:\n${apiKeysUsage}`);
}
