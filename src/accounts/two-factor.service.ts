import { randomInt } from 'node:crypto';
import type { Db } from '../db/database.ts';
import * as accountsRepo from './accounts.repository.ts';
import type { AccountsService, Origin, Viewer } from './accounts.service.ts';
import type { SecretBox } from './secret-box.ts';
import { tokenHash, verifyPassword } from './secrets.ts';
import { groupedSecret, matchingStep, newTotpSecret, otpauthUri } from './totp.ts';
import * as repo from './two-factor.repository.ts';

/** How many recovery codes a person is given, each good for one sign-in without the app. */
export const recoveryCodeCount = 10;

/** Recovery codes are typed by hand: no 0/O, 1/l/i to confuse. 31 symbols, 12 of them: 59 bits. */
const recoveryAlphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
const recoveryPattern = /^[a-z2-9]{4}-?[a-z2-9]{4}-?[a-z2-9]{4}$/;

/** What a person needs to add the secret to their app. */
export interface SetUpDetails {
  grouped: string;
  uri: string;
}

export type SecondStepResult =
  | { kind: 'signed-in'; token: string }
  | { kind: 'refused' }
  | { kind: 'used' }
  | { kind: 'throttled' }
  | { kind: 'expired' };

/** The issuer authenticator apps show beside the code. */
const issuer = 'openlg';

/**
 * Two-factor sign-in with TOTP: setting it up and turning it off at /account/two-factor, and the
 * second step of signing in, which ends in the session AccountsService opens.
 */
export class TwoFactorService {
  constructor(
    private readonly db: Db,
    private readonly accounts: AccountsService,
    /** Seals the TOTP keys with OPENLG_SECRET_KEY, when it is set. */
    private readonly box: SecretBox,
    private readonly now: () => number = Date.now,
  ) {}

  /** The user's TOTP record, its key opened. */
  private async kept(userId: number): Promise<repo.TwoFactorRecord | null> {
    const kept = await repo.findTwoFactor(this.db, userId);
    return kept && { ...kept, secret: this.box.open(kept.secret, `user ${userId}`) };
  }

  /** Whether the person must set up a second step before anything else (an administrator). */
  mustSetUp(userId: number): Promise<boolean> {
    return repo.mustSetUpTwoFactor(this.db, userId);
  }

  async status(userId: number): Promise<{ on: boolean; recoveryCodesLeft: number }> {
    const on = await repo.hasTwoFactor(this.db, userId);
    return { on, recoveryCodesLeft: on ? await repo.unusedRecoveryCodes(this.db, userId) : 0 };
  }

  /**
   * The secret being set up: the one kept unconfirmed, so that reloading the page after scanning
   * it shows the same one, or a new one.
   */
  async setUpDetails(viewer: Viewer): Promise<SetUpDetails> {
    const kept = await this.kept(viewer.userId);
    let secret = kept && !kept.confirmed ? kept.secret : null;
    if (secret === null) {
      secret = newTotpSecret();
      const sealed = this.box.seal(secret, `user ${viewer.userId}`);
      await repo.storePendingSecret(this.db, viewer.userId, sealed);
    }
    return { grouped: groupedSecret(secret), uri: otpauthUri(secret, issuer, viewer.email) };
  }

  /**
   * Puts the secret in force once a current code from it is given; the recovery codes to show
   * once, or null when the code is wrong.
   */
  async confirm(viewer: Viewer, code: string, origin: Origin): Promise<string[] | null> {
    const kept = await this.kept(viewer.userId);
    if (!kept || kept.confirmed) return null;
    const step = matchingStep(kept.secret, code, this.now(), null);
    if (step === null) return null;
    const codes = Array.from({ length: recoveryCodeCount }, newRecoveryCode);
    const accepted = await this.db.transaction().execute(async (trx) => {
      if (!(await repo.acceptStep(trx, viewer.userId, step))) return false;
      await repo.replaceRecoveryCodes(
        trx,
        viewer.userId,
        codes.map((c) => recoveryHash(viewer.userId, c)),
      );
      return true;
    });
    if (!accepted) return null;
    await this.accounts.audit(viewer.userId, viewer.email, origin, 'two-factor-on', viewer.email);
    return codes;
  }

