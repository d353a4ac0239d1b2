import type { Db } from '../db/database.ts';
import { BadRequestError } from '../shared/errors.ts';
import * as repo from './accounts.repository.ts';
import { passwordProblem } from './password-rules.ts';
import { isRole, nationalOrganisation, roles, type Membership, type Role } from './roles.ts';
import { hashPassword, newToken, tokenHash, verifyPassword } from './secrets.ts';
import { deleteTwoFactor, hasTwoFactor, insertChallenge } from './two-factor.repository.ts';

export type { Organisation } from './accounts.repository.ts';

/** How long sessions last: unused, and at most (config: OPENLG_SESSION_*). */
export interface SessionLifetimes {
  idleSeconds: number;
  maxSeconds: number;
}

/** Throttling: past this many failed sign-ins within the window, sign-in is refused. */
export const signInThrottle = {
  perEmail: 5,
  perAddress: 20,
  windowSeconds: 15 * 60,
} as const;

/** After the right password, the second step must be taken within this time. */
export const secondStepSeconds = 5 * 60;

/** An invitation link works once, for a week. */
export const invitationSeconds = 7 * 24 * 3600;

/** A session's last use is written at most this often: a page view is not a database write. */
const touchEverySeconds = 60;

/** Who is asking, when someone is signed in. */
export interface Viewer {
  userId: number;
  name: string;
  email: string;
  csrfToken: string;
  /** The hash of the session's token: what signs this session out. */
  sessionHash: string;
  /** The roles they hold, for requireAccess: read with the session, so a change shows at once. */
  memberships: Membership[];
}

export type SignInResult =
  | { kind: 'signed-in'; token: string }
  /** The password was right; `challenge` (a cookie's token) awaits the second step. */
  | { kind: 'two-factor'; challenge: string }
  | { kind: 'refused' }
  | { kind: 'disabled' }
  | { kind: 'throttled' };

/** Where a request came from, for throttling and the audit trail. */
export interface Origin {
  address: string;
}

const operator = 'openlg users (command line)';

export class AccountsService {
  /** Verified against when no user has the email, so that both take the same time. */
  private decoy: Promise<string> | null = null;

  constructor(
    private readonly db: Db,
    private readonly lifetimes: SessionLifetimes,
  ) {}

  /**
   * Whether too many sign-ins failed lately for this email or from this address. Wrong passwords
   * and wrong second-step codes count together, so both steps ask here.
   */
  async signInThrottled(emailKey: string, address: string): Promise<boolean> {
    const failures = await repo.recentFailures(
      this.db,
      emailKey,
      address,
      signInThrottle.windowSeconds,
    );
    return (
      failures.forEmail >= signInThrottle.perEmail ||
      failures.fromAddress >= signInThrottle.perAddress
    );
  }

  async signIn(
    email: string,
    password: string,
    origin: Origin,
    previousToken: string | null,
  ): Promise<SignInResult> {
    const emailKey = email.trim().toLowerCase();
    if (await this.signInThrottled(emailKey, origin.address)) {
      await this.audit(null, emailKey, origin, 'sign-in-throttled', emailKey);
      return { kind: 'throttled' };
    }
    const user = await repo.findUserByEmail(this.db, emailKey);
    const matches = await verifyPassword(user?.passwordHash ?? (await this.decoyHash()), password);
    if (!user || !user.passwordHash || !matches) {
      await repo.recordFailedSignIn(this.db, emailKey, origin.address);
      await this.audit(user?.id ?? null, emailKey, origin, 'sign-in-failed', emailKey);
      return { kind: 'refused' };
    }
    if (user.disabledAt) {
      await this.audit(user.id, user.email, origin, 'sign-in-refused-disabled', user.email);
      return { kind: 'disabled' };
    }
    return this.firstFactorPassed(user, origin, previousToken, { method: 'password' });
  }

