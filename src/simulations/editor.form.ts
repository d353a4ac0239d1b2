import type { FieldError, FormValues } from '../site/forms.ts';
import { fieldError } from '../site/forms.ts';
import { ukInputValue, ukMoment } from '../uploads/london-time.ts';
import type {
  DefinitionIssue,
  LocalText,
  SimulationDefinition,
  SimulationLine,
} from './simulation.schema.ts';

/*
 * The editors' forms (issue 21), pure: a definition's parts as the fields a person types into,
 * back into a definition for the service to check, and the schema's problems in words, each on
 * the field that shows it. Nothing here decides what a definition may be: the schema does.
 */

export type LineList = 'services' | 'income';

const text = (values: FormValues, name: string) => {
  const value = values[name];
  return typeof value === 'string' ? value.trim() : '';
};

const local = (values: FormValues, name: string): LocalText => ({
  en: text(values, `${name}En`),
  cy: text(values, `${name}Cy`),
});

/** A whole number as people type one: "4,000,000", "£4000000", "-10%", "+5". */
export function wholeNumber(typed: string): number | null {
  const plain = typed.replace(/[£,%\s]/g, '').replace('−', '-');
  return /^[-+]?\d{1,15}(\.\d+)?$/.test(plain) ? Number(plain) : null;
}

/** A line's fields as its form shows them; consequences one a line, "-10: what happens". */
export function lineValues(line: SimulationLine): FormValues {
  const steps = (language: 'en' | 'cy') =>
    line.consequences
      .filter((c) => c.text[language] !== '')
      .map((c) => `${c.percent}: ${c.text[language]}`)
      .join('\n');
  return {
    nameEn: line.name.en,
    nameCy: line.name.cy,
    descriptionEn: line.description.en,
    descriptionCy: line.description.cy,
    group: line.group ?? '',
    baselinePounds: String(line.baselinePounds),
    minPercent: String(line.minPercent),
    maxPercent: String(line.maxPercent),
    stepPercent: String(line.stepPercent),
    consequencesEn: steps('en'),
    consequencesCy: steps('cy'),
  };
}

const consequenceLine = /^([-+−]?\d{1,4})\s*%?\s*:\s*(.+)$/;

/** The consequence texts typed one a line, by step; or the first line that cannot be read. */
function readConsequences(
  typed: string,
): { ok: true; byStep: Map<number, string> } | { ok: false; at: number } {
  const byStep = new Map<number, string>();
  const rows = typed.split(/\r?\n/).map((row) => row.trim());
  for (const [index, row] of rows.entries()) {
    if (row === '') continue;
    const match = consequenceLine.exec(row);
    if (!match) return { ok: false, at: index + 1 };
    byStep.set(Number((match[1] ?? '').replace('−', '-')), match[2] ?? '');
  }
  return { ok: true, byStep };
}

