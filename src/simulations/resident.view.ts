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
import { escapeXml } from '../shared/svg.ts';
import {
  balanceText as textOfBalance,
  changeText,
  levelText,
  money,
  percentText,
  readPercent,
  type Shown,
  type SimulatorData,
} from './resident-text.ts';
import { say, sayHtml, textWordsIn, type WordKey } from './resident-words.ts';
import {
  localised,
  rulesOf,
  type Language,
  type LocalText,
  type SimulationDefinition,
  type SimulationLine,
} from './simulation.schema.ts';

/*
 * What the resident's page shows (pure), without JavaScript: a number input per line, a radio
 * per council-tax level, the money still to find, the summary of changes, and every problem in
 * words. Field names are the inputs' ids, so the error summary's links land on them. In English
 * or Welsh: the page's own words from resident-words.ts, the council's from its definition, and
 * a council's text left without Welsh shown in English, marked so (`lang`).
 */

/** A council's text as the page shows it: `lang` only where it is not the page's language. */
export function shown(value: LocalText, language: Language): Shown {
  const found = localised(value, language);
  return found.lang === language ? { text: found.text } : { text: found.text, lang: found.lang };
}

/** A problem as the page says it: plain text, and HTML with any other language marked. */
export interface ProblemText {
  field: string;
  text: string;
  html: string;
}

const problem = (
  language: Language,
  field: string,
  key: WordKey,
  values: Record<string, string | Shown> = {},
): ProblemText => ({
  field,
  text: say(language, key, values),
  html: sayHtml(language, key, values),
});

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
  language: Language,
): ProblemText[] {
  const lines = new Map([...definition.services, ...definition.income].map((l) => [l.id, l]));
  return problems.flatMap((p) => {
    const line = lines.get(p.field);
    if (line) return [lineProblem(line, p.code, language)];
    if (p.field === councilTaxField) return [problem(language, councilTaxField, 'chooseLevel')];
    if (p.field === 'balance') return [unbalancedText(definition, balance, language)];
    return [];
  });
}

function lineProblem(line: SimulationLine, code: Problem['code'], language: Language) {
  const field = lineField(line.id);
  const name = shown(line.name, language);
  if (code === 'not-whole') return problem(language, field, 'notWhole', { name });
  if (code === 'out-of-range')
    return problem(language, field, 'outOfRange', {
      name,
      min: percentText(line.minPercent),
      max: percentText(line.maxPercent),
    });
  return problem(language, field, 'offGrid', {
    name,
    step: String(line.stepPercent),
    example: percentText(-line.stepPercent),
  });
}

function unbalancedText(definition: SimulationDefinition, balance: Balance, language: Language) {
  const left = balance.stillToFindPennies;
  const within = money(definition.tolerancePounds * 100);
  return problem(language, 'balance', left > 0 ? 'unbalanced' : 'overBalanced', {
    money: money(Math.abs(left)),
    within,
  });
}

/** Where the budget stands, in words: what the running total says. */
export function balanceText(
  definition: SimulationDefinition,
  balance: Balance,
  language: Language,
): string {
  return textOfBalance(rulesOf(definition), balance, textWordsIn(language));
}

/** A council's text as HTML: escaped, in a `lang` span when not in the page's language. */
export function shownHtml(value: Shown): string {
  const text = escapeXml(value.text);
  return value.lang ? `<span lang="${value.lang}">${text}</span>` : text;
}