  /**
   * Signs in someone whose first factor has been checked (their password, or their council's
   * identity provider): at once, or, if they have set it up, after the second step, which is
   * asked for whichever way they came.
   */
  async firstFactorPassed(
    user: { id: number; email: string },
    origin: Origin,
    previousToken: string | null,
    how: { method: 'password' } | { method: 'single-sign-on'; organisation: string },
  ): Promise<SignInResult> {
    if (await hasTwoFactor(this.db, user.id)) return this.awaitSecondStep(user, origin, how);
    const after = how.method === 'password' ? undefined : how;
    return { kind: 'signed-in', token: await this.openSession(user, origin, previousToken, after) };
  }

  /** No session yet: a challenge in the database, so any process can take the second step. */
  private async awaitSecondStep(
    user: { id: number; email: string },
    origin: Origin,
    how: { method: string },
  ): Promise<SignInResult> {
    const challenge = newToken();
    await insertChallenge(this.db, {
      tokenHash: tokenHash(challenge),
      userId: user.id,
      expiresAt: new Date(Date.now() + secondStepSeconds * 1000),
    });
    const action = how.method === 'password' ? 'sign-in-password-accepted' : 'sign-in-sso-accepted';
    await this.audit(user.id, user.email, origin, action, user.email, {
      ...(how.method === 'password' ? {} : { after: how }),
    });
    return { kind: 'two-factor', challenge };
  }

  /**
   * Signs in someone who has given everything sign-in asks for; the new session's token. `how`,
   * when given, is written to the audit event (single sign-on names the organisation).
   */
  async openSession(
    user: { id: number; email: string },
    origin: Origin,
    previousToken: string | null,
    how?: unknown,
  ): Promise<string> {
    // A fresh token every time, whatever cookie came in: no one can fix a session for another.
    if (previousToken) await repo.deleteSession(this.db, tokenHash(previousToken));
    const token = await this.startSession(user.id);
    await this.audit(user.id, user.email, origin, 'sign-in', user.email, {
      ...(how === undefined ? {} : { after: how }),
    });
    return token;
  }

  private decoyHash(): Promise<string> {
    this.decoy ??= hashPassword(newToken());
    return this.decoy;
  }

  private async startSession(userId: number): Promise<string> {
    const token = newToken();
    await repo.insertSession(this.db, {
      tokenHash: tokenHash(token),
      userId,
      csrfToken: newToken(),
      expiresAt: new Date(Date.now() + this.lifetimes.maxSeconds * 1000),
    });
    return token;
  }

  /** The signed-in person a session cookie names, or null when it names no live session. */
  async viewer(token: string): Promise<Viewer | null> {
    const sessionHash = tokenHash(token);
    const session = await repo.findLiveSession(this.db, sessionHash, this.lifetimes.idleSeconds);
    if (!session) return null;
    if (Date.now() - session.lastSeenAt.getTime() > touchEverySeconds * 1000)
      await repo.touchSession(this.db, sessionHash);
    const { userId, name, email, csrfToken } = session;
    const memberships = (await this.memberships(userId)).map(({ organisation, role }) => ({
      organisation,
      role,
    }));
    return { userId, name, email, csrfToken, sessionHash, memberships };
  }

  async signOut(viewer: Viewer, origin: Origin): Promise<void> {
    await repo.deleteSession(this.db, viewer.sessionHash);
    await this.audit(viewer.userId, viewer.email, origin, 'sign-out', viewer.email);
  }

  async signOutEverywhere(viewer: Viewer, origin: Origin): Promise<void> {
    const ended = await repo.deleteUserSessions(this.db, viewer.userId);
    await this.audit(viewer.userId, viewer.email, origin, 'sign-out-everywhere', viewer.email, {
      after: { sessionsEnded: ended },
    });
  }

  memberships(userId: number) {
    return repo.membershipsOf(this.db, [userId]);
  }

