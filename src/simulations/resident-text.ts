import {
  councilTaxRaisedPennies,
  extraPerBandDPennies,
  isBalanced,
  type Balance,
  type BalanceRules,
  type CouncilTaxRule,
} from './balance.ts';

/*
 * The resident's page's words for money and choices (pure, English), shared by the server's
 * page and the sliders' script in the browser, which bundles this module with balance.ts: so
 * both say the same figures in the same words. No schema here, to keep the script small.
 */

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
export function levelText(tax: CouncilTaxRule, basisPoints: number): string {
  const extra = money(extraPerBandDPennies(tax, basisPoints));
  const raised = money(councilTaxRaisedPennies(tax, basisPoints));
  return `${basisPoints / 100}%: ${extra} a year more for a Band D home, ${raised} raised`;
}

/** What a line's change does to the budget, as "saves £400,000" or "raises £20,000". */
export function changeText(kind: 'service' | 'income', pennies: number): string {
  if (kind === 'income')
    return pennies > 0 ? `raises ${money(pennies)}` : `loses ${money(-pennies)} of income`;
  return pennies < 0 ? `saves ${money(-pennies)}` : `costs ${money(pennies)} more`;
}

/** Where the budget stands, in words: what the running total says. */
export function balanceText(rules: BalanceRules, balance: Balance): string {
  const left = balance.stillToFindPennies;
  if (isBalanced(rules, balance))
    return left === 0
      ? 'Your budget balances'
      : `Your budget balances, to within ${money(Math.abs(left))}`;
  return left > 0
    ? `Money still to find: ${money(left)}`
    : `You have found ${money(-left)} more than needed`;
}

/** A percent as people type it (" +10% ", "−20"), or null when it is not a whole number. */
export function readPercent(text: string): number | null {
  const trimmed = text.trim();
  if (!/^[-+−]?\d{1,4}%?$/.test(trimmed)) return null;
  return Number(trimmed.replace(/[+%]/g, '').replace('−', '-'));
}

/** What the chosen step does, under its line: "This saves £400,000. Two libraries close…". */
export function effectText(
  kind: 'service' | 'income',
  pennies: number,
  consequence: string | null,
): string {
  const change = pennies === 0 ? '' : `This ${changeText(kind, pennies)}.`;
  return [change, consequence ?? ''].filter((part) => part !== '').join(' ');
}

/** What the sliders' script is given by the page: the rules, and each line's words. */
export interface SimulatorData {
  rules: BalanceRules;
  lines: {
    id: string;
    field: string;
    name: string;
    /** The consequence of each step that has one, by its percent. */
    consequences: Record<string, string>;
  }[];
}
