import type * as oidc from 'openid-client';
import type { Db } from '../db/database.ts';
import { BadRequestError } from '../shared/errors.ts';
import { findUserByEmail, membershipsOf } from './accounts.repository.ts';
import type { AccountsService, Origin } from './accounts.service.ts';
import type { SecretBox } from './secret-box.ts';
import { sameSecret, tokenHash } from './secrets.ts';
import {
  emailDomain,
  isLoopbackHttp,
  singleSignOnSettings,
  type SingleSignOnSettings,
} from './single-sign-on.schema.ts';
import * as repo from './single-sign-on.repository.ts';

export type { SingleSignOnRecord } from './single-sign-on.repository.ts';

/** A sign-in sent to a provider must come back within this time. */
export const requestSeconds = 10 * 60;

/** A provider's discovery document is read again after this time, or once its settings change. */
const discoveryMs = 60 * 60 * 1000;

/** Why a single sign-on was refused: each has its own words on the page and in the audit trail. */
export type SignOnRefusal =
  | 'state-mismatch'
  | 'expired'
  | 'not-configured'
  | 'provider'
  | 'email-unverified'
  | 'domain-not-allowed'
  | 'not-invited'
  | 'disabled'
  | 'not-member';

export type SignOnStart =
  | { kind: 'redirect'; url: string; state: string }
  | { kind: 'unknown-domain' }
  | { kind: 'unavailable' };

export type SignOnFinish =
  | { kind: 'signed-in'; token: string; next: string }
  | { kind: 'two-factor'; challenge: string; next: string }
  | { kind: 'refused'; reason: SignOnRefusal };

/** Who changes single sign-on: the operator's command line. */
const operator = 'openlg sso (command line)';

const secretContext = (organisationId: number) => `organisation ${organisationId} single sign-on`;

/**
 * openid-client, loaded with the first single sign-on: 9 MB of a server's memory that one
 * whose organisations sign in with passwords never needs.
 */
const openidClient = () => import('openid-client');

/**
 * Single sign-on with an organisation's own identity provider (OpenID Connect, authorization code
 * with PKCE): configured by the operator, started from the sign-in page with a work email
 * address, and finished at the callback in the same session AccountsService opens for a password.
 * Only people already invited, holding a role in that organisation, are signed in.
 */
export class SingleSignOnService {
  private readonly discovered = new Map<
    string,
    { at: number; config: Promise<oidc.Configuration> }
  >();

  constructor(
    private readonly db: Db,
    private readonly accounts: AccountsService,
    /** Seals client secrets with OPENLG_SECRET_KEY. */
    private readonly box: SecretBox,
    /** Whether OPENLG_SECRET_KEY is set: without it no client secret is stored. */
    private readonly sealing: boolean,
  ) {}

  // The operator's commands (openlg sso …).

  /** Checks and stores an organisation's single sign-on, replacing what it had. */
  async configure(input: Record<keyof SingleSignOnSettings, unknown>) {
    const parsed = singleSignOnSettings.safeParse(input);
    if (!parsed.success)
      throw new BadRequestError(parsed.error.issues.map((i) => i.message).join('\n'));
    if (!this.sealing)
      throw new BadRequestError(
        'Set OPENLG_SECRET_KEY first: client secrets are stored sealed with it, never in the clear',
      );
    const settings = parsed.data;
    const organisation = await this.accounts.organisation(settings.organisation);
    const taken = (await repo.domainOwners(this.db, settings.domains)).filter(
      (owner) => owner.organisationId !== organisation.id,
    );
    if (taken.length > 0)
      throw new BadRequestError(
        taken.map((t) => `${t.domain} already signs in to ${t.organisationCode}`).join('\n'),
      );
    const before = await repo.findByOrganisation(this.db, organisation.id);
    await this.db.transaction().execute((trx) =>
      repo.saveSingleSignOn(trx, {
        organisationId: organisation.id,
        issuer: settings.issuer,
        clientId: settings.clientId,
        sealedSecret: this.box.seal(settings.clientSecret, secretContext(organisation.id)),
        domains: settings.domains,
      }),
    );
    const after = {
      issuer: settings.issuer,
      clientId: settings.clientId,
      domains: settings.domains,
    };
    await this.accounts.audit(null, operator, null, 'sso-configured', organisation.code, {
      before: before && shown(before),
      after,
    });
    return { organisation, ...after };
  }