/** A new line's id from its English name: lower-case words joined by hyphens, unique. */
export function newLineId(name: string, taken: ReadonlySet<string>): string {
  const words = name
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[’']/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 50)
    .replace(/-+$/, '');
  const base = /^[a-z]/.test(words) ? words : `line${words === '' ? '' : `-${words}`}`;
  // "new" is the address of the form that adds a line.
  let id = base;
  for (let n = 2; taken.has(id) || id === 'new'; n++) id = `${base}-${n}`;
  return id;
}

/**
 * A line from its form, as the schema is to judge it: numbers read as people type them, the
 * consequences by step. What cannot be read as a number or a step is said here, by field.
 */
export function lineFrom(
  values: FormValues,
  id: string,
): { ok: true; line: SimulationLine } | { ok: false; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const numbers: Record<string, number> = {};
  const numberFields = [
    ['baselinePounds', 'Enter the budget as a whole number of pounds, like 4000000'],
    ['minPercent', 'Enter the largest cut as a whole percent, like -30'],
    ['maxPercent', 'Enter the largest rise as a whole percent, like 10'],
    ['stepPercent', 'Enter the step as a whole percent, like 5'],
  ] as const;
  for (const [field, say] of numberFields) {
    const value = wholeNumber(text(values, field));
    if (value === null) errors.push(fieldError(field, say));
    else numbers[field] = value;
  }
  const en = readConsequences(text(values, 'consequencesEn'));
  const cy = readConsequences(text(values, 'consequencesCy'));
  const unread = (at: number) =>
    `Line ${at}: write the step, a colon, then what happens, like -10: Two libraries close on Saturdays`;
  if (!en.ok) errors.push(fieldError('consequencesEn', unread(en.at)));
  if (!cy.ok) errors.push(fieldError('consequencesCy', unread(cy.at)));
  if (en.ok && cy.ok)
    for (const step of cy.byStep.keys())
      if (!en.byStep.has(step))
        errors.push(fieldError('consequencesCy', `${step}% has Welsh text but no English text`));
  if (errors.length > 0 || !en.ok || !cy.ok) return { ok: false, errors };
  const group = text(values, 'group');
  return {
    ok: true,
    line: {
      id,
      ...(group === '' ? {} : { group }),
      name: local(values, 'name'),
      description: local(values, 'description'),
      baselinePounds: numbers['baselinePounds'] ?? 0,
      minPercent: numbers['minPercent'] ?? 0,
      maxPercent: numbers['maxPercent'] ?? 0,
      stepPercent: numbers['stepPercent'] ?? 0,
      consequences: [...en.byStep]
        .sort((a, b) => a[0] - b[0])
        .map(([percent, words]) => ({
          percent,
          text: { en: words, cy: cy.byStep.get(percent) ?? '' },
        })),
    },
  };
}

/** How long a comment may be unless the council says otherwise. */
const defaultCommentCharacters = 1000;

/** The free-text question from the settings form: none while its English is empty. */
function commentOf(values: FormValues, errors: FieldError[]): SimulationDefinition['comment'] {
  const label = local(values, 'comment');
  if (label.en === '') {
    if (label.cy !== '')
      errors.push(fieldError('commentEn', 'Give the question in English as well as in Welsh'));
    return null;
  }
  const maxCharacters = wholeNumber(text(values, 'commentMax'));
  if (maxCharacters === null) {
    errors.push(fieldError('commentMax', 'Enter the longest comment as a number, like 1000'));
    return null;
  }
  return { label, maxCharacters };
}

/** The rest of a definition (all but its lines and lever) as its form shows it. */
export function settingsValues(definition: SimulationDefinition): FormValues {
  return {
    titleEn: definition.title.en,
    titleCy: definition.title.cy,
    introductionEn: definition.introduction.en,
    introductionCy: definition.introduction.cy,
    target: definition.target.kind,
    targetPounds: definition.target.kind === 'savings' ? String(definition.target.pounds) : '',
    tolerancePounds: String(definition.tolerancePounds),
    consentEn: definition.consent.en,
    consentCy: definition.consent.cy,
    commentEn: definition.comment?.label.en ?? '',
    commentCy: definition.comment?.label.cy ?? '',
    commentMax: String(definition.comment?.maxCharacters ?? defaultCommentCharacters),
    opensAt: ukInputValue(new Date(definition.opensAt)),
    closesAt: ukInputValue(new Date(definition.closesAt)),
    logoUrl: definition.branding.logoUrl ?? '',
    logoAltEn: definition.branding.logoAlt.en,
    logoAltCy: definition.branding.logoAlt.cy,
    colour: definition.branding.colour,
  };
}

/** A date and time typed as 2026-01-05T09:00 (the form's own input), read as UK time in UTC. */
/** A date and time typed as a UK clock shows it (GMT or BST), as the moment it names. */
function moment(typed: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(typed)) return null;
  return ukMoment(typed)?.toISOString() ?? null;
}

/** The definition with the settings form's fields in place of its own; or what cannot be read. */
export function withSettings(
  definition: SimulationDefinition,
  values: FormValues,
): { ok: true; definition: SimulationDefinition } | { ok: false; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const savings = text(values, 'target') === 'savings';
  const targetPounds = savings ? wholeNumber(text(values, 'targetPounds')) : 0;
  if (targetPounds === null)
    errors.push(fieldError('targetPounds', 'Enter the savings target in whole pounds'));
  const tolerancePounds = wholeNumber(text(values, 'tolerancePounds'));
  if (tolerancePounds === null)
    errors.push(fieldError('tolerancePounds', 'Enter the tolerance in whole pounds, like 50000'));
  const opensAt = moment(text(values, 'opensAt'));
  if (opensAt === null)
    errors.push(fieldError('opensAt', 'Enter when it opens as a date and time'));
  const closesAt = moment(text(values, 'closesAt'));
  if (closesAt === null)
    errors.push(fieldError('closesAt', 'Enter when it closes as a date and time'));
  const comment = commentOf(values, errors);
  if (errors.length > 0 || targetPounds === null || tolerancePounds === null)
    return { ok: false, errors };
  const logoUrl = text(values, 'logoUrl');
  return {
    ok: true,
    definition: {
      ...definition,
      title: local(values, 'title'),
      introduction: local(values, 'introduction'),
      target: savings ? { kind: 'savings', pounds: targetPounds } : { kind: 'balance' },
      tolerancePounds,
      consent: local(values, 'consent'),
      comment,
      opensAt: opensAt ?? definition.opensAt,
      closesAt: closesAt ?? definition.closesAt,
      branding: {
        logoUrl: logoUrl === '' ? null : logoUrl,
        logoAlt: local(values, 'logoAlt'),
        colour: text(values, 'colour').toLowerCase(),
      },
    },
  };
}

