/*
 * The budget simulator's balance maths (issue 21), shared by the resident's page, the server's
 * check of a submission and the tests. Pure: no I/O. Every sum is in integer pennies, and each
 * part is rounded once (only council tax needs rounding), so the total shown is always the sum
 * of the parts shown: rounding never creates or loses money.
 *
 * Services and income lines move in whole percents of a baseline in whole pounds, so their
 * changes are exact (£1 × 1% = 1p). The council-tax lever moves in basis points (hundredths of
 * a percent), since referendum limits are such as 2.99%.
 */

/** A service or an income line as the maths sees it: its baseline and the steps allowed. */
export interface LineRule {
  id: string;
  kind: 'service' | 'income';
  /** The budget (a service's spending, an income line's receipts) in whole pounds. */
  baselinePounds: number;
  /** The allowed range and step, in whole percents of the baseline (e.g. -30, 10, 5). */
  minPercent: number;
  maxPercent: number;
  stepPercent: number;
}

/** The council-tax lever, from 0 to the referendum limit. */
export interface CouncilTaxRule {
  /** The council tax requirement in whole pounds: 1% raises requirement × 1%. */
  requirementPounds: number;
  /** Band D council tax in pennies: what a band D household pays now. */
  bandDPennies: number;
  /** The referendum limit and the lever's step, in basis points (499 = 4.99%). */
  limitBasisPoints: number;
  stepBasisPoints: number;
}

/** Money to find: a savings target, or "balance the budget" (nothing to find but net zero). */
export type Target = { kind: 'balance' } | { kind: 'savings'; pounds: number };

export interface BalanceRules {
  lines: readonly LineRule[];
  target: Target;
  /** How far from the target, either way, a budget may still be submitted, in whole pounds. */
  tolerancePounds: number;
  councilTax: CouncilTaxRule | null;
}

/** A resident's budget: a percent change per line (absent: no change) and a council-tax level. */
export interface Choice {
  percents: Readonly<Record<string, number>>;
  councilTaxBasisPoints: number;
}

export interface Balance {
  targetPennies: number;
  /** Each line's change in pennies: more spending for a service, more receipts for income. */
  lineChanges: ReadonlyMap<string, number>;
  /** Spending saved (services' changes negated), positive when spending falls. */
  savedPennies: number;
  incomeRaisedPennies: number;
  councilTaxRaisedPennies: number;
  /** What the budget found: saved + income raised + council tax raised. */
  foundPennies: number;
  /** The money still to find: target − found; negative when the budget finds more. */
  stillToFindPennies: number;
}

export type ProblemCode =
  'unknown-line' | 'not-whole' | 'out-of-range' | 'off-grid' | 'unbalanced' | 'no-council-tax';

/** Why a choice may not be submitted, naming its field: a line's id, 'council-tax' or 'balance'. */
export interface Problem {
  field: string;
  code: ProblemCode;
}

export const councilTaxField = 'council-tax';
export const balanceField = 'balance';

/** The steps a line allows, in percents, from its minimum to its maximum. */
export function stepsOf(
  line: Pick<LineRule, 'id' | 'minPercent' | 'maxPercent' | 'stepPercent'>,
): number[] {
  if (!(Number.isSafeInteger(line.stepPercent) && line.stepPercent > 0))
    throw new RangeError(`Line ${line.id} has no usable step`);
  const steps: number[] = [];
  for (let p = line.minPercent; p <= line.maxPercent; p += line.stepPercent) steps.push(p);
  return steps;
}

/** The council-tax levels allowed, in basis points: 0, each step below the limit, the limit. */
export function councilTaxLevels(rule: CouncilTaxRule | null): number[] {
  if (rule === null) return [0];
  if (!(Number.isSafeInteger(rule.stepBasisPoints) && rule.stepBasisPoints > 0))
    throw new RangeError('The council-tax lever has no usable step');
  const levels: number[] = [];
  for (let bp = 0; bp < rule.limitBasisPoints; bp += rule.stepBasisPoints) levels.push(bp);
  levels.push(rule.limitBasisPoints);
  return levels;
}

/** `numerator / denominator` rounded half up, for non-negative integers, exactly. */
function divideRounded(numerator: number, denominator: number): number {
  const whole = Math.floor(numerator / denominator);
  const rest = numerator - whole * denominator;
  return rest * 2 >= denominator ? whole + 1 : whole;
}

/** What a council-tax level raises in a year, in pennies: requirement × level, to the penny. */
export function councilTaxRaisedPennies(rule: CouncilTaxRule | null, basisPoints: number): number {
  if (rule === null || basisPoints <= 0) return 0;
  // pounds × 100 pennies × bp / 10,000
  return divideRounded(rule.requirementPounds * basisPoints, 100);
}

/** What a council-tax level adds to a band D household's bill in a year, in pennies. */
export function extraPerBandDPennies(rule: CouncilTaxRule | null, basisPoints: number): number {
  if (rule === null || basisPoints <= 0) return 0;
  return divideRounded(rule.bandDPennies * basisPoints, 10_000);
}

/** The target in pennies. */
export function targetPennies(target: Target): number {
  return target.kind === 'savings' ? target.pounds * 100 : 0;
}

/** A line's change at a percent, in pennies: exact, since baselines are whole pounds. */
export function lineChangePennies(line: Pick<LineRule, 'baselinePounds'>, percent: number): number {
  // + 0 turns a -0 (a cut of 0%) into 0, so that no change reads the same however sent.
  return line.baselinePounds * percent + 0;
}