  list(): Promise<repo.SingleSignOnRecord[]> {
    return repo.listSingleSignOn(this.db);
  }

  /** Stops single sign-on for an organisation; false if it had none. */
  async remove(code: string): Promise<boolean> {
    const organisation = await this.accounts.organisation(code);
    const before = await repo.findByOrganisation(this.db, organisation.id);
    if (!before || !(await repo.deleteSingleSignOn(this.db, organisation.id))) return false;
    await this.accounts.audit(null, operator, null, 'sso-removed', organisation.code, {
      before: shown(before),
    });
    return true;
  }

  /** Reads the provider's discovery document now, as a sign-in would: what went wrong, or null. */
  async check(code: string): Promise<string | null> {
    const organisation = await this.accounts.organisation(code);
    const record = await repo.findByOrganisation(this.db, organisation.id);
    if (!record) return `${code} has no single sign-on`;
    try {
      await this.configuration(record);
      return null;
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    }
  }

  // Signing in.

  /**
   * Where to send the browser for the provider of this email address's organisation, with the
   * state its callback must bring back (for the browser's cookie); `redirectUri` is the callback.
   */
  async start(
    email: string,
    redirectUri: string,
    next: string,
    origin: Origin,
  ): Promise<SignOnStart> {
    const domain = emailDomain(email);
    const record = domain === null ? null : await repo.findByDomain(this.db, domain);
    if (!record) return { kind: 'unknown-domain' };
    let config: oidc.Configuration;
    try {
      config = await this.configuration(record);
    } catch (error) {
      await this.refused(null, email, origin, 'provider-unreachable', record, error);
      return { kind: 'unavailable' };
    }
    const openid = await openidClient();
    const state = openid.randomState();
    const nonce = openid.randomNonce();
    const codeVerifier = openid.randomPKCECodeVerifier();
    await repo.insertRequest(this.db, {
      stateHash: tokenHash(state),
      organisationId: record.organisationId,
      nonce,
      codeVerifier,
      nextPath: next,
      expiresAt: new Date(Date.now() + requestSeconds * 1000),
    });
    const url = openid.buildAuthorizationUrl(config, {
      redirect_uri: redirectUri,
      scope: 'openid email profile',
      state,
      nonce,
      code_challenge: await openid.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      login_hint: email.trim(),
    });
    return { kind: 'redirect', url: url.href, state };
  }

  /**
   * The provider's answer at the callback (`callbackUrl`: the callback's address with the query
   * it came with), checked against the sign-in this browser started (`cookieState`).
   */
  async finish(
    callbackUrl: URL,
    cookieState: string | null,
    origin: Origin,
    previousToken: string | null,
  ): Promise<SignOnFinish> {
    const state = callbackUrl.searchParams.get('state') ?? '';
    if (cookieState === null || state === '' || !sameSecret(state, cookieState))
      return this.refused(null, null, origin, 'state-mismatch');
    const request = await repo.takeRequest(this.db, tokenHash(state));
    if (!request) return this.refused(null, null, origin, 'expired');
    const record = await repo.findByOrganisation(this.db, request.organisationId);
    if (!record) return this.refused(null, null, origin, 'not-configured');
    let claims: oidc.IDToken | undefined;
    try {
      const openid = await openidClient();
      const tokens = await openid.authorizationCodeGrant(
        await this.configuration(record),
        callbackUrl,
        {
          pkceCodeVerifier: request.codeVerifier,
          expectedState: state,
          expectedNonce: request.nonce,
          idTokenExpected: true,
        },
      );
      claims = tokens.claims();
    } catch (error) {
      return this.refused(null, null, origin, 'provider', record, error);
    }
    return this.signIn(claims, record, request.nextPath, origin, previousToken);
  }

