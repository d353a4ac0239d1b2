import type { Db } from '../db/database.ts';
import { BadRequestError, NotFoundError } from '../shared/errors.ts';
import { appendAudit, findUserByEmail, membershipsOf } from './accounts.repository.ts';
import type { Origin } from './accounts.service.ts';
import * as repo from './api-keys.repository.ts';
import type { Membership } from './roles.ts';
import { newToken, tokenHash } from './secrets.ts';

export type { ApiKeyRecord } from './api-keys.repository.ts';

/** Every key starts so, so that a secret scanner (or a person) can tell one in a leaked file. */
const keyPrefix = 'olg_';
const keyPattern = /^olg_[A-Za-z0-9_-]{43}$/;
/** The characters of a key that name it in lists and in the CLI: `olg_` and eight more. */
const shownLength = keyPrefix.length + 8;
/** A key's last use is written at most this often: an API request is not a database write. */
const touchEverySeconds = 60;

/** Who an API key speaks for. */
export interface KeyHolder {
  keyId: number;
  userId: number;
  email: string;
  name: string;
  memberships: Membership[];
}

/** Who is acting on keys: the owner at /account, or the operator's CLI. */
export interface KeyActor {
  userId: number | null;
  actor: string;
  origin: Origin | null;
}

export class ApiKeysService {
  constructor(private readonly db: Db) {}

  /** Makes a key for the user with this email; the key itself is returned once, and never kept. */
  async create(email: string, name: string, by: KeyActor) {
    const label = name.trim();
    if (label === '' || label.length > 100)
      throw new BadRequestError('Give the key a name of 1 to 100 characters', 'name');
    const user = await findUserByEmail(this.db, email);
    if (!user) throw new BadRequestError(`No one has the email address ${email}`, 'user');
    if (user.disabledAt) throw new BadRequestError(`${user.email} is disabled`, 'user');
    const key = keyPrefix + newToken();
    const prefix = key.slice(0, shownLength);
    const id = await repo.insertApiKey(this.db, {
      userId: user.id,
      name: label,
      prefix,
      keyHash: tokenHash(key),
    });
    await this.audit(by, 'api-key-created', user.email, { id, prefix, name: label });
    return { id, prefix, key, email: user.email };
  }

  /** Keys, newest first: one person's (by email) or everyone's. */
  async list(email: string | null): Promise<repo.ApiKeyRecord[]> {
    if (email === null) return repo.listApiKeys(this.db, null);
    const user = await findUserByEmail(this.db, email);
    if (!user) throw new BadRequestError(`No one has the email address ${email}`, 'user');
    return repo.listApiKeys(this.db, user.id);
  }

  /**
   * Revokes a key, named by its id or prefix; `owner`, when given, must hold it (someone else's
   * key is answered as one that does not exist). Refused from the next request on.
   */
  async revoke(idOrPrefix: string, by: KeyActor, owner: number | null = null) {
    const key = await repo.findApiKey(this.db, idOrPrefix.trim());
    if (!key || (owner !== null && key.userId !== owner))
      throw new NotFoundError('API key', idOrPrefix);
    if (await repo.revokeApiKey(this.db, key.id))
      await this.audit(by, 'api-key-revoked', key.email, {
        id: key.id,
        prefix: key.prefix,
        name: key.name,
      });
    return key;
  }

  /** Who a presented key speaks for, or null: unknown, revoked, or its user disabled. */
  async holder(key: string): Promise<KeyHolder | null> {
    if (!keyPattern.test(key)) return null;
    const found = await repo.findKeyHolder(this.db, tokenHash(key));
    if (!found) return null;
    const last = found.lastUsedAt?.getTime() ?? 0;
    if (Date.now() - last > touchEverySeconds * 1000) await repo.touchApiKey(this.db, found.keyId);
    const memberships = await membershipsOf(this.db, [found.userId]);
    return {
      keyId: found.keyId,
      userId: found.userId,
      email: found.email,
      name: found.name,
      memberships: memberships.map(({ organisation, role }) => ({ organisation, role })),
    };
  }

  /**
   * Writes to the audit trail that a key read data the public cannot see yet: the address it
   * asked, and the imports (embargoed, restricted) its answer could draw on.
   */
  async recordSightedRead(
    holder: KeyHolder,
    origin: Origin,
    url: string,
    imports: readonly number[],
  ) {
    await this.audit(
      { userId: holder.userId, actor: holder.email, origin },
      'api-key-read-unpublished',
      url,
      { keyId: holder.keyId, imports },
    );
  }

  private audit(by: KeyActor, action: string, subject: string, after: unknown) {
    return appendAudit(this.db, {
      userId: by.userId,
      actor: by.actor,
      address: by.origin?.address ?? null,
      action,
      subject,
      after,
    });
  }
}