/** What each field is called in the error summary. */
const labels: Record<string, string> = {
  nameEn: 'The name',
  nameCy: 'The Welsh name',
  descriptionEn: 'The description',
  descriptionCy: 'The Welsh description',
  group: 'The group',
  baselinePounds: 'The budget',
  minPercent: 'The largest cut',
  maxPercent: 'The largest rise',
  stepPercent: 'The step',
  consequencesEn: 'The consequences',
  consequencesCy: 'The Welsh consequences',
  titleEn: 'The title',
  titleCy: 'The Welsh title',
  introductionEn: 'The introduction',
  introductionCy: 'The Welsh introduction',
  target: 'The target',
  targetPounds: 'The savings target',
  tolerancePounds: 'The tolerance',
  consentEn: 'The consent text',
  consentCy: 'The Welsh consent text',
  commentEn: 'The free-text question',
  commentCy: 'The Welsh free-text question',
  commentMax: 'The longest comment',
  opensAt: 'Opens',
  closesAt: 'Closes',
  logoUrl: 'The logo address',
  labelEn: 'The question',
  labelCy: 'The Welsh question',
  optionsEn: 'The answers',
  optionsCy: 'The Welsh answers',
  logoAltEn: 'The logo’s text alternative',
  logoAltCy: 'The logo’s Welsh text alternative',
  colour: 'The colour',
  year: 'The year',
  requirementPounds: 'The council tax requirement',
  bandDPounds: 'Band D',
  limitPercent: 'The referendum limit',
  stepPercentTax: 'The lever’s step',
  councilTaxDescriptionEn: 'The lever’s description',
  councilTaxDescriptionCy: 'The lever’s Welsh description',
};

const lowerFirst = (words: string) => words.charAt(0).toLowerCase() + words.slice(1);

/** A schema problem in words, about the field called `label`. */
export function issueText(label: string, issue: DefinitionIssue): string {
  const { bound, origin } = issue;
  if (issue.code === 'too_small' && origin === 'string' && bound === 1)
    return `Enter ${lowerFirst(label)}`;
  if (issue.code === 'too_small' && origin === 'string')
    return `${label} must be ${bound} characters or more`;
  if (issue.code === 'too_big' && origin === 'string')
    return `${label} must be ${bound} characters or fewer`;
  if (issue.code === 'too_small' && origin === 'array')
    return `${label}: there must be at least ${bound}`;
  if (issue.code === 'too_big' && origin === 'array')
    return `${label}: there can be at most ${bound}`;
  if (issue.code === 'too_small')
    return `${label} must be ${bound?.toLocaleString('en-GB')} or more`;
  if (issue.code === 'too_big') return `${label} must be ${bound?.toLocaleString('en-GB')} or less`;
  if (issue.code === 'invalid_type') return `${label} must be a whole number`;
  return `${label}: ${lowerFirst(issue.message)}`;
}

/** A line's path in the definition (after its list and index) as its form's field. */
function lineField(rest: readonly (string | number)[]): string {
  const [first, second] = rest;
  if (first === 'name' || first === 'description' || first === 'id')
    return `${first === 'id' ? 'name' : first}${second === 'cy' ? 'Cy' : 'En'}`;
  if (first === 'consequences') return 'consequencesEn';
  if (typeof first === 'string') return first;
  // A problem of the whole line (its range and step together) is shown on its range.
  return 'minPercent';
}

const settingsFields: Record<string, (rest: readonly (string | number)[]) => string> = {
  title: (rest) => (rest[0] === 'cy' ? 'titleCy' : 'titleEn'),
  introduction: (rest) => (rest[0] === 'cy' ? 'introductionCy' : 'introductionEn'),
  consent: (rest) => (rest[0] === 'cy' ? 'consentCy' : 'consentEn'),
  comment: (rest) =>
    rest[0] === 'label' ? (rest[1] === 'cy' ? 'commentCy' : 'commentEn') : 'commentMax',
  target: (rest) => (rest[0] === 'pounds' ? 'targetPounds' : 'target'),
  tolerancePounds: () => 'tolerancePounds',
  opensAt: () => 'opensAt',
  closesAt: () => 'closesAt',
  branding: (rest) =>
    rest[0] === 'logoAlt' ? (rest[1] === 'cy' ? 'logoAltCy' : 'logoAltEn') : String(rest[0]),
};