  /** Signs in the person the provider vouches for, if they may sign in to this organisation. */
  private async signIn(
    claims: oidc.IDToken | undefined,
    record: repo.SingleSignOnRecord,
    next: string,
    origin: Origin,
    previousToken: string | null,
  ): Promise<SignOnFinish> {
    const email = typeof claims?.['email'] === 'string' ? claims['email'].trim() : '';
    // Matched by email, so only an address the provider says it has checked will do.
    if (email === '' || claims?.['email_verified'] !== true)
      return this.refused(null, email || null, origin, 'email-unverified', record);
    if (!record.domains.includes(emailDomain(email) ?? ''))
      return this.refused(null, email, origin, 'domain-not-allowed', record);
    const user = await findUserByEmail(this.db, email);
    if (!user) return this.refused(null, email, origin, 'not-invited', record);
    if (user.disabledAt) return this.refused(user.id, user.email, origin, 'disabled', record);
    const memberships = await membershipsOf(this.db, [user.id]);
    if (!memberships.some((m) => m.organisation === record.organisationCode))
      return this.refused(user.id, user.email, origin, 'not-member', record);
    const result = await this.accounts.firstFactorPassed(user, origin, previousToken, {
      method: 'single-sign-on',
      organisation: record.organisationCode,
    });
    if (result.kind === 'signed-in') return { kind: 'signed-in', token: result.token, next };
    if (result.kind === 'two-factor')
      return { kind: 'two-factor', challenge: result.challenge, next };
    // firstFactorPassed answers only those two; anything else is refused, never signed in.
    return this.refused(user.id, user.email, origin, 'disabled', record);
  }

  private async refused(
    userId: number | null,
    email: string | null,
    origin: Origin,
    reason: SignOnRefusal | 'provider-unreachable',
    record?: repo.SingleSignOnRecord,
    error?: unknown,
  ): Promise<SignOnFinish & { kind: 'refused' }> {
    const detail = error instanceof Error ? error.message : undefined;
    await this.accounts.audit(userId, email, origin, 'sign-in-sso-failed', email, {
      after: {
        reason,
        organisation: record?.organisationCode ?? null,
        ...(detail ? { detail } : {}),
      },
    });
    return { kind: 'refused', reason: reason === 'provider-unreachable' ? 'provider' : reason };
  }

  /** The provider's configuration from its discovery document, read once an hour per process. */
  private configuration(record: repo.SingleSignOnRecord): Promise<oidc.Configuration> {
    const key = `${record.organisationId} ${record.updatedAt.getTime()}`;
    const known = this.discovered.get(key);
    if (known && Date.now() - known.at < discoveryMs) return known.config;
    for (const old of this.discovered.keys())
      if (old.startsWith(`${record.organisationId} `)) this.discovered.delete(old);
    const issuer = new URL(record.issuer);
    const secret = this.box.open(record.sealedSecret, secretContext(record.organisationId));
    const config = openidClient().then((openid) =>
      openid.discovery(
        issuer,
        record.clientId,
        secret,
        undefined,
        // Plain http only to a provider on this machine (schema.ts): the tests' own.
        isLoopbackHttp(issuer)
          ? { execute: [openid.allowInsecureRequests], timeout: 10 }
          : { timeout: 10 },
      ),
    );
    // A provider that could not be reached is asked again next time, not an hour later.
    config.catch(() => this.discovered.delete(key));
    this.discovered.set(key, { at: Date.now(), config });
    return config;
  }

  async tidy(): Promise<void> {
    await repo.deleteEndedRequests(this.db);
  }
}

/** What the audit trail and the operator see of a configuration: never the secret. */
function shown(record: repo.SingleSignOnRecord) {
  return { issuer: record.issuer, clientId: record.clientId, domains: record.domains };
}
