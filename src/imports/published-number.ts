/**
 * The figure a source published, from the double its text was read into. Some publishers write
 * figures straight from binary arithmetic, with all 17 significant digits of the nearest double
 * (ONS Explore Local Statistics writes 63.00000000000001 for a confidence limit of 63.0): stored
 * as read, those noise digits would reach every download. 15 significant digits always survive a
 * double, so reading such a text to 15 restores the figure meant; a text of 15 digits or fewer is
 * left exactly as it is.
 */
export function publishedFigure(text: string, value: number): number {
  const digits = text
    .replace(/[eE].*$/, '')
    .replace(/\D/g, '')
    .replace(/^0+/, '').length;
  return digits > 15 ? Number(value.toPrecision(15)) : value;
}

/**
 * A number a spreadsheet holds, as the spreadsheet shows it. Excel computes a formula in binary
 * and saves all 17 digits of the result (1717.5800000000002 for a Band D bill of £1,717.58), but
 * keeps and shows 15 significant digits: those are the figure it published.
 */
export function spreadsheetFigure(value: number): number {
  return Number(value.toPrecision(15));
}
