import { z } from 'zod';
import { rulesProblems, stepsOf, type BalanceRules, type LineRule } from './balance.ts';
import { isHexColour, meetsContrastAA } from './contrast.ts';

/*
 * A budget simulation's definition (issue 21), as its editors set it up and residents see it.
 * Stored whole, as JSON, in a version: once a simulation has opened, a change is a new version,
 * and every response names the version it answered.
 *
 * Every string a resident reads is given in English and Welsh. Welsh may be left empty: a
 * resident reading in Welsh then sees the English, marked as English (see `localised`).
 */

export const languages = ['en', 'cy'] as const;
export type Language = (typeof languages)[number];

const slug = z
  .string()
  .regex(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/, 'a slug is lower-case words joined by hyphens')
  .max(60);

/** An answer's id may start with a digit, as age bands do ("35-64"). */
const optionId = z
  .string()
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'lower-case words or numbers joined by hyphens')
  .max(60);

/** A resident-facing text: English required, Welsh optional. */
const text = (max: number) =>
  z.object({ en: z.string().trim().min(1).max(max), cy: z.string().trim().max(max).default('') });
/** A resident-facing text that may be left out altogether. */
const optionalText = (max: number) =>
  z
    .object({ en: z.string().trim().max(max), cy: z.string().trim().max(max).default('') })
    .default({ en: '', cy: '' });

export type LocalText = z.infer<ReturnType<typeof text>>;

/** A text in the resident's language, and the language it is really in (for `lang`). */
export function localised(value: LocalText, language: Language): { text: string; lang: Language } {
  if (language === 'cy' && value.cy !== '') return { text: value.cy, lang: 'cy' };
  return { text: value.en, lang: 'en' };
}

/** Whole pounds up to £100bn: more than any council's budget, and exact in pennies. */
const pounds = z.number().int().min(0).max(100_000_000_000);

const line = z
  .object({
    id: slug,
    /** The group it is shown under (services only), by the group's id. */
    group: slug.optional(),
    name: text(120),
    description: optionalText(1000),
    baselinePounds: pounds,
    minPercent: z.number().int().min(-100).max(0),
    maxPercent: z.number().int().min(0).max(1000),
    stepPercent: z.number().int().min(1).max(100),
    /** What happens at a step ("-10%: two libraries close on Saturdays"); steps may have none. */
    consequences: z
      .array(z.object({ percent: z.number().int(), text: text(500) }).strict())
      .default([]),
  })
  .strict();

const group = z.object({ id: slug, name: text(120) }).strict();

const councilTax = z
  .object({
    /** The financial year the lever is for, as openlg labels it ("2026/27"). */
    year: z.string().regex(/^\d{4}\/\d{2}$/, 'a financial year such as 2026/27'),
    requirementPounds: pounds,
    bandDPennies: z.number().int().min(0).max(10_000_000),
    /** The referendum limit in basis points (499 = 4.99%) and the lever's step. */
    limitBasisPoints: z.number().int().min(0).max(5000),
    stepBasisPoints: z.number().int().min(1).max(5000),
    description: optionalText(1000),
  })
  .strict();

/** "About you": a postcode district, or one answer from a list (an age band, uses the service). */
const question = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('postcode-district'), id: slug, label: text(200) }).strict(),
  z
    .object({
      kind: z.literal('choice'),
      id: slug,
      label: text(200),
      options: z
        .array(z.object({ id: optionId, label: text(120) }).strict())
        .min(2)
        .max(20),
    })
    .strict(),
]);
export type AboutYouQuestion = z.infer<typeof question>;

const definitionObject = z
  .object({
    title: text(120),
    introduction: optionalText(4000),
    groups: z.array(group).max(20).default([]),
    services: z.array(line).min(1).max(60),
    income: z.array(line).max(30).default([]),
    target: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('balance') }).strict(),
      z.object({ kind: z.literal('savings'), pounds: pounds.min(1) }).strict(),
    ]),
    /** How far from the target, either way, a budget may be submitted, in whole pounds. */
    tolerancePounds: pounds,
    councilTax: councilTax.nullable(),
    aboutYou: z.array(question).max(10).default([]),
    consent: text(4000),
    /**
     * One optional free-text question after the budget ("Anything else you'd like to tell us?"),
     * or none. Its answers are shown to no one but the council's editors until one approves them.
     */
    comment: z
      .object({ label: text(200), maxCharacters: z.number().int().min(50).max(5000) })
      .strict()
      .nullable()
      .default(null),
    opensAt: z.iso.datetime({ offset: true }),
    closesAt: z.iso.datetime({ offset: true }),
    branding: z
      .object({
        /** The council's logo: an https address, or none. */
        logoUrl: z.url({ protocol: /^https$/ }).nullable(),
        logoAlt: optionalText(200),
        /** The header and buttons' colour, under white text: 4.5:1 against white at least. */
        colour: z.string().refine(isHexColour, 'a colour such as #1d70b8'),
      })
      .strict(),
  })
  .strict();

export type SimulationDefinition = z.infer<typeof definitionObject>;
export type SimulationLine = z.infer<typeof line>;

/** The balance maths' view of a definition: its lines, target, tolerance and lever. */
export function rulesOf(definition: SimulationDefinition): BalanceRules {
  const lines: LineRule[] = [
    ...definition.services.map((l) => ({ ...lineRule(l), kind: 'service' as const })),
    ...definition.income.map((l) => ({ ...lineRule(l), kind: 'income' as const })),
  ];
  return {
    lines,
    target: definition.target,
    tolerancePounds: definition.tolerancePounds,
    councilTax: definition.councilTax,
  };
}

