import { z } from 'zod';
import { parsePeriod } from '../periods/period.ts';
import { returnStates, type LodgedStatus } from './collections.tables.ts';

/** What the form needs of a metric to ask for it and check the answer. */
export interface AskedMetric {
  slug: string;
  title: string;
  unit: string | null;
  decimalPlaces: number;
}

export interface LodgedValue {
  metricSlug: string;
  value: number | null;
  status: LodgedStatus;
  note: string | null;
}

/** The most metrics one collection asks for, and councils it asks: a form, not a bulk file. */
export const maxMetrics = 40;
export const maxCouncils = 500;

/** A list typed one a line (or separated by commas or spaces), without blanks or repeats. */
const listed = (text: string) => [
  ...new Set(
    text
      .split(/[\s,]+/)
      .map((item) => item.trim())
      .filter(Boolean),
  ),
];

/** The administrator's form for a new collection, every problem said at once. */
export const collectionForm = z.object({
  title: z
    .string()
    .trim()
    .min(1, { error: 'Enter a title for the collection' })
    .max(200, { error: 'Title must be 200 characters or fewer' }),
  period: z
    .string()
    .trim()
    .min(1, { error: 'Enter the period the figures are for, such as 2024/25' })
    .transform((text, ctx) => {
      const parsed = parsePeriod(text);
      if (parsed.ok) return parsed.period.code;
      ctx.addIssue({ code: 'custom', message: 'Enter a period such as 2024/25, 2024 or 2024 Q2' });
      return z.NEVER;
    }),
  deadline: z
    .string()
    .trim()
    .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'Enter the deadline as a date, such as 2027-01-31' })
    .refine((text) => !Number.isNaN(Date.parse(`${text}T00:00:00Z`)), {
      error: 'Enter a real date, such as 2027-01-31',
    })
    .refine((text) => text >= new Date().toISOString().slice(0, 10), {
      error: 'The deadline must be today or later',
    }),
  metrics: z
    .string()
    .max(4000, { error: 'Enter fewer metrics' })
    .transform(listed)
    .refine((slugs) => slugs.length > 0, { error: 'Enter the metrics to ask for, one a line' })
    .refine((slugs) => slugs.length <= maxMetrics, {
      error: `A collection asks for ${maxMetrics} metrics at most`,
    }),
  councils: z
    .string()
    .max(16_000, { error: 'Enter fewer councils' })
    .transform((text) => listed(text).map((code) => code.toUpperCase()))
    .refine((codes) => codes.length > 0, { error: 'Enter the councils to ask, by GSS code' })
    .refine((codes) => codes.length <= maxCouncils, {
      error: `A collection asks ${maxCouncils} councils at most`,
    })
    .refine((codes) => codes.every((code) => /^[EWSN]\d{8}$/.test(code)), {
      error: 'Enter each council by its GSS code, such as E06000001',
    }),
});

export type CollectionForm = z.output<typeof collectionForm>;

/** The tracker's filter: one state, or every council. */
export const trackerQuery = z.object({
  state: z.enum(returnStates).optional().catch(undefined),
});

const reasons = ['not-available', 'suppressed'] as const;

/** The names of a metric's fields in the return form; each is also its input's id. */
export const fieldsOf = (slug: string) => ({
  value: `value-${slug}`,
  missing: `missing-${slug}`,
  note: `note-${slug}`,
});

/** What a steward asks of a return: keep it as a draft, or submit it as right. */
export type ReturnIntent = 'draft' | 'submitted';

export interface ReadReturn {
  intent: ReturnIntent;
  values: LodgedValue[];
}

/** The decimal places a figure may have: two more than the catalogue shows, to round from. */
export const placesAllowed = (metric: AskedMetric) => Math.min(metric.decimalPlaces + 2, 10);

/** A typed figure as a number (thousands separators allowed), or why it is not one. */
function figure(metric: AskedMetric, text: string): { value: number } | { problem: string } {
  const plain = text.replace(/,/g, '');
  if (!/^-?\d+(\.\d+)?$/.test(plain))
    return { problem: `Enter ${metric.title} as a number, like 12.5` };
  const places = plain.split('.')[1]?.length ?? 0;
  const allowed = placesAllowed(metric);
  if (places > allowed)
    return {
      problem:
        allowed === 0
          ? `Enter ${metric.title} as a whole number`
          : `Enter ${metric.title} with ${allowed} decimal places or fewer`,
    };
  const value = Number(plain);
  if (Math.abs(value) >= 1e12) return { problem: `${metric.title} must be less than a trillion` };
  if (metric.unit === '%' && (value < 0 || value > 100))
    return { problem: `${metric.title} must be a percentage between 0 and 100` };
  return { value };
}

/**
 * The return form for these metrics: for each, a figure or the reason it is missing, and a
 * note. A draft may leave figures out; a submission must account for every metric. Figures
 * are checked as the catalogue describes the metric (whole numbers, percentages).
 */
export function returnForm(metrics: readonly AskedMetric[]) {
  return z
    .object({ action: z.enum(['draft', 'submit'], { error: 'Choose to save or submit' }) })
    .catchall(z.string().max(1000, { error: 'Enter fewer characters' }))
    .transform((form, ctx): ReadReturn => {
      const text = (name: string) => {
        const value: unknown = form[name];
        return typeof value === 'string' ? value.trim() : '';
      };
      const intent = form.action === 'submit' ? 'submitted' : 'draft';
      const values: LodgedValue[] = [];
      const problem = (path: string, message: string) =>
        ctx.addIssue({ code: 'custom', path: [path], message });
      for (const metric of metrics) {
        const names = fieldsOf(metric.slug);
        const [typed, missing, note] = [text(names.value), text(names.missing), text(names.note)];
        const reason = reasons.find((r) => r === missing);
        if (note.length > 500) problem(names.note, `Note must be 500 characters or fewer`);
        if (missing !== '' && !reason) problem(names.missing, 'Choose a reason from the list');
        if (typed !== '' && reason)
          problem(
            names.value,
            `Enter a figure for ${metric.title} or say why it is missing, not both`,
          );
        else if (typed !== '') {
          const read = figure(metric, typed);
          if ('problem' in read) problem(names.value, read.problem);
          else
            values.push({
              metricSlug: metric.slug,
              value: read.value,
              status: 'ok',
              note: note || null,
            });
        } else if (reason)
          values.push({ metricSlug: metric.slug, value: null, status: reason, note: note || null });
        else if (intent === 'submitted')
          problem(names.value, `Enter ${metric.title}, or say why it is missing`);
      }
      return { intent, values };
    });
}