function lineView(
  line: SimulationLine,
  kind: 'service' | 'income',
  typed: Readonly<Record<string, string>>,
  choice: Choice,
  language: Language,
) {
  const percent = choice.percents[line.id] ?? 0;
  const name = shown(line.name, language);
  const description = shown(line.description, language);
  const hint = say(language, 'lineHint', {
    budget: money(line.baselinePounds * 100),
    min: percentText(line.minPercent),
    max: percentText(line.maxPercent),
    step: String(line.stepPercent),
  });
  const consequence = line.consequences.find((c) => c.percent === percent);
  const change =
    percent === 0
      ? null
      : changeText(kind, lineChangePennies(line, percent), textWordsIn(language));
  return {
    field: lineField(line.id),
    name,
    labelHtml: sayHtml(language, 'changeLabel', { name }),
    value: typed[lineField(line.id)] ?? '0',
    min: line.minPercent,
    max: line.maxPercent,
    step: line.stepPercent,
    hintHtml: [description.text === '' ? '' : shownHtml(description) + ' ', escapeXml(hint)].join(
      '',
    ),
    change,
    effectHtml: [
      change ? sayHtml(language, 'effect', { change }) : '',
      consequence ? shownHtml(shown(consequence.text, language)) : '',
    ]
      .filter((part) => part !== '')
      .join(' '),
  };
}

function groupsOf(
  definition: SimulationDefinition,
  typed: Readonly<Record<string, string>>,
  choice: Choice,
  language: Language,
) {
  const view = (l: SimulationLine, kind: 'service' | 'income') =>
    lineView(l, kind, typed, choice, language);
  return [
    ...definition.groups.map((g) => ({
      name: shown(g.name, language),
      lines: definition.services.filter((l) => l.group === g.id).map((l) => view(l, 'service')),
    })),
    {
      name: { text: say(language, 'otherServices') },
      lines: definition.services.filter((l) => !l.group).map((l) => view(l, 'service')),
    },
    {
      name: { text: say(language, 'income') },
      lines: definition.income.map((l) => view(l, 'income')),
    },
  ].filter((g) => g.lines.length > 0);
}

function councilTaxView(
  definition: SimulationDefinition,
  typed: Readonly<Record<string, string>>,
  language: Language,
) {
  const tax = definition.councilTax;
  return (
    tax && {
      legend: say(language, 'councilTaxLegend', { year: tax.year }),
      description: shown(tax.description, language),
      levels: councilTaxLevels(tax).map((bp) => ({
        value: String(bp),
        text: levelText(tax, bp, textWordsIn(language)),
        checked: typed[councilTaxField] === String(bp),
      })),
    }
  );
}

/** The whole page's model for a choice: lines by group, levels, total, summary, problems. */
export function residentPage(
  definition: SimulationDefinition,
  typed: Readonly<Record<string, string>>,
  choice: Choice,
  problems: readonly Problem[],
  language: Language,
) {
  const rules = rulesOf(definition);
  const valid = problems.every((p) => p.field === 'balance');
  const balance = balanceOf(rules, valid ? choice : { percents: {}, councilTaxBasisPoints: 0 });
  const groups = groupsOf(definition, typed, choice, language);
  return {
    title: shown(definition.title, language),
    introduction: shown(definition.introduction, language),
    consent: shown(definition.consent, language),
    target: definition.target.kind === 'savings' ? money(definition.target.pounds * 100) : null,
    groups,
    councilTax: councilTaxView(definition, typed, language),
    balance: {
      text: balanceText(definition, balance, language),
      balanced: valid && isBalanced(rules, balance),
    },
    summary: groups.flatMap((g) =>
      g.lines.flatMap((l) => (l.change ? [{ name: l.name, change: l.change }] : [])),
    ),
    problems: problemTexts(definition, problems, balance, language),
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
 * balance.ts on, its words and each line's field and texts in the page's language (a council's
 * text left without it marked as English). `<` is escaped so that no text can end the element
 * that holds it.
 */
export function simulatorJson(definition: SimulationDefinition, language: Language): string {
  const data: SimulatorData = {
    rules: rulesOf(definition),
    words: textWordsIn(language),
    lines: [...definition.services, ...definition.income].map((line) => ({
      id: line.id,
      field: lineField(line.id),
      name: shown(line.name, language),
      consequences: Object.fromEntries(
        line.consequences.map((c) => [c.percent, shown(c.text, language)]),
      ),
    })),
  };
  return JSON.stringify(data).replaceAll('<', '\\u003c');
}
