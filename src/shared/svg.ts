/** What every server-rendered SVG (maps and charts) needs: escaping, id slugs, short numbers. */

const xmlEntities: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => xmlEntities[char] ?? char);
}

/** Two decimals of a user unit are finer than any screen shows, and keep the markup short. */
export function coordinate(value: number): string {
  return String(Math.round(value * 100) / 100 || 0);
}

/** A title as an id fragment: ASCII letters, digits and hyphens. */
export function slug(text: string): string {
  return (
    text
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'untitled'
  );
}