function lineRule(l: SimulationLine) {
  return {
    id: l.id,
    baselinePounds: l.baselinePounds,
    minPercent: l.minPercent,
    maxPercent: l.maxPercent,
    stepPercent: l.stepPercent,
  };
}

/** Every problem of a well-formed definition that no single field shows, by path. */
export function definitionProblems(
  definition: SimulationDefinition,
): { path: (string | number)[]; message: string }[] {
  const problems: { path: (string | number)[]; message: string }[] = [];
  const rules = rulesOf(definition);
  const services = definition.services.length;
  const where = (p: { field: string; line?: number }): (string | number)[] => {
    if (p.line === undefined) return [p.field === 'council-tax' ? 'councilTax' : 'target'];
    return p.line < services ? ['services', p.line] : ['income', p.line - services];
  };
  for (const p of rulesProblems(rules)) problems.push({ path: where(p), message: p.text });
  const groups = new Set(definition.groups.map((g) => g.id));
  for (const [list, lines] of [
    ['services', definition.services],
    ['income', definition.income],
  ] as const)
    lines.forEach((l, index) => {
      if (l.group !== undefined && (list === 'income' || !groups.has(l.group)))
        problems.push({ path: [list, index, 'group'], message: 'No such group of services' });
      const steps = l.minPercent % l.stepPercent === 0 ? stepsOf(l) : [];
      l.consequences.forEach((c, at) => {
        if (!steps.includes(c.percent))
          problems.push({
            path: [list, index, 'consequences', at],
            message: `${c.percent}% is not one of the steps`,
          });
      });
    });
  problems.push(...questionProblems(definition.aboutYou));
  if (Date.parse(definition.closesAt) <= Date.parse(definition.opensAt))
    problems.push({ path: ['closesAt'], message: 'A simulation closes after it opens' });
  if (!meetsContrastAA('#ffffff', definition.branding.colour))
    problems.push({
      path: ['branding', 'colour'],
      message: 'White text on this colour is below the 4.5:1 contrast WCAG AA needs',
    });
  if (definition.branding.logoUrl !== null && definition.branding.logoAlt.en === '')
    problems.push({ path: ['branding', 'logoAlt'], message: 'A logo needs its text alternative' });
  return problems;
}

function questionProblems(questions: readonly AboutYouQuestion[]) {
  const problems: { path: (string | number)[]; message: string }[] = [];
  const ids = new Set<string>();
  questions.forEach((q, index) => {
    if (ids.has(q.id))
      problems.push({ path: ['aboutYou', index, 'id'], message: 'Each question needs its own id' });
    ids.add(q.id);
    if (q.kind === 'choice' && new Set(q.options.map((o) => o.id)).size !== q.options.length)
      problems.push({
        path: ['aboutYou', index, 'options'],
        message: 'Each option needs its own id',
      });
  });
  return problems;
}

/**
 * A simulation's definition, checked whole: fields first, then what ties them together, only
 * once every field is valid (zod would otherwise run it on, say, a fractional step).
 */
export const simulationDefinition = definitionObject.check((payload) => {
  if (payload.issues.length > 0) return;
  for (const problem of definitionProblems(payload.value))
    payload.issues.push({
      code: 'custom',
      path: problem.path,
      message: problem.message,
      input: payload.value,
    });
});

/** A problem the schema finds in a definition, by its path, with what a page needs to say it. */
export interface DefinitionIssue {
  path: (string | number)[];
  code: string;
  message: string;
  /** For a length or size: 'string', 'number' or 'array', and the bound crossed. */
  origin?: string;
  bound?: number;
}

/** Every problem of a refused definition, in the order the schema found them. */
export function definitionIssues(error: z.ZodError): DefinitionIssue[] {
  return error.issues.map((issue) => {
    const found: DefinitionIssue = {
      path: issue.path.filter((p) => typeof p !== 'symbol'),
      code: issue.code,
      message: issue.message,
    };
    if (issue.code === 'too_small' || issue.code === 'too_big') {
      found.origin = issue.origin;
      found.bound = Number(issue.code === 'too_small' ? issue.minimum : issue.maximum);
    }
    return found;
  });
}

const postcodeDistrict = /^[A-Z]{1,2}[0-9][A-Z0-9]?$/;

/**
 * A resident's "about you" answers for these questions: every question may be skipped (an empty
 * or absent answer), a postcode district is such as "TS24", a choice is one of its options.
 */
export function aboutYouAnswers(questions: readonly AboutYouQuestion[]) {
  const shape = Object.fromEntries(
    questions.map((q) => {
      const answer =
        q.kind === 'postcode-district'
          ? z
              .string()
              .trim()
              .toUpperCase()
              .regex(postcodeDistrict, 'a postcode district such as TS24')
          : z.enum(q.options.map((o) => o.id) as [string, ...string[]]);
      return [q.id, z.preprocess((v) => (v === '' ? undefined : v), answer.optional())];
    }),
  );
  // An answer left empty is no answer: kept out of the stored answers rather than undefined.
  return z
    .object(shape)
    .strict()
    .transform((answers) =>
      Object.fromEntries(
        Object.entries(answers).filter((e): e is [string, string] => e[1] !== undefined),
      ),
    );
}