const taxFields: Record<string, string> = {
  year: 'year',
  requirementPounds: 'requirementPounds',
  bandDPennies: 'bandDPounds',
  limitBasisPoints: 'limitPercent',
  stepBasisPoints: 'stepPercentTax',
};

/** Where a problem shows: the field of the form being edited, or '' for elsewhere. */
export type Editing =
  | { part: 'line'; list: LineList; index: number }
  | { part: 'group'; index: number }
  | { part: 'question'; index: number }
  | { part: 'settings' }
  | { part: 'council-tax' }
  /** Nothing on the page: every problem is said with where it is. */
  | { part: 'whole' };

function fieldOf(editing: Editing, path: readonly (string | number)[]): string {
  const [head, ...rest] = path;
  if (editing.part === 'line')
    return head === editing.list && rest[0] === editing.index ? lineField(rest.slice(1)) : '';
  if (editing.part === 'group' || editing.part === 'question') {
    const list = editing.part === 'group' ? 'groups' : 'aboutYou';
    if (head !== list || rest[0] !== editing.index) return '';
    const [field, language] = rest.slice(1);
    if (field === 'options') return 'optionsEn';
    const name = editing.part === 'group' ? 'name' : 'label';
    return `${name}${language === 'cy' ? 'Cy' : 'En'}`;
  }
  if (editing.part === 'settings') return settingsFields[String(head)]?.(rest) ?? '';
  if (editing.part === 'whole' || head !== 'councilTax') return '';
  if (rest[0] === 'description')
    return rest[1] === 'cy' ? 'councilTaxDescriptionCy' : 'councilTaxDescriptionEn';
  return taxFields[String(rest[0])] ?? 'requirementPounds';
}

/** Where in the definition a problem elsewhere is, for a person: "Services, line 3". */
function placeOf(definition: SimulationDefinition, path: readonly (string | number)[]): string {
  const [head, index] = path;
  if ((head === 'services' || head === 'income') && typeof index === 'number') {
    const line = definition[head][index];
    return `${head === 'services' ? 'Service' : 'Income line'} “${line?.name.en ?? index + 1}”`;
  }
  const named: Record<string, string> = { services: 'Services', income: 'Income lines' };
  return named[String(head)] ?? 'The simulation';
}

/** The schema's problems as the form's errors: on its fields, or said with where they are. */
export function issueErrors(
  editing: Editing,
  definition: SimulationDefinition,
  issues: readonly DefinitionIssue[],
): FieldError[] {
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  for (const issue of issues) {
    const field = fieldOf(editing, issue.path);
    const label = field === '' ? placeOf(definition, issue.path) : (labels[field] ?? field);
    const words = issueText(label, issue);
    if (seen.has(`${field} ${words}`)) continue;
    seen.add(`${field} ${words}`);
    errors.push(fieldError(field, words));
  }
  return errors;
}

type Lever = NonNullable<SimulationDefinition['councilTax']>;

/** The lever's fields: money in pounds and pence, percents as people write them. */
export function councilTaxValues(lever: Lever | null): FormValues {
  if (lever === null) return { include: 'no' };
  return {
    include: 'yes',
    year: lever.year,
    requirementPounds: String(lever.requirementPounds),
    bandDPounds: (lever.bandDPennies / 100).toFixed(2),
    limitPercent: String(lever.limitBasisPoints / 100),
    stepPercentTax: String(lever.stepBasisPoints / 100),
    councilTaxDescriptionEn: lever.description.en,
    councilTaxDescriptionCy: lever.description.cy,
  };
}

/** A percent with up to two places, as basis points: "4.99" is 499. */
function basisPoints(typed: string): number | null {
  const plain = typed.replace(/[%\s]/g, '');
  return /^\d{1,3}(\.\d{1,2})?$/.test(plain) ? Math.round(Number(plain) * 100) : null;
}

