import { z } from 'zod';
import { parseText } from './tokens.ts';

/**
 * A report's definition: declarative JSON, validated here, versioned by `version` (the shape)
 * and `revision` (its content, raised with each reviewed change). Every text may hold tokens
 * (tokens.ts); an unknown token is an error naming its section and the token.
 */
export const reportFormatVersion = 1;

const slug = z
  .string()
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be a slug: lower-case words joined by hyphens');
const metric = slug.max(200);
const text = z.string().trim().min(1, 'must not be empty').max(4000);
const metrics = z.array(metric).min(1, 'must name at least one measure').max(60);

/** Words above a section's figures: paragraphs, each a text with tokens. */
const intro = z.array(text).max(10).default([]);

const common = { heading: text.max(200), intro };

export const reportSection = z.discriminatedUnion('kind', [
  /** Paragraphs of words and tokens. */
  z.object({ kind: z.literal('text'), ...common }).strict(),
  /** A few headline figures, each with its rank, England and change. */
  z.object({ kind: z.literal('tiles'), ...common, metrics: metrics.max(8) }).strict(),
  /** The measures table: value, rank, quartile, against England, change and trend. */
  z.object({ kind: z.literal('table'), ...common, metrics }).strict(),
  /** The group's figures for one measure, ranked, the area marked. */
  z.object({ kind: z.literal('ranked'), ...common, metric }).strict(),
  /** One measure over time for the area, the group's median and England. */
  z.object({ kind: z.literal('series'), ...common, metric }).strict(),
  /** One measure for every council of the area's tier, on a map. */
  z.object({ kind: z.literal('map'), ...common, metric }).strict(),
  /** The group's councils against several measures. */
  z.object({ kind: z.literal('grid'), ...common, metrics: metrics.max(12) }).strict(),
  /** The group's councils, a cost against an outcome, in quadrants split at the medians. */
  z.object({ kind: z.literal('quadrant'), ...common, cost: metric, outcome: metric }).strict(),
]);
export type ReportSection = z.infer<typeof reportSection>;
export type SectionKind = ReportSection['kind'];

export const reportDefinition = z
  .object({
    version: z.literal(reportFormatVersion),
    slug: slug.max(100),
    revision: z.number().int().min(1),
    /** What the list of reports calls it: "Council overview". */
    name: text.max(100),
    title: text.max(200),
    /** One sentence for the list of reports. */
    summary: text.max(400),
    /** Who it is written for and how to read it. */
    audience: text.max(1000),
    sections: z.array(reportSection).min(1).max(40),
  })
  .strict()
  .superRefine((report, ctx) => {
    const texts: { path: (string | number)[]; where: string; text: string }[] = [
      { path: ['name'], where: 'the name', text: report.name },
      { path: ['title'], where: 'the title', text: report.title },
      { path: ['summary'], where: 'the summary', text: report.summary },
      { path: ['audience'], where: 'the audience note', text: report.audience },
    ];
    report.sections.forEach((section, i) => {
      const where = `section ${i + 1} ("${section.heading}")`;
      texts.push({ path: ['sections', i, 'heading'], where, text: section.heading });
      section.intro.forEach((t, j) =>
        texts.push({ path: ['sections', i, 'intro', j], where, text: t }),
      );
    });
    for (const { path, where, text: words } of texts)
      for (const problem of parseText(words).problems)
        ctx.addIssue({
          code: 'custom',
          path,
          message:
            problem.kind === 'unknown-token'
              ? `${where}: unknown token ${problem.token}`
              : `${where}: a brace without its pair (write tokens as {area.name})`,
        });
  });
export type ReportDefinition = z.infer<typeof reportDefinition>;
export type ReportDefinitionInput = z.input<typeof reportDefinition>;

/** A definition read and checked, or every problem with it, each naming where it is. */
export function readDefinition(
  input: unknown,
): { ok: true; report: ReportDefinition } | { ok: false; problems: string[] } {
  const result = reportDefinition.safeParse(input);
  if (result.success) return { ok: true, report: result.data };
  return {
    ok: false,
    problems: result.error.issues.map((issue) =>
      issue.code === 'custom' ? issue.message : `${issue.path.join('.')}: ${issue.message}`,
    ),
  };
}

/**
 * The report page's query: which area, group and period (a year: figures as they stood then), as
 * published when, and what changed since when.
 */
export const reportQuery = z
  .object({
    area: z.string().trim().max(20).optional(),
    group: z.string().trim().max(6000).optional(),
    period: z.string().trim().max(20).optional(),
    /** A date: the data as it was published at the end of it. */
    asOf: z.string().trim().max(40).optional(),
    /** A date: what changed since then (a signed-in reader's default: their last visit). */
    since: z.string().trim().max(40).optional(),
  })
  .strict();
