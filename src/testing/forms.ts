import assert from 'node:assert/strict';

/** The GOV.UK error summary of a page: its list of problems, or '' when it has none. */
export function errorSummaryOf(html: string): string {
  return /govuk-error-summary[\s\S]*?<\/ul>/.exec(html)?.[0] ?? '';
}

/** Fails unless the page's error summary says each of `texts`. */
export function assertErrorSummary(html: string, texts: readonly string[]): void {
  const summary = errorSummaryOf(html);
  for (const text of texts) assert.ok(summary.includes(text), `the error summary says: ${text}`);
}