/** The lever from its form (or none); what cannot be read as a number is said by field. */
export function councilTaxFrom(
  values: FormValues,
): { ok: true; lever: Lever | null } | { ok: false; errors: FieldError[] } {
  if (text(values, 'include') !== 'yes') return { ok: true, lever: null };
  const errors: FieldError[] = [];
  const requirementPounds = wholeNumber(text(values, 'requirementPounds'));
  if (requirementPounds === null)
    errors.push(fieldError('requirementPounds', 'Enter the requirement in whole pounds'));
  const bandD = /^£?\s*(\d{1,6})(\.\d{1,2})?$/.exec(text(values, 'bandDPounds').replace(/,/g, ''));
  if (!bandD)
    errors.push(fieldError('bandDPounds', 'Enter Band D in pounds and pence, like 1836.81'));
  const limit = basisPoints(text(values, 'limitPercent'));
  if (limit === null)
    errors.push(fieldError('limitPercent', 'Enter the limit as a percent, like 4.99'));
  const step = basisPoints(text(values, 'stepPercentTax'));
  if (step === null)
    errors.push(fieldError('stepPercentTax', 'Enter the step as a percent, like 1'));
  if (errors.length > 0 || requirementPounds === null || !bandD || limit === null || step === null)
    return { ok: false, errors };
  return {
    ok: true,
    lever: {
      year: text(values, 'year'),
      requirementPounds,
      bandDPennies: Math.round(Number(`${bandD[1]}${bandD[2] ?? ''}`) * 100),
      limitBasisPoints: limit,
      stepBasisPoints: step,
      description: local(values, 'councilTaxDescription'),
    },
  };
}

/** The lever from a council's real figures, its step 1%, saying where each figure came from. */
export function prefilledLever(prefill: {
  year: string;
  figuresYear: string;
  requirementPounds: number;
  bandDPennies: number;
  limitBasisPoints: number;
  principlesSource: string;
}): Lever {
  return {
    year: prefill.year,
    requirementPounds: prefill.requirementPounds,
    bandDPennies: prefill.bandDPennies,
    limitBasisPoints: prefill.limitBasisPoints,
    stepBasisPoints: 100,
    description: {
      en:
        `The council tax requirement and Band D are the council’s own for ${prefill.figuresYear} ` +
        `(MHCLG council tax statistics); the limit follows the ${prefill.principlesSource}.`,
      cy: '',
    },
  };
}

const day = 86_400_000;

/**
 * A new simulation's first definition: its title and lever, one service to rename or replace
 * (a simulation has one at least), "balance the budget", opening in a week for six weeks.
 */
export function starterDefinition(
  title: LocalText,
  lever: Lever | null,
  now: Date,
): SimulationDefinition {
  const hour = new Date(Math.ceil(now.getTime() / 3_600_000) * 3_600_000);
  return {
    title,
    introduction: { en: '', cy: '' },
    groups: [],
    services: [
      {
        id: 'first-service',
        name: { en: 'First service (rename or replace it)', cy: '' },
        description: { en: '', cy: '' },
        baselinePounds: 1_000_000,
        minPercent: -20,
        maxPercent: 20,
        stepPercent: 5,
        consequences: [],
      },
    ],
    income: [],
    target: { kind: 'balance' },
    tolerancePounds: 0,
    councilTax: lever,
    aboutYou: [],
    comment: null,
    consent: {
      en: 'The council keeps your answers to help it set its budget and publishes only totals.',
      cy: '',
    },
    opensAt: new Date(hour.getTime() + 7 * day).toISOString(),
    closesAt: new Date(hour.getTime() + 49 * day).toISOString(),
    branding: { logoUrl: null, logoAlt: { en: '', cy: '' }, colour: '#1d70b8' },
  };
}

type Question = SimulationDefinition['aboutYou'][number];

const rowsOf = (typed: string) =>
  typed
    .split(/\r?\n/)
    .map((row) => row.trim())
    .filter((row) => row !== '');

/** An answer's id from its English words: lower-case words or numbers joined by hyphens. */
function optionIdOf(words: string, taken: ReadonlySet<string>): string {
  const base =
    words
      .normalize('NFKD')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 50)
      .replace(/-+$/, '') || 'answer';
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
  return id;
}

/** A question's fields: its answers one a line, the Welsh in the same order. */
export function questionValues(question: Question): FormValues {
  const options = question.kind === 'choice' ? question.options : [];
  return {
    kind: question.kind,
    labelEn: question.label.en,
    labelCy: question.label.cy,
    optionsEn: options.map((o) => o.label.en).join('\n'),
    optionsCy: options.map((o) => o.label.cy).join('\n'),
  };
}

/** A question from its form, its answers' ids from their English words. */
export function questionFrom(values: FormValues, id: string): Question {
  const label = local(values, 'label');
  if (text(values, 'kind') !== 'choice') return { kind: 'postcode-district', id, label };
  const welsh = rowsOf(text(values, 'optionsCy'));
  const taken = new Set<string>();
  const options = rowsOf(text(values, 'optionsEn')).map((en, at) => {
    const option = { id: optionIdOf(en, taken), label: { en, cy: welsh[at] ?? '' } };
    taken.add(option.id);
    return option;
  });
  return { kind: 'choice', id, label, options };
}