  /**
   * Turns the second step off, given the password or a current code from the app; whether it
   * was. A code here is used as at sign-in: it cannot be given again.
   */
  async turnOff(viewer: Viewer, proof: string, origin: Origin): Promise<boolean> {
    const kept = await this.kept(viewer.userId);
    if (!kept?.confirmed) return false;
    const step = matchingStep(kept.secret, proof, this.now(), kept.lastUsedStep);
    const proven =
      step !== null
        ? await repo.acceptStep(this.db, viewer.userId, step)
        : await this.passwordMatches(viewer.userId, proof);
    if (!proven) return false;
    await this.db.transaction().execute((trx) => repo.deleteTwoFactor(trx, viewer.userId));
    await this.accounts.audit(viewer.userId, viewer.email, origin, 'two-factor-off', viewer.email);
    return true;
  }

  private async passwordMatches(userId: number, password: string): Promise<boolean> {
    const user = await accountsRepo.findUser(this.db, userId);
    return user?.passwordHash ? verifyPassword(user.passwordHash, password) : false;
  }

  /** Whether a sign-in waits for its second step under this cookie token. */
  async challengeOpen(token: string): Promise<boolean> {
    return (await repo.findChallenge(this.db, tokenHash(token))) !== null;
  }

  /**
   * The second step of signing in: a code from the app (never one already accepted) or an unused
   * recovery code. Wrong codes count with wrong passwords towards the same throttle, so a stolen
   * password does not buy unlimited guesses at codes.
   */
  async completeSignIn(
    challengeToken: string,
    code: string,
    origin: Origin,
    previousToken: string | null,
  ): Promise<SecondStepResult> {
    const challenge = await repo.findChallenge(this.db, tokenHash(challengeToken));
    if (!challenge) return { kind: 'expired' };
    const { userId, email } = challenge;
    const emailKey = email.toLowerCase();
    if (await this.accounts.signInThrottled(emailKey, origin.address)) {
      await this.accounts.audit(userId, email, origin, 'two-factor-throttled', email);
      return { kind: 'throttled' };
    }
    const outcome = await this.checkCode(userId, email, code, origin);
    if (outcome !== 'accepted') {
      await accountsRepo.recordFailedSignIn(this.db, emailKey, origin.address);
      await this.accounts.audit(userId, email, origin, 'two-factor-failed', email);
      return { kind: outcome };
    }
    // Of two requests racing with one challenge, only the one that ends it signs in.
    if (!(await repo.deleteChallenge(this.db, tokenHash(challengeToken))))
      return { kind: 'expired' };
    const token = await this.accounts.openSession({ id: userId, email }, origin, previousToken);
    return { kind: 'signed-in', token };
  }

  private async checkCode(
    userId: number,
    email: string,
    code: string,
    origin: Origin,
  ): Promise<'accepted' | 'refused' | 'used'> {
    const given = code.trim().toLowerCase();
    if (recoveryPattern.test(given)) {
      if (!(await repo.useRecoveryCode(this.db, userId, recoveryHash(userId, given))))
        return 'refused';
      const left = await repo.unusedRecoveryCodes(this.db, userId);
      await this.accounts.audit(userId, email, origin, 'two-factor-recovery-code-used', email, {
        after: { recoveryCodesLeft: left },
      });
      return 'accepted';
    }
    const kept = await this.kept(userId);
    if (!kept?.confirmed) return 'refused';
    const at = this.now();
    const step = matchingStep(kept.secret, given, at, kept.lastUsedStep);
    if (step !== null && (await repo.acceptStep(this.db, userId, step))) return 'accepted';
    // Said apart from a wrong code, so that a person who typed it twice knows to wait for the next.
    return matchingStep(kept.secret, given, at, null) === null ? 'refused' : 'used';
  }

  async tidy(): Promise<void> {
    await repo.deleteEndedChallenges(this.db);
  }
}

function newRecoveryCode(): string {
  const chars = Array.from({ length: 12 }, () => recoveryAlphabet[randomInt(31)]);
  return [0, 4, 8].map((at) => chars.slice(at, at + 4).join('')).join('-');
}

/**
 * What is kept of a recovery code: 59 random bits, so a fast hash will do, salted with the user
 * so that no table of hashes works for everyone's codes at once.
 */
function recoveryHash(userId: number, code: string): string {
  return tokenHash(`${userId}:${code.replace(/-/g, '')}`);
}
