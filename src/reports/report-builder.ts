/**
 * The report builder's edits to a definition, pure: what each kind of section asks for, a
 * section as a form gives it, and adding, replacing, moving and removing sections. The result is
 * checked by the report schema; its problems come back named by the form field they belong to.
 */
import {
  reportDefinition,
  type ReportDefinition,
  type ReportSection,
  type SectionKind,
} from './report.schema.ts';

/** How many measures a kind of section takes: none, one, or a list of up to `most`. */
export type MeasureChoice =
  | { kind: 'none' }
  | { kind: 'one' }
  | { kind: 'many'; most: number }
  /** A quadrant: a cost measure and an outcome measure. */
  | { kind: 'pair' };

export interface KindInfo {
  /** What the builder calls it: "A table of measures". */
  label: string;
  hint: string;
  measures: MeasureChoice;
}

export const sectionKinds: Readonly<Record<SectionKind, KindInfo>> = {
  text: {
    label: 'Words',
    hint: 'Paragraphs, which may say figures in words: {metric:employment-rate.sentence}.',
    measures: { kind: 'none' },
  },
  tiles: {
    label: 'Headline figures',
    hint: 'Up to 8 measures, each with its rank, England and change.',
    measures: { kind: 'many', most: 8 },
  },
  table: {
    label: 'A table of measures',
    hint: 'Value, rank and quarter, against England, change and trend.',
    measures: { kind: 'many', most: 60 },
  },
  ranked: {
    label: 'A ranked bar chart',
    hint: 'One measure for the group’s councils, ranked.',
    measures: { kind: 'one' },
  },
  series: {
    label: 'A chart over time',
    hint: 'One measure for the council, the group’s median and England, year by year.',
    measures: { kind: 'one' },
  },
  map: {
    label: 'A map',
    hint: 'One measure for every council of the same kind.',
    measures: { kind: 'one' },
  },
  grid: {
    label: 'Councils against measures',
    hint: 'A grid of the group’s councils against up to 12 measures.',
    measures: { kind: 'many', most: 12 },
  },
  quadrant: {
    label: 'Cost against outcome',
    hint: 'The group’s councils in four quarters: a cost measure against an outcome measure.',
    measures: { kind: 'pair' },
  },
};

/** The measures a section draws, in order (a quadrant's cost, then its outcome). */
export function sectionMetrics(section: ReportSection): string[] {
  if ('metrics' in section) return [...section.metrics];
  if ('metric' in section) return [section.metric];
  if (section.kind === 'quadrant') return [section.cost, section.outcome];
  return [];
}

export function isSectionKind(text: string): text is SectionKind {
  return Object.hasOwn(sectionKinds, text);
}

/** What a section's form holds. */
export interface SectionForm {
  heading: string;
  /** Paragraphs, separated by a blank line. */
  intro: string;
  /** The measures chosen, in order. */
  metrics: string[];
}

/** The paragraphs of an intro as one text box shows them, a blank line between each. */
export function introText(intro: readonly string[]): string {
  return intro.join('\n\n');
}

/** A text box's paragraphs: split at blank lines, each paragraph's lines joined. */
export function introParagraphs(text: string): string[] {
  return text
    .replace(/\r\n?/g, '\n')
    .split(/\n\s*\n/)
    .map((p) => p.replace(/\s*\n\s*/g, ' ').trim())
    .filter((p) => p !== '');
}

/** A section's form as it first shows, for a section there is or a new one of `kind`. */
export function sectionForm(section: ReportSection | null): SectionForm {
  if (!section) return { heading: '', intro: '', metrics: [] };
  const metrics = sectionMetrics(section);
  return { heading: section.heading, intro: introText(section.intro), metrics };
}

/** The section a form gives: as written, for the schema to check with the rest. */
export function sectionFrom(kind: SectionKind, form: SectionForm): unknown {
  const common = { kind, heading: form.heading.trim(), intro: introParagraphs(form.intro) };
  const choice = sectionKinds[kind].measures;
  if (choice.kind === 'none') return common;
  if (choice.kind === 'one') return { ...common, metric: form.metrics[0] ?? '' };
  if (choice.kind === 'pair')
    return { ...common, cost: form.metrics[0] ?? '', outcome: form.metrics[1] ?? '' };
  return { ...common, metrics: form.metrics };
}

/** The definition with section `index` (0-based; null: a new one at the end) as given. */
export function withSection(
  report: ReportDefinition,
  index: number | null,
  section: unknown,
): unknown {
  const sections: unknown[] = [...report.sections];
  if (index === null) sections.push(section);
  else sections[index] = section;
  return { ...report, sections };
}

/** The definition with section `index` moved one place up or down (unchanged at an end). */
export function withSectionMoved(
  report: ReportDefinition,
  index: number,
  direction: 'up' | 'down',
): ReportDefinition {
  const to = direction === 'up' ? index - 1 : index + 1;
  if (to < 0 || to >= report.sections.length) return report;
  const sections = [...report.sections];
  const [moved] = sections.splice(index, 1);
  if (moved) sections.splice(to, 0, moved);
  return { ...report, sections };
}

/** The definition without section `index`; null when it is the only one (a report needs one). */
export function withoutSection(report: ReportDefinition, index: number): ReportDefinition | null {
  if (report.sections.length <= 1) return null;
  return { ...report, sections: report.sections.filter((_s, i) => i !== index) };
}

/** A problem with one section's form, by the form field it belongs to. */
export interface SectionProblem {
  field: 'heading' | 'intro' | 'metrics' | '';
  text: string;
}

/**
 * Checks the whole definition with one section changed, and says what is wrong with that section
 * in words for the person filling in its form. Problems elsewhere (none, when the rest was
 * saved before) are said without a field.
 */
export function checkSection(
  candidate: unknown,
  index: number,
): { ok: true; report: ReportDefinition } | { ok: false; problems: SectionProblem[] } {
  const result = reportDefinition.safeParse(candidate);
  if (result.success) return { ok: true, report: result.data };
  const problems = result.error.issues.map((issue): SectionProblem => {
    const [top, at, field] = issue.path;
    if (top !== 'sections' || at !== index) return { field: '', text: issue.message };
    if (field === 'heading') return { field, text: headingProblem(issue.message) };
    if (field === 'intro') return { field, text: `Words: ${withoutPlace(issue.message)}` };
    if (field === 'metric' || field === 'metrics')
      return { field: 'metrics', text: measureProblem(issue.message) };
    if (field === 'cost' || field === 'outcome')
      return { field: 'metrics', text: `Choose the ${field} measure` };
    return { field: '', text: issue.message };
  });
  return { ok: false, problems: dedupe(problems) };
}

/** A token problem's message without the section it names: the form is that section's. */
function withoutPlace(message: string): string {
  return message.replace(/^section \d+ \("[^"]*"\): /, '');
}

function headingProblem(message: string): string {
  if (/must not be empty/.test(message)) return 'Enter a heading for the section';
  if (/Too big|at most/i.test(message)) return 'The heading must be 200 characters or fewer';
  return `Heading: ${withoutPlace(message)}`;
}

function measureProblem(message: string): string {
  if (/at least one|must be a slug|Too small|Invalid input/i.test(message))
    return 'Choose a measure';
  if (/Too big|at most/i.test(message)) return 'Choose fewer measures';
  return `Measures: ${message}`;
}

function dedupe(problems: SectionProblem[]): SectionProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.field}|${p.text}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
