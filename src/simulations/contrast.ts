/*
 * Colour contrast as WCAG 2.2 defines it (success criterion 1.4.3), so that a council's own
 * colours on the simulator's pages stay readable: pure, no I/O.
 */

/** The ratio text needs against its background at level AA (normal-size text). */
export const contrastAA = 4.5;

const hexColour = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i;

/** Whether a string is a colour as the simulator takes them: `#rrggbb`. */
export function isHexColour(colour: string): boolean {
  return hexColour.test(colour);
}

/** One sRGB channel (0-255) made linear, as WCAG's relative luminance takes it. */
function linear(channel: number): number {
  const c = channel / 255;
  return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
}

/** WCAG's relative luminance of a `#rrggbb` colour: 0 for black, 1 for white. */
export function relativeLuminance(colour: string): number {
  const match = hexColour.exec(colour);
  if (!match) throw new RangeError(`Not a #rrggbb colour: ${colour}`);
  const channel = (at: number) => linear(Number.parseInt(match[at] ?? '', 16));
  return 0.2126 * channel(1) + 0.7152 * channel(2) + 0.0722 * channel(3);
}

/** The contrast ratio of two colours, from 1 (none) to 21 (black on white), either way round. */
export function contrastRatio(a: string, b: string): number {
  const [x, y] = [relativeLuminance(a), relativeLuminance(b)];
  return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05);
}

/** Whether text of one colour on the other meets WCAG AA for normal text (4.5:1). */
export function meetsContrastAA(text: string, background: string): boolean {
  return contrastRatio(text, background) >= contrastAA;
}
