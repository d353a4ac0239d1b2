import {
  councilTaxRaisedPennies,
  extraPerBandDPennies,
  isBalanced,
  type Balance,
  type BalanceRules,
  type CouncilTaxRule,
} from './balance.ts';
import type { WordKey } from './resident-words.ts';
import type { Language } from './simulation.schema.ts';

/*
 * The resident's page's words for money and choices (pure), shared by the server's page and
 * picture and the sliders' script in the browser, which bundles this module with balance.ts: so
 * all say the same figures in the same words. The words themselves are resident-words.ts's, in
 * the page's language: the server picks the few these need (`textWordsIn`) and gives them to
 * the script in its data, so the script carries no dictionary. No schema here, to keep it small.
 */

/** The words of resident-words.ts these texts and the sliders' script use. */
export const textWordKeys = [
  'saves',
  'costs',
  'raises',
  'loses',
  'effect',
  'noChange',
  'balances',
  'balancesWithin',
  'stillToFind',
  'foundMore',
  'wholeSteps',
  'councilTaxLevel',
  'yourChanges',
  'slideLine',
  'slideCouncilTax',
] as const satisfies readonly WordKey[];

export type TextWords = Record<(typeof textWordKeys)[number], string>;

/** A council's text as a page shows it: `lang` only where it is not the page's language. */
export interface Shown {
  text: string;
  lang?: Language;
}

/** A text with its `{name}`s filled; a name without a value is left as it is. */
export function fill(text: string, values: Readonly<Record<string, string>>): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
}

/** The first letter a capital, as a sentence or a list's entry begins: "Saves £400,000". */
export const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** Pennies as pounds, with pence only where there are some: £1,234 or £36.74. */
export function money(pennies: number): string {
  const whole = pennies % 100 === 0;
  return (pennies / 100).toLocaleString('en-GB', {
    style: 'currency',
    currency: 'GBP',
    minimumFractionDigits: whole ? 0 : 2,
    maximumFractionDigits: whole ? 0 : 2,
  });
}

export const percentText = (percent: number) => (percent > 0 ? `+${percent}%` : `${percent}%`);

/** A council-tax level in words: what it adds to a Band D bill and what it raises. */
export function levelText(tax: CouncilTaxRule, basisPoints: number, words: TextWords): string {
  return fill(words.councilTaxLevel, {
    level: `${basisPoints / 100}%`,
    extra: money(extraPerBandDPennies(tax, basisPoints)),
    raised: money(councilTaxRaisedPennies(tax, basisPoints)),
  });
}

/** What a line's change does to the budget, as "saves £400,000" or "raises £20,000". */
export function changeText(kind: 'service' | 'income', pennies: number, words: TextWords): string {
  const amount = { money: money(Math.abs(pennies)) };
  if (kind === 'income') return fill(pennies > 0 ? words.raises : words.loses, amount);
  return fill(pennies < 0 ? words.saves : words.costs, amount);
}

/** Where the budget stands, in words: what the running total says. */
export function balanceText(rules: BalanceRules, balance: Balance, words: TextWords): string {
  const left = balance.stillToFindPennies;
  const amount = { money: money(Math.abs(left)) };
  if (isBalanced(rules, balance))
    return left === 0 ? words.balances : fill(words.balancesWithin, amount);
  return fill(left > 0 ? words.stillToFind : words.foundMore, amount);
}

/** A percent as people type it (" +10% ", "−20"), or null when it is not a whole number. */
export function readPercent(text: string): number | null {
  const trimmed = text.trim();
  if (!/^[-+−]?\d{1,4}%?$/.test(trimmed)) return null;
  return Number(trimmed.replace(/[+%]/g, '').replace('−', '-'));
}

/** What the sliders' script is given by the page: the rules, its words, each line's texts. */
export interface SimulatorData {
  rules: BalanceRules;
  /** In the page's language. */
  words: TextWords;
  lines: {
    id: string;
    field: string;
    name: Shown;
    /** The consequence of each step that has one, by its percent. */
    consequences: Record<string, Shown>;
  }[];
}
