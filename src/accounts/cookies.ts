/*
 * The cookies accounts set, read and written without a cookie library: a session cookie (the
 * signed-in area), a form cookie (the sign-in and invitation forms, before a session), between
 * the password and the code of a two-factor sign-in a challenge cookie, and while a single sign-on
 * is at the council's identity provider its state. All are HttpOnly, SameSite=Lax (so the
 * provider's redirect back, a top-level GET, carries them) and for the whole site; over https
 * they are Secure and carry the __Host- prefix, which browsers only accept from that origin over
 * https, with no Domain.
 */

export interface CookieNames {
  session: string;
  form: string;
  /** A sign-in waiting for its second step (two-factor), for a few minutes. */
  challenge: string;
  /** A single sign-on sent to the organisation's provider: its state, until the callback. */
  signOn: string;
  secure: boolean;
}

export function cookieNames(secure: boolean): CookieNames {
  const prefix = secure ? '__Host-' : '';
  return {
    session: `${prefix}openlg-session`,
    form: `${prefix}openlg-form`,
    challenge: `${prefix}openlg-two-factor`,
    signOn: `${prefix}openlg-sso`,
    secure,
  };
}

/** The value of cookie `name` in a Cookie header, or null. */
export function readCookie(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const at = part.indexOf('=');
    if (at > 0 && part.slice(0, at).trim() === name) {
      const value = part.slice(at + 1).trim();
      return /^[A-Za-z0-9_-]{1,100}$/.test(value) ? value : null;
    }
  }
  return null;
}

/** A Set-Cookie header value; without `maxAge` the cookie lasts until the browser closes. */
export function setCookie(
  name: string,
  value: string,
  secure: boolean,
  maxAgeSeconds?: number,
): string {
  return [
    `${name}=${value}`,
    'Path=/',
    'HttpOnly',
    'SameSite=Lax',
    ...(secure ? ['Secure'] : []),
    ...(maxAgeSeconds === undefined ? [] : [`Max-Age=${maxAgeSeconds}`]),
  ].join('; ');
}

export function clearCookie(name: string, secure: boolean): string {
  return setCookie(name, '', secure, 0);
}
