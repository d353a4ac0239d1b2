import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/*
 * Secrets the service must read back (a TOTP key cannot be hashed like a password: checking a
 * code needs the key), sealed with a key from the configuration (OPENLG_SECRET_KEY) that is not
 * in the database, so that a copy of the database alone does not give them away. AES-256-GCM,
 * bound to what the secret belongs to (a user), so that a sealed value copied onto another row
 * does not open. Without a configured key, secrets are kept as they are, and read back either way:
 * a key set later seals the secrets written from then on.
 */

export interface SecretBox {
  /** The form to store `secret` in, for the owner `context` names ("user 12"). */
  seal(secret: string, context: string): string;
  /** The secret a stored form holds; throws when it was sealed with a key this box lacks. */
  open(stored: string, context: string): string;
}

const sealedPrefix = 'aes256gcm:';

export function secretBox(configuredKey: string | null): SecretBox {
  const key =
    configuredKey === null
      ? null
      : Buffer.from(hkdfSync('sha256', configuredKey, '', 'openlg stored secrets', 32));
  return {
    seal(secret, context) {
      if (key === null) return secret;
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv).setAAD(Buffer.from(context));
      const sealed = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
      const parts = [iv, cipher.getAuthTag(), sealed].map((b) => b.toString('base64url'));
      return sealedPrefix + parts.join('.');
    },
    open(stored, context) {
      if (!stored.startsWith(sealedPrefix)) return stored;
      if (key === null)
        throw new Error(
          'A stored secret is sealed: set OPENLG_SECRET_KEY to the key it was sealed with',
        );
      const [iv = '', tag = '', sealed = ''] = stored.slice(sealedPrefix.length).split('.');
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'))
        .setAAD(Buffer.from(context))
        .setAuthTag(Buffer.from(tag, 'base64url'));
      try {
        return Buffer.concat([
          decipher.update(Buffer.from(sealed, 'base64url')),
          decipher.final(),
        ]).toString('utf8');
      } catch {
        throw new Error(
          'A stored secret does not open with OPENLG_SECRET_KEY: it was sealed with another key, or for another owner',
        );
      }
    },
  };
}
