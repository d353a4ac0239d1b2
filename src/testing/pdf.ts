/* What a test can read of a PDF without a PDF library: the strings chromium writes plainly. */

/** A PDF string: UTF-16 in hex after a byte order mark, or Latin-1 in brackets. */
function pdfString(written: string): string {
  if (written.startsWith('<'))
    return Buffer.from(written.slice(5, -1), 'hex').swap16().toString('utf16le');
  return written.slice(1, -1).replace(/\\(.)/g, '$1');
}

/**
 * What a PDF says of itself: its title (from the page's <title>), its bookmarks (the page's
 * headings) and its number of pages.
 */
export function described(pdf: Buffer): { title: string; bookmarks: string[]; pages: number } {
  const text = pdf.toString('latin1');
  const [title = '', ...bookmarks] = [
    ...text.matchAll(/\/Title\s*(<FEFF[0-9A-Fa-f]*>|\((?:\\.|[^\\)])*\))/g),
  ].map((m) => pdfString(m[1] ?? ''));
  const pages = (text.match(/\/Type\s*\/Page\b/g) ?? []).length;
  return { title, bookmarks, pages };
}
