import { colours, escapeXml, svgDocument, wrapText } from '../charts/svg.ts';
import { balanceOf, type Choice } from './balance.ts';
import {
  balanceText,
  capitalised,
  changeText,
  levelText,
  percentText,
  type Shown,
} from './resident-text.ts';
import { say, textWordsIn } from './resident-words.ts';
import { shown } from './resident.view.ts';
import { rulesOf, type Language, type SimulationDefinition } from './simulation.schema.ts';

/*
 * A resident's budget as an image to share (issue 21): each line's change as a bar with its
 * words, the council-tax level and where the budget stands, drawn on the server as SVG (and a
 * PNG from it), in English or Welsh. Only the budget's choices: never the "about you" answers.
 * Pure.
 */

export interface BudgetRow {
  /** The council's name for the line, marked when it is not in the picture's language. */
  name: Shown;
  /** "-10%: saves £400,000", or "No change". */
  change: string;
  /** The change in pennies, as it counts towards the money found: a saving or income is +. */
  foundPennies: number;
}

export interface BudgetPicture {
  language: Language;
  title: string;
  rows: BudgetRow[];
  /** The council-tax level in words, when the simulation has the lever. */
  councilTax: string | null;
  balance: string;
}

/** What the image shows, in words: its text equivalent too. */
export function budgetPicture(
  definition: SimulationDefinition,
  choice: Choice,
  language: Language,
): BudgetPicture {
  const rules = rulesOf(definition);
  const words = textWordsIn(language);
  const balance = balanceOf(rules, choice);
  const lines = [
    ...definition.services.map((line) => ({ line, kind: 'service' as const })),
    ...definition.income.map((line) => ({ line, kind: 'income' as const })),
  ];
  const rows = lines.map(({ line, kind }) => {
    const percent = choice.percents[line.id] ?? 0;
    const pennies = balance.lineChanges.get(line.id) ?? 0;
    return {
      name: shown(line.name, language),
      change:
        percent === 0
          ? capitalised(words.noChange)
          : `${percentText(percent)}: ${changeText(kind, pennies, words)}`,
      foundPennies: kind === 'service' ? -pennies : pennies,
    };
  });
  const tax = definition.councilTax;
  const legend = tax && say(language, 'councilTaxLegend', { year: tax.year });
  return {
    language,
    title: say(language, 'myBudget', { title: shown(definition.title, language) }),
    rows,
    councilTax: tax && `${legend}: ${levelText(tax, choice.councilTaxBasisPoints, words)}`,
    balance: balanceText(rules, balance, words),
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
    const name = wrapText(row.name.text, barLeft - 2 * pad, 14, true);
    const lang = row.name.lang ? ` lang="${row.name.lang}"` : '';
    content.push(
      ...textBlock(name, pad, y, `font-size="14" font-weight="bold" fill="${colours.text}"${lang}`),
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
        ...picture.rows.map((r) => `${r.name.text}: ${r.change}`),
        picture.councilTax ?? '',
      ]
        .filter((part) => part !== '')
        .join('. '),
      className: 'openlg-budget-image',
      fixedSize: true,
      lang: picture.language,
    },
    content,
  );
}
