import type { Db } from '../db/database.ts';
import type { Mailer, MailMessage } from '../mail/mailer.ts';
import { passwordResetMail } from './account-mail.ts';
import * as accounts from './accounts.repository.ts';
import type { Origin } from './accounts.service.ts';
import { passwordProblem } from './password-rules.ts';
import * as repo from './password-reset.repository.ts';
import { hashPassword, newToken, tokenHash } from './secrets.ts';

/** A reset link works once, for an hour: long enough to read the email, short if it leaks. */
export const passwordResetSeconds = 3600;

/**
 * Past this many requests within the window, more are refused: per email address, so no one's
 * inbox can be flooded, and per client address, so no one can try many addresses. Requests for
 * emails no account has count the same, so refusing says nothing about who has an account.
 */
export const passwordResetThrottle = {
  perEmail: 3,
  perAddress: 10,
  windowSeconds: 3600,
} as const;

export type ResetRequestResult = 'accepted' | 'throttled';

export type ResetResult = { kind: 'reset' } | { kind: 'ended' } | { kind: 'problem'; text: string };

export class PasswordResetService {
  /** Links still being sent: a request answers before, whoever the email is for. */
  private readonly sending = new Set<Promise<void>>();

  constructor(
    private readonly db: Db,
    private readonly mailer: Mailer,
    /** The site's address, with no trailing slash, for the link in the email. */
    private readonly siteUrl: string,
    /** Told when a link could not be made or mailed: the person asking has had their answer. */
    private readonly sendFailed: (error: unknown) => void,
  ) {}

  /**
   * Sends a reset link if an active account has the email. The answer is the same either way,
   * and so is the work done before it: whatever depends on the account (finding it, storing a
   * link, mailing it) happens after, so not even the answer's time tells whether one exists.
   */
  async request(email: string, origin: Origin): Promise<ResetRequestResult> {
    const emailKey = email.trim().toLowerCase();
    const { windowSeconds, perEmail, perAddress } = passwordResetThrottle;
    const recent = await repo.recentResetRequests(this.db, emailKey, origin.address, windowSeconds);
    if (recent.forEmail >= perEmail || recent.fromAddress >= perAddress) {
      await this.audit(null, emailKey, origin, 'password-reset-throttled');
      return 'throttled';
    }
    await repo.recordResetRequest(this.db, emailKey, origin.address);
    this.afterAnswering(() => this.sendLink(emailKey, origin));
    return 'accepted';
  }

  private async sendLink(emailKey: string, origin: Origin): Promise<void> {
    const user = await accounts.findUserByEmail(this.db, emailKey);
    const active = user && !user.disabledAt ? user : null;
    await this.audit(active?.id ?? null, emailKey, origin, 'password-reset-requested');
    if (active) await this.mailer.send(await this.issue(active));
  }

  private async issue(user: accounts.UserRecord): Promise<MailMessage> {
    const token = newToken();
    await repo.insertPasswordReset(this.db, {
      tokenHash: tokenHash(token),
      userId: user.id,
      expiresAt: new Date(Date.now() + passwordResetSeconds * 1000),
    });
    const link = `${this.siteUrl}/reset-password/${token}`;
    return passwordResetMail(user, link, passwordResetSeconds / 3600);
  }

  /** Starts `work` once the answer has gone (the next turn of the event loop), and tracks it. */
  private afterAnswering(work: () => Promise<void>): void {
    const sent = new Promise<void>((resolve) => setImmediate(resolve))
      .then(work)
      .catch((error: unknown) => this.sendFailed(error));
    this.sending.add(sent);
    void sent.finally(() => this.sending.delete(sent));
  }

  /** Waits for links still being sent, so that closing the process loses none. */
  async settle(): Promise<void> {
    await Promise.all(this.sending);
  }

  /** Whose password a reset link is for, while it is unused and unexpired. */
  async open(token: string): Promise<{ name: string; email: string } | null> {
    const userId = await repo.openPasswordReset(this.db, tokenHash(token));
    const user = userId === null ? null : await accounts.findUser(this.db, userId);
    return user && !user.disabledAt ? { name: user.name, email: user.email } : null;
  }

  /**
   * Sets the new password, using the link up, and signs the user out everywhere: whoever knew
   * the old password, or holds a session, is out. Every other link sent to them ends too.
   */
  async reset(token: string, password: string, origin: Origin): Promise<ResetResult> {
    const person = await this.open(token);
    if (!person) return { kind: 'ended' };
    const problem = passwordProblem(password, person.email);
    if (problem) return { kind: 'problem', text: problem };
    // Hashed before the transaction: it takes tens of milliseconds, and holds no lock meanwhile.
    const hash = await hashPassword(password);
    return this.db.transaction().execute(async (trx) => {
      const userId = await repo.usePasswordReset(trx, tokenHash(token));
      if (userId === null) return { kind: 'ended' } as const;
      await accounts.setPasswordHash(trx, userId, hash);
      await repo.endPasswordResets(trx, userId);
      const ended = await accounts.deleteUserSessions(trx, userId);
      await accounts.appendAudit(trx, {
        userId,
        actor: person.email,
        address: origin.address,
        action: 'password-reset',
        subject: person.email,
        after: { sessionsEnded: ended },
      });
      return { kind: 'reset' } as const;
    });
  }

  /** Deletes requests past the throttling window, and links used or expired. */
  tidy(): Promise<void> {
    return repo.forgetPasswordResetsBefore(this.db, passwordResetThrottle.windowSeconds);
  }

  private audit(userId: number | null, emailKey: string, origin: Origin, action: string) {
    return accounts.appendAudit(this.db, {
      userId,
      actor: emailKey,
      address: origin.address,
      action,
      subject: emailKey,
    });
  }
}