/** The balance of a choice: what each line and the council tax find, and what is left. */
export function balanceOf(rules: BalanceRules, choice: Choice): Balance {
  const lineChanges = new Map<string, number>();
  let saved = 0;
  let income = 0;
  for (const line of rules.lines) {
    const change = lineChangePennies(line, choice.percents[line.id] ?? 0);
    lineChanges.set(line.id, change);
    if (line.kind === 'service') saved -= change;
    else income += change;
  }
  const councilTax = councilTaxRaisedPennies(rules.councilTax, choice.councilTaxBasisPoints);
  const found = saved + income + councilTax;
  const target = targetPennies(rules.target);
  return {
    targetPennies: target,
    lineChanges,
    savedPennies: saved,
    incomeRaisedPennies: income,
    councilTaxRaisedPennies: councilTax,
    foundPennies: found,
    stillToFindPennies: target - found,
  };
}

/** Whether a budget's money still to find is within the tolerance, either way. */
export function isBalanced(rules: BalanceRules, balance: Balance): boolean {
  return Math.abs(balance.stillToFindPennies) <= rules.tolerancePounds * 100;
}

function lineProblem(line: LineRule, percent: number): ProblemCode | null {
  if (!Number.isSafeInteger(percent)) return 'not-whole';
  if (percent < line.minPercent || percent > line.maxPercent) return 'out-of-range';
  if ((percent - line.minPercent) % line.stepPercent !== 0) return 'off-grid';
  return null;
}

function councilTaxProblem(rule: CouncilTaxRule | null, basisPoints: number): ProblemCode | null {
  if (!Number.isSafeInteger(basisPoints)) return 'not-whole';
  if (rule === null) return basisPoints === 0 ? null : 'no-council-tax';
  if (basisPoints < 0 || basisPoints > rule.limitBasisPoints) return 'out-of-range';
  if (basisPoints !== rule.limitBasisPoints && basisPoints % rule.stepBasisPoints !== 0)
    return 'off-grid';
  return null;
}

/**
 * Every reason a choice may not be submitted, each naming its field; empty when it may be.
 * The balance is only judged when every field is valid, since an invalid step has no money.
 */
export function submissionProblems(rules: BalanceRules, choice: Choice): Problem[] {
  const known = new Set(rules.lines.map((line) => line.id));
  const problems: Problem[] = Object.keys(choice.percents)
    .filter((id) => !known.has(id))
    .map((field) => ({ field, code: 'unknown-line' }));
  for (const line of rules.lines) {
    const code = lineProblem(line, choice.percents[line.id] ?? 0);
    if (code) problems.push({ field: line.id, code });
  }
  const taxCode = councilTaxProblem(rules.councilTax, choice.councilTaxBasisPoints);
  if (taxCode) problems.push({ field: councilTaxField, code: taxCode });
  if (problems.length === 0 && !isBalanced(rules, balanceOf(rules, choice)))
    problems.push({ field: balanceField, code: 'unbalanced' });
  return problems;
}

/** Why rules are unusable: the field, and for a line its place in the rules' lines. */
export interface RulesProblem {
  field: string;
  line?: number;
  text: string;
}

/**
 * Why the rules themselves are unusable, in words: each line's range must hold 0 (no change)
 * and be whole steps from end to end, the lever's step must be positive, money not negative.
 */
export function rulesProblems(rules: BalanceRules): RulesProblem[] {
  const problems: RulesProblem[] = [];
  const seen = new Set<string>();
  for (const [index, line] of rules.lines.entries()) {
    const say = (text: string) => problems.push({ field: line.id, line: index, text });
    if (seen.has(line.id)) say('Each line needs an identifier of its own');
    seen.add(line.id);
    if (!Number.isSafeInteger(line.baselinePounds) || line.baselinePounds < 0)
      say('The baseline must be a whole number of pounds, not negative');
    if (!(line.minPercent <= 0 && line.maxPercent >= 0))
      say('The range must include 0% (no change)');
    const percents = [line.minPercent, line.maxPercent, line.stepPercent];
    if (!percents.every(Number.isSafeInteger)) say('The range and step must be whole percents');
    else if (!(line.stepPercent > 0)) say('The step must be more than 0%');
    else if (line.minPercent % line.stepPercent !== 0 || line.maxPercent % line.stepPercent !== 0)
      say('The range must start and end on a whole number of steps');
    if (line.kind === 'service' && line.minPercent < -100)
      say('A service cannot be cut by more than 100%');
  }
  const money = [rules.tolerancePounds, rules.target.kind === 'savings' ? rules.target.pounds : 0];
  if (!money.every((n) => Number.isSafeInteger(n) && n >= 0))
    problems.push({
      field: balanceField,
      text: 'Target and tolerance are whole pounds, not negative',
    });
  const tax = rules.councilTax;
  const taxNumbers = tax && [
    tax.requirementPounds,
    tax.bandDPennies,
    tax.limitBasisPoints,
    tax.stepBasisPoints,
  ];
  if (taxNumbers && !taxNumbers.every((n) => Number.isSafeInteger(n) && n >= 0))
    problems.push({ field: councilTaxField, text: 'The lever takes whole, non-negative numbers' });
  else if (tax && tax.stepBasisPoints === 0)
    problems.push({ field: councilTaxField, text: 'The lever needs a step of more than 0' });
  return problems;
}
