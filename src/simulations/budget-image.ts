import { colours, escapeXml, svgDocument, wrapText } from '../charts/svg.ts';
import { balanceOf, type Choice } from './balance.ts';
import { balanceText, changeText, levelText, percentText } from './resident-text.ts';
import { rulesOf, type SimulationDefinition } from './simulation.schema.ts';

/*
 * A resident's budget as an image to share (issue 21): each line's change as a bar with its
 * words, the council-tax level and where the budget stands, drawn on the server as SVG (and a
 * PNG from it). Only the budget's choices: never the "about you" answers. Pure.
 */

export interface BudgetRow {
  name: string;
  /** "-10%: saves £400,000", or "No change". */
  change: string;
  /** The change in pennies, as it counts towards the money found: a saving or income is +. */
  foundPennies: number;
}

export interface BudgetPicture {
  title: string;
  rows: BudgetRow[];
  /** The council-tax level in words, when the simulation has the lever. */
  councilTax: string | null;
  balance: string;
}

/** What the image shows, in words: its text equivalent too. */
export function budgetPicture(definition: SimulationDefinition, choice: Choice): BudgetPicture {
  const rules = rulesOf(definition);
  const balance = balanceOf(rules, choice);
  const lines = [
    ...definition.services.map((line) => ({ line, kind: 'service' as const })),
    ...definition.income.map((line) => ({ line, kind: 'income' as const })),
  ];
  const rows = lines.map(({ line, kind }) => {
    const percent = choice.percents[line.id] ?? 0;
    const pennies = balance.lineChanges.get(line.id) ?? 0;
    return {
      name: line.name.en,
      change: percent === 0 ? 'No change' : `${percentText(percent)}: ${changeText(kind, pennies)}`,
      foundPennies: kind === 'service' ? -pennies : pennies,
    };
  });
  const tax = definition.councilTax;
  return {
    title: `My budget: ${definition.title.en}`,
    rows,
    councilTax:
      tax && `Council tax rise in ${tax.year}: ${levelText(tax, choice.councilTaxBasisPoints)}`,
    balance: balanceText(rules, balance),
  };
}

const width = 640;
const pad = 16;
const barLeft = 340;
const barWidth = width - barLeft - pad;
const lineHeight = 20;
/** Money found (saved or raised) is blue, money spent or given up grey: the words say which. */
const foundColour = colours.highlight;
const spentColour = '#505a5f';

function textBlock(lines: readonly string[], x: number, y: number, attributes = ''): string[] {
  return lines.map(
    (line, i) => `<text x="${x}" y="${y + i * lineHeight}" ${attributes}>${escapeXml(line)}</text>`,
  );
}

/** The picture as a standalone SVG, every word in it, in 14 px text or larger. */
export function budgetSvg(picture: BudgetPicture): string {
  const largest = Math.max(1, ...picture.rows.map((row) => Math.abs(row.foundPennies)));
  const content: string[] = [];
  const title = wrapText(picture.title, width - 2 * pad, 20, true);
  content.push(
    ...textBlock(title, pad, 36, `font-size="20" font-weight="bold" fill="${colours.text}"`),
  );
  let y = 36 + title.length * 26 + 8;
  content.push(...textBlock([picture.balance], pad, y, `font-size="16" fill="${colours.text}"`));
  y += 32;
  for (const row of picture.rows) {
    const name = wrapText(row.name, barLeft - 2 * pad, 14, true);
    content.push(
      ...textBlock(name, pad, y, `font-size="14" font-weight="bold" fill="${colours.text}"`),
    );
    const changeY = y + name.length * lineHeight;
    content.push(
      ...textBlock([row.change], pad, changeY, `font-size="14" fill="${colours.secondaryText}"`),
    );
    const length = Math.round((Math.abs(row.foundPennies) / largest) * barWidth);
    if (length > 0)
      content.push(
        `<rect x="${barLeft}" y="${y - 14}" width="${length}" height="${lineHeight + 8}" ` +
          `fill="${row.foundPennies > 0 ? foundColour : spentColour}"/>`,
      );
    y = changeY + lineHeight + 12;
  }
  if (picture.councilTax) {
    const tax = wrapText(picture.councilTax, width - 2 * pad, 14);
    content.push(...textBlock(tax, pad, y, `font-size="14" fill="${colours.text}"`));
    y += tax.length * lineHeight;
  }
  const height = y + pad;
  content.unshift(`<rect width="${width}" height="${height}" fill="${colours.background}"/>`);
  return svgDocument(
    {
      id: 'budget',
      width,
      height,
      title: picture.title,
      description: [
        picture.balance,
        ...picture.rows.map((r) => `${r.name}: ${r.change}`),
        picture.councilTax ?? '',
      ]
        .filter((part) => part !== '')
        .join('. '),
      className: 'openlg-budget-image',
      fixedSize: true,
    },
    content,
  );
}
