import { z } from 'zod';

/*
 * What an operator may configure for an organisation's single sign-on, checked before anything
 * is stored: a provider reached over https (plain http only on this machine, for tests and trying
 * it out), a client, and the email domains whose people it signs in.
 */

const loopbackHosts = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Whether openlg may talk to this issuer over plain http: only on this machine. */
export function isLoopbackHttp(issuer: URL): boolean {
  return issuer.protocol === 'http:' && loopbackHosts.has(issuer.hostname);
}

const issuer = z
  .string()
  .trim()
  .min(1, { error: '--issuer needs the identity provider’s issuer URL' })
  .transform((text, context) => {
    const url = URL.canParse(text) ? new URL(text) : null;
    if (!url || !(url.protocol === 'https:' || isLoopbackHttp(url)) || url.search || url.hash) {
      context.addIssue({
        code: 'custom',
        message: `--issuer "${text}" must be an https URL with no query or fragment, e.g. https://login.example.gov.uk/`,
      });
      return z.NEVER;
    }
    // Kept as given: the provider's discovery document must name itself exactly so.
    return text;
  });

/** A DNS name in lowercase: labels of letters, digits and inner hyphens, and a top-level name. */
const domainPattern = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

const domains = z
  .string()
  .transform((text) => [
    ...new Set(
      text
        .split(',')
        .map((d) => d.trim().toLowerCase().replace(/^@/, ''))
        .filter((d) => d !== ''),
    ),
  ])
  .pipe(
    z
      .array(
        z.string().regex(domainPattern, {
          error: (issue) => `--domains: "${String(issue.input)}" is not an email domain`,
        }),
      )
      .min(1, { error: '--domains needs at least one email domain, e.g. council.gov.uk' })
      .max(50, { error: '--domains takes at most 50 domains' }),
  );

export const singleSignOnSettings = z.object({
  organisation: z.string().trim().min(1, { error: '--org needs the organisation’s code' }),
  issuer,
  clientId: z
    .string()
    .trim()
    .min(1, { error: '--client-id needs the client id the provider gave openlg' })
    .max(255, { error: '--client-id must be 255 characters or fewer' }),
  clientSecret: z
    .string()
    .trim()
    .min(1, { error: 'The client secret file is empty' })
    .max(4096, { error: 'The client secret must be 4,096 characters or fewer' }),
  domains,
});

export type SingleSignOnSettings = z.output<typeof singleSignOnSettings>;

/** The domain of an email address, lowercase, or null when it is not one. */
export function emailDomain(email: string): string | null {
  const match = /^[^\s@]+@([^\s@]+\.[^\s@]+)$/.exec(email.trim());
  return match?.[1]?.toLowerCase() ?? null;
}