  /**
   * Changes the password after checking the current one; the problem with the form otherwise,
   * by field. Every other session of the user ends: whoever knew the old password is out.
   */
  async changePassword(
    viewer: Viewer,
    current: string,
    next: string,
    origin: Origin,
  ): Promise<{ field: string; text: string } | null> {
    const user = await repo.findUser(this.db, viewer.userId);
    if (!user?.passwordHash || !(await verifyPassword(user.passwordHash, current)))
      return { field: 'currentPassword', text: 'Enter your current password correctly' };
    const problem = passwordProblem(next, user.email);
    if (problem) return { field: 'newPassword', text: problem };
    await repo.setPasswordHash(this.db, user.id, await hashPassword(next));
    await repo.deleteUserSessions(this.db, user.id, viewer.sessionHash);
    await this.audit(user.id, user.email, origin, 'password-changed', user.email);
    return null;
  }

  /** Who an invitation link is for, while it is unused and unexpired. */
  async invitation(token: string): Promise<{ name: string; email: string } | null> {
    const userId = await repo.openInvitation(this.db, tokenHash(token));
    const user = userId === null ? null : await repo.findUser(this.db, userId);
    return user && !user.disabledAt ? { name: user.name, email: user.email } : null;
  }

  /** Sets the invitee's password and signs them in; null if the link has been used or expired. */
  async acceptInvitation(token: string, password: string, origin: Origin): Promise<string | null> {
    const userId = await repo.useInvitation(this.db, tokenHash(token));
    const user = userId === null ? null : await repo.findUser(this.db, userId);
    if (!user || user.disabledAt) return null;
    await repo.setPasswordHash(this.db, user.id, await hashPassword(password));
    await this.audit(user.id, user.email, origin, 'invitation-accepted', user.email);
    return this.startSession(user.id);
  }

  async audit(
    userId: number | null,
    actor: string | null,
    origin: Origin | null,
    action: string,
    subject: string | null,
    change: { before?: unknown; after?: unknown } = {},
  ): Promise<void> {
    await repo.appendAudit(this.db, {
      userId,
      actor,
      address: origin?.address ?? null,
      action,
      subject,
      ...change,
    });
  }

  /** Deletes sessions and attempts nobody will read again. */
  async tidy(): Promise<void> {
    await repo.deleteEndedSessions(this.db, this.lifetimes.idleSeconds);
    await repo.forgetFailuresBefore(this.db, signInThrottle.windowSeconds);
  }

  // The operator's commands (openlg users …).

