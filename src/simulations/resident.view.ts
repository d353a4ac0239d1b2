import {
  balanceOf,
  councilTaxField,
  councilTaxLevels,
  isBalanced,
  lineChangePennies,
  submissionProblems,
  type Balance,
  type Choice,
  type Problem,
} from './balance.ts';
import {
  balanceText,
  changeText,
  effectText,
  levelText,
  money,
  percentText,
  readPercent,
  type SimulatorData,
} from './resident-text.ts';
import { rulesOf, type SimulationDefinition, type SimulationLine } from './simulation.schema.ts';

/*
 * What the resident's page shows (pure), without JavaScript: a number input per line, a radio
 * per council-tax level, the money still to find, the summary of changes, and every problem in
 * words. Field names are the inputs' ids, so the error summary's links land on them. English
 * only for now: the Welsh texts are kept in the definition for the pages to come.
 */

export const lineField = (id: string) => `line-${id}`;

/** The form as typed: what the page shows again, and the choice when every field is a number. */
export function readForm(
  definition: SimulationDefinition,
  body: Readonly<Record<string, unknown>>,
): { typed: Record<string, string>; choice: Choice; unreadable: Problem[] } {
  const typed: Record<string, string> = {};
  const percents: Record<string, number> = {};
  const unreadable: Problem[] = [];
  for (const line of [...definition.services, ...definition.income]) {
    const text = String(body[lineField(line.id)] ?? '0').trim();
    typed[lineField(line.id)] = text;
    const percent = readPercent(text);
    if (percent !== null) percents[line.id] = percent;
    else unreadable.push({ field: line.id, code: 'not-whole' });
  }
  const level = String(body[councilTaxField] ?? '0');
  typed[councilTaxField] = level;
  const councilTaxBasisPoints = /^\d{1,5}$/.test(level) ? Number(level) : -1;
  return { typed, choice: { percents, councilTaxBasisPoints }, unreadable };
}

/** Every problem, in words, each naming the field that shows it ('balance' for the total). */
export function problemTexts(
  definition: SimulationDefinition,
  problems: readonly Problem[],
  balance: Balance,
): { field: string; text: string }[] {
  const lines = new Map([...definition.services, ...definition.income].map((l) => [l.id, l]));
  return problems.flatMap((problem) => {
    const line = lines.get(problem.field);
    if (line) return [{ field: lineField(line.id), text: lineProblem(line, problem.code) }];
    if (problem.field === councilTaxField)
      return [{ field: councilTaxField, text: 'Choose one of the council tax levels' }];
    if (problem.field === 'balance')
      return [{ field: 'balance', text: unbalancedText(definition, balance) }];
    return [];
  });
}

function lineProblem(line: SimulationLine, code: Problem['code']): string {
  const name = line.name.en;
  if (code === 'not-whole') return `Enter the change to ${name} as a whole number, like -10`;
  if (code === 'out-of-range')
    return `${name} can change from ${percentText(line.minPercent)} to ${percentText(line.maxPercent)}`;
  return `${name} changes in steps of ${line.stepPercent}%, like ${percentText(-line.stepPercent)}`;
}

function unbalancedText(definition: SimulationDefinition, balance: Balance): string {
  const left = balance.stillToFindPennies;
  const within = money(definition.tolerancePounds * 100);
  return left > 0
    ? `Your budget does not balance yet: find ${money(left)} more (to within ${within}) before you submit it`
    : `Your budget finds ${money(-left)} more than needed: spend or give back some of it (to within ${within}) before you submit it`;
}

/** The whole page's model for a choice: lines by group, levels, total, summary, problems. */
export function residentPage(
  definition: SimulationDefinition,
  typed: Readonly<Record<string, string>>,
  choice: Choice,
  problems: readonly Problem[],
) {
  const rules = rulesOf(definition);
  const valid = problems.every((p) => p.field === 'balance');
  const balance = balanceOf(rules, valid ? choice : { percents: {}, councilTaxBasisPoints: 0 });
  const lineView = (line: SimulationLine, kind: 'service' | 'income') => {
    const percent = choice.percents[line.id] ?? 0;
    const change = lineChangePennies(line, percent);
    return {
      field: lineField(line.id),
      name: line.name.en,
      description: line.description.en,
      value: typed[lineField(line.id)] ?? '0',
      min: line.minPercent,
      max: line.maxPercent,
      step: line.stepPercent,
      hint: `Budget ${money(line.baselinePounds * 100)}. From ${percentText(line.minPercent)} to ${percentText(line.maxPercent)}, in steps of ${line.stepPercent}%.`,
      change: percent === 0 ? null : changeText(kind, change),
      effect: effectText(
        kind,
        change,
        line.consequences.find((c) => c.percent === percent)?.text.en ?? null,
      ),
    };
  };
  const groups = [
    ...definition.groups.map((g) => ({
      name: g.name.en,
      lines: definition.services.filter((l) => l.group === g.id).map((l) => lineView(l, 'service')),
    })),
    {
      name: 'Other services',
      lines: definition.services.filter((l) => !l.group).map((l) => lineView(l, 'service')),
    },
    { name: 'Income', lines: definition.income.map((l) => lineView(l, 'income')) },
  ].filter((g) => g.lines.length > 0);
  const tax = definition.councilTax;
  return {
    title: definition.title.en,
    introduction: definition.introduction.en,
    consent: definition.consent.en,
    target: definition.target.kind === 'savings' ? money(definition.target.pounds * 100) : null,
    groups,
    councilTax: tax && {
      year: tax.year,
      description: tax.description.en,
      levels: councilTaxLevels(tax).map((bp) => ({
        value: String(bp),
        text: levelText(tax, bp),
        checked: typed[councilTaxField] === String(bp),
      })),
    },
    balance: {
      text: balanceText(rules, balance),
      balanced: valid && isBalanced(rules, balance),
    },
    summary: groups.flatMap((g) =>
      g.lines.filter((l) => l.change).map((l) => ({ name: l.name, change: l.change })),
    ),
    problems: problemTexts(definition, problems, balance),
  };
}

/** Every problem with a choice: the unreadable fields, then the balance maths' own. */
export function choiceProblems(
  definition: SimulationDefinition,
  choice: Choice,
  unreadable: readonly Problem[],
): Problem[] {
  const problems = submissionProblems(rulesOf(definition), choice);
  if (unreadable.length === 0) return problems;
  // A field that is not a number is said once, and the balance is not judged without it.
  const unread = new Set(unreadable.map((p) => p.field));
  return [...unreadable, ...problems.filter((p) => !unread.has(p.field) && p.field !== 'balance')];
}

/**
 * What the sliders' script needs, as JSON for the page to carry: the balance rules it runs
 * balance.ts on, and each line's field and words. `<` is escaped so that no text can end the
 * element that holds it.
 */
export function simulatorJson(definition: SimulationDefinition): string {
  const data: SimulatorData = {
    rules: rulesOf(definition),
    lines: [...definition.services, ...definition.income].map((line) => ({
      id: line.id,
      field: lineField(line.id),
      name: line.name.en,
      consequences: Object.fromEntries(line.consequences.map((c) => [c.percent, c.text.en])),
    })),
  };
  return JSON.stringify(data).replaceAll('<', '\\u003c');
}
