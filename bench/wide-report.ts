import { reportDefinition, type ReportDefinition } from '../src/reports/report.schema.ts';

/** The address the benchmark's report is served at: `/reports/bench-wide-report?area=…`. */
export const wideReportSlug = 'bench-wide-report';

/** The most measures a grid section holds is 12: the grids take them ten at a time. */
const perSection = 10;

function tens(slugs: readonly string[]): string[][] {
  const out: string[][] = [];
  for (let at = 0; at < slugs.length; at += perSection) out.push(slugs.slice(at, at + perSection));
  return out;
}

/**
 * A report as wide as issue 18's speed target ("a report of 40 measures × 16 councils"), built
 * from measures a store holds: a summary of token sentences, six tiles, every measure in tables
 * ten to a section, a ranked chart and a time series of the first measure and a map of the
 * second (as the council overview charts two measures), then the group's councils against every
 * measure in grids. Each section kind the ready-made reports use, each read as they read it.
 */
export function wideReport(slugs: readonly string[]): ReportDefinition {
  const [first = '', second = first] = slugs;
  const range = (i: number, part: readonly string[]) =>
    `measures ${i * perSection + 1} to ${i * perSection + part.length}`;
  return reportDefinition.parse({
    version: 1,
    slug: wideReportSlug,
    revision: 1,
    name: `Benchmark: ${slugs.length} measures`,
    title: `{area.name}: ${slugs.length} measures against {group.label}`,
    summary: 'Made by the benchmarks to time a wide report: only their own app serves it.',
    audience: 'Whoever reads the benchmark’s figures.',
    sections: [
      {
        kind: 'text',
        heading: 'Summary',
        intro: [
          'This report compares {area.name} with {group.label}, using {period.label}.',
          ...slugs.slice(0, 4).map((slug) => `{metric:${slug}.sentence}.`),
        ],
      },
      { kind: 'tiles', heading: 'At a glance', metrics: slugs.slice(0, 6) },
      ...tens(slugs).map((part, i) => ({
        kind: 'table',
        heading: `The ${range(i, part)}`,
        metrics: part,
      })),
      { kind: 'ranked', heading: 'The first measure, ranked', metric: first },
      { kind: 'series', heading: 'The first measure over time', metric: first },
      { kind: 'map', heading: 'The second measure across England', metric: second },
      ...tens(slugs).map((part, i) => ({
        kind: 'grid',
        heading: `The group side by side, ${range(i, part)}`,
        metrics: part,
      })),
    ],
  });
}
