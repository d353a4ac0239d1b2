import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';

/*
 * A small OpenID Connect provider for the single sign-on tests, on 127.0.0.1 at a random port:
 * discovery, its signing key, the authorization endpoint (which signs in, at once, whoever the
 * test says) and the token endpoint (authorization code with PKCE, the client's secret, a signed
 * ID token carrying the nonce). oidc-provider itself warns that it does not support Node 20.
 */

/** What the provider says of the person it signs in next. */
export interface IdentityClaims {
  sub?: string;
  email?: string;
  email_verified?: boolean;
  name?: string;
}

export interface TestIdentityProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Who the authorization endpoint signs in from now on. */
  signInAs(claims: IdentityClaims): void;
  /** How many codes the token endpoint has exchanged. */
  readonly exchanged: number;
  close(): Promise<void>;
}

interface IssuedCode {
  redirectUri: string;
  nonce: string | null;
  challenge: string;
  claims: IdentityClaims;
}

const json = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
};

async function formBody(req: IncomingMessage): Promise<URLSearchParams> {
  let text = '';
  for await (const chunk of req) text += String(chunk);
  return new URLSearchParams(text);
}

/** The client's id and secret, sent by HTTP Basic or in the form (client_secret_post). */
function clientCredentials(req: IncomingMessage, form: URLSearchParams) {
  const basic = /^Basic (.+)$/.exec(req.headers.authorization ?? '')?.[1];
  if (!basic) return { id: form.get('client_id'), secret: form.get('client_secret') };
  const [id = '', secret = ''] = Buffer.from(basic, 'base64').toString().split(':');
  return { id: decodeURIComponent(id), secret: decodeURIComponent(secret) };
}

export async function startIdentityProvider(): Promise<TestIdentityProvider> {
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  const jwk: JWK = { ...(await exportJWK(publicKey)), kid: 'test', alg: 'ES256', use: 'sig' };
  const clientId = 'openlg-test';
  const clientSecret = randomBytes(24).toString('base64url');
  const codes = new Map<string, IssuedCode>();
  const state = { claims: {} as IdentityClaims, exchanged: 0, issuer: '' };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => json(res, 500, { error: String(error) }));
  });
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', state.issuer);
    if (url.pathname === '/.well-known/openid-configuration')
      return json(res, 200, discoveryDocument(state.issuer));
    if (url.pathname === '/jwks') return json(res, 200, { keys: [jwk] });
    if (url.pathname === '/authorize') return authorize(url, res);
    if (url.pathname === '/token' && req.method === 'POST') return token(req, res);
    return json(res, 404, { error: 'not_found' });
  };
  const authorize = (url: URL, res: ServerResponse) => {
    const q = url.searchParams;
    const redirectUri = q.get('redirect_uri') ?? '';
    if (q.get('client_id') !== clientId || q.get('response_type') !== 'code' || !redirectUri)
      return json(res, 400, { error: 'invalid_request' });
    if (q.get('code_challenge_method') !== 'S256' || !q.get('code_challenge'))
      return json(res, 400, { error: 'invalid_request', error_description: 'PKCE required' });
    const code = randomBytes(16).toString('base64url');
    codes.set(code, {
      redirectUri,
      nonce: q.get('nonce'),
      challenge: q.get('code_challenge') ?? '',
      claims: state.claims,
    });
    const back = new URL(redirectUri);
    back.searchParams.set('code', code);
    back.searchParams.set('state', q.get('state') ?? '');
    res.writeHead(302, { location: back.href });
    res.end();
  };
  const token = async (req: IncomingMessage, res: ServerResponse) => {
    const form = await formBody(req);
    const client = clientCredentials(req, form);
    if (client.id !== clientId || client.secret !== clientSecret)
      return json(res, 401, { error: 'invalid_client' });
    const issued = codes.get(form.get('code') ?? '');
    codes.delete(form.get('code') ?? '');
    const verifier = form.get('code_verifier') ?? '';
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    if (
      !issued ||
      issued.redirectUri !== form.get('redirect_uri') ||
      issued.challenge !== challenge
    )
      return json(res, 400, { error: 'invalid_grant' });
    state.exchanged++;
    const idToken = await signIdToken(privateKey, state.issuer, clientId, issued);
    return json(res, 200, {
      access_token: randomBytes(16).toString('base64url'),
      token_type: 'Bearer',
      expires_in: 300,
      id_token: idToken,
    });
  };

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    issuer: state.issuer,
    clientId,
    clientSecret,
    signInAs: (claims) => {
      state.claims = claims;
    },
    get exchanged() {
      return state.exchanged;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function discoveryDocument(issuer: string) {
  return {
    issuer,
    authorization_endpoint: `${issuer}/authorize`,
    token_endpoint: `${issuer}/token`,
    jwks_uri: `${issuer}/jwks`,
    response_types_supported: ['code'],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: ['ES256'],
    code_challenge_methods_supported: ['S256'],
    token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
    scopes_supported: ['openid', 'email', 'profile'],
  };
}

function signIdToken(key: CryptoKey, issuer: string, audience: string, issued: IssuedCode) {
  const { sub, ...claims } = issued.claims;
  return new SignJWT({ ...claims, ...(issued.nonce ? { nonce: issued.nonce } : {}) })
    .setProtectedHeader({ alg: 'ES256', kid: 'test' })
    .setIssuer(issuer)
    .setAudience(audience)
    .setSubject(sub ?? claims.email ?? 'someone')
    .setIssuedAt()
    .setExpirationTime('5m')
    .sign(key);
}
