import { z } from 'zod';

/**
 * Whether text from data is a web address a page may link to. Only http and https: a
 * `javascript:` or `data:` address in imported metadata would run in the reader's browser.
 */
export function isHttpUrl(value: string): boolean {
  if (!URL.canParse(value)) return false;
  const { protocol } = new URL(value);
  return protocol === 'http:' || protocol === 'https:';
}

/** A link from data, or null when it is not one a page may follow. */
export function httpUrlOrNull(value: string | null): string | null {
  return value !== null && isHttpUrl(value) ? value : null;
}

/** An http(s) address in an imported file, refused with the address when it is anything else. */
export const httpUrl = z
  .string()
  .trim()
  .refine(isHttpUrl, {
    error: (issue) => `"${String(issue.input).slice(0, 80)}" is not an http:// or https:// address`,
  });