  /**
   * Adds a person (or a role to one already known) in an organisation; returns an invitation
   * token when they have no password yet, to be sent to them as a link.
   */
  async addUser(input: {
    email: string;
    name: string;
    organisation: string;
    role: string;
  }): Promise<{ invitation: string | null; userId: number }> {
    const email = input.email.trim();
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email))
      throw new BadRequestError(`"${email}" is not an email address`, 'email');
    if (!isRole(input.role))
      throw new BadRequestError(`--role must be one of ${roles.join(', ')}`, 'role');
    const organisation = await this.organisation(input.organisation);
    const existing = await repo.findUserByEmail(this.db, email);
    if (!existing && input.name.trim() === '')
      throw new BadRequestError('--name is needed for someone new', 'name');
    const userId = existing?.id ?? (await repo.insertUser(this.db, email, input.name.trim()));
    if (!existing)
      await this.audit(null, operator, null, 'user-added', email, {
        after: { email, name: input.name.trim() },
      });
    await this.grant(userId, email, organisation, input.role);
    if (existing?.passwordHash) return { invitation: null, userId };
    const token = newToken();
    await repo.insertInvitation(this.db, {
      tokenHash: tokenHash(token),
      userId,
      expiresAt: new Date(Date.now() + invitationSeconds * 1000),
    });
    return { invitation: token, userId };
  }

  private async grant(userId: number, email: string, organisation: repo.Organisation, role: Role) {
    const before = await this.memberships(userId);
    if (!(await repo.addMembership(this.db, userId, organisation.id, role))) return;
    await this.audit(null, operator, null, 'role-granted', email, {
      before: before.map((m) => ({ organisation: m.organisation, role: m.role })),
      after: { organisation: organisation.code, role },
    });
  }

  /**
   * The organisation `code` names: `lga`, a club's slug, or a council's GSS code. A council's
   * organisation is made the first time someone joins it, named as the register names it: the
   * register (reloaded whole by `openlg areas import`) stays the one list of councils.
   */
  async organisation(code: string): Promise<repo.Organisation> {
    const known = await repo.findOrganisation(this.db, code);
    if (known) return known;
    const name = await repo.currentAreaName(this.db, code);
    if (name === null)
      throw new BadRequestError(
        `No organisation or current council has the code ${code}: give a council's GSS code, ` +
          'lga for the national programme team, or a club’s slug',
        'org',
      );
    return repo.ensureOrganisation(this.db, { kind: 'council', code, name });
  }

  /** Adds an organisation (a benchmarking club, say) unless its code is taken; the one stored. */
  addOrganisation(organisation: Omit<repo.Organisation, 'id'>): Promise<repo.Organisation> {
    return repo.ensureOrganisation(this.db, organisation);
  }

  /**
   * An invitation for a demo account: made with it when the store has no users but demo ones
   * (`demoEmails`) and, for a council's account, holds the council; a fresh one each time while
   * it has no password; null otherwise.
   */
  async demoInvitation(
    account: { email: string; name: string; organisation: string; role: string },
    demoEmails: readonly string[] = [account.email],
  ): Promise<string | null> {
    const user = await repo.findUserByEmail(this.db, account.email);
    if (
      user
        ? user.passwordHash !== null || user.disabledAt !== null
        : !(await this.onlyUsers(demoEmails))
    )
      return null;
    const council = account.organisation !== nationalOrganisation;
    if (!user && council && (await repo.currentAreaName(this.db, account.organisation)) === null)
      return null;
    return (await this.addUser(account)).invitation;
  }

  /** The id of the user with this email, or null. */
  async userIdByEmail(email: string): Promise<number | null> {
    return (await repo.findUserByEmail(this.db, email))?.id ?? null;
  }

  /** Whether every user the store holds (perhaps none) has one of these emails. */
  private async onlyUsers(emails: readonly string[]): Promise<boolean> {
    const known = new Set(emails.map((e) => e.toLowerCase()));
    return (await repo.listUsers(this.db)).every((u) => known.has(u.email.toLowerCase()));
  }

  async listUsers() {
    const users = await repo.listUsers(this.db);
    const memberships = await repo.membershipsOf(
      this.db,
      users.map((u) => u.id),
    );
    return users.map((user) => ({
      ...user,
      memberships: memberships.filter((m) => m.userId === user.id),
    }));
  }

  /**
   * Turns two-factor sign-in off for someone who has lost both their app and their recovery
   * codes, once the operator is sure who is asking; false if no one has the email.
   */
  async turnOffTwoFactor(email: string): Promise<boolean> {
    const user = await repo.findUserByEmail(this.db, email);
    if (!user) return false;
    const on = await hasTwoFactor(this.db, user.id);
    await this.db.transaction().execute((trx) => deleteTwoFactor(trx, user.id));
    await this.audit(null, operator, null, 'two-factor-off', user.email, {
      before: { twoFactor: on },
      after: { twoFactor: false },
    });
    return true;
  }

  /** Disables the account and ends every session it has; false if no one has the email. */
  async disableUser(email: string): Promise<boolean> {
    const user = await repo.findUserByEmail(this.db, email);
    if (!user) return false;
    await repo.disableUser(this.db, user.id);
    const ended = await repo.deleteUserSessions(this.db, user.id);
    await this.audit(null, operator, null, 'user-disabled', user.email, {
      before: { disabled: user.disabledAt !== null },
      after: { disabled: true, sessionsEnded: ended },
    });
    return true;
  }
}
