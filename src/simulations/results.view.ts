/*
 * The results page's figures as tables and charts (page-only presenter): every figure the page
 * shows is a cell of one of these tables, so that the downloads hold exactly what it shows.
 */
import { formatNumber } from '../charts/format.ts';
import { renderStackedBars, type StackedSeries } from '../charts/stacked-bars.ts';
import { renderDataTable, type DataTable } from '../charts/table.ts';
import type { TableDownload } from '../data/formats/table-download.ts';
import { councilTaxLevels } from './balance.ts';
import { meanOf, medianOf, shareOf, type Figure } from './results-maths.ts';
import type { Count, VersionResult } from './results.ts';
import { dayIn, say, type Filler, type WordKey } from './resident-words.ts';
import type { Breakdown, CommentsView, ResultsView, VersionResults } from './results.service.ts';
import { localised, rulesOf, type Language, type LocalText } from './simulation.schema.ts';

/*
 * The public reads results in English or Welsh (words from resident-words.ts; a council's text
 * without Welsh shown in English, unmarked inside a table's cell). The council's editors read
 * them in English, as they do every editors' page: the figures only they see are in English.
 */

/** Counted (kept by moderation) and excluded: GOV.UK blue, and a pale grey outlined. */
const counted = (language: Language): StackedSeries => ({
  name: say(language, 'counted'),
  fill: '#1d70b8',
  lightText: true,
});
const excluded: StackedSeries = {
  name: 'Excluded',
  fill: '#f3f2f1',
  lightText: false,
  outline: '#505a5f',
};

/** The words of one language, filled: `t('share')`. */
type Words = (key: WordKey, values?: Record<string, Filler>) => string;
const wordsOf =
  (language: Language): Words =>
  (key, values) =>
    say(language, key, values);

const percent = (t: Words, f: Figure, places = 1) =>
  f.kind === 'value' ? `${formatNumber(f.value, places)}%` : t('noResponses');
const share = (t: Words, f: Figure) =>
  f.kind === 'value' ? `${formatNumber(f.value * 100, 1)}%` : t('noResponses');
export const level = (basisPoints: number) => `${formatNumber(basisPoints / 100, 2)}%`;
const signed = (p: number) => (p > 0 ? `+${p}%` : `${p}%`);
const textOf = (value: LocalText, language: Language) => localised(value, language).text;

/** A time taken, from a band's start in seconds: "2 min 35 s", "an hour or more". */
export function durationText(f: Figure, language: Language = 'en'): string {
  const t = wordsOf(language);
  if (f.kind !== 'value') return t('noResponses');
  const s = Math.round(f.value);
  if (s >= 3600) return t('hourOrMore');
  return s < 60
    ? t('seconds', { s: String(s) })
    : t('minutes', { m: String(Math.floor(s / 60)), s: String(s % 60) });
}

export interface ShownChart {
  title: string;
  svg: string;
  /** The table that follows the chart, as HTML, and as data for the downloads. */
  table: string;
  data: DataTable;
}

export interface ResultsPage {
  editors: boolean;
  summary: DataTable;
  days: ShownChart | null;
  versions: VersionSection[];
  breakdown: DataTable | null;
  summaryHtml: string;
  breakdownHtml: string | null;
  /** Too few responses kept for the public to see any figure of them. */
  tooFew: boolean;
  comments: CommentsSection | null;
}

/** The approved comments as the page lists them, and as the downloads' table. */
interface CommentsSection {
  total: number;
  listed: { label: string; day: string; body: string; responseExcluded: boolean }[];
  table: DataTable;
  waiting: CommentsView['waiting'];
}

function commentsSection(
  comments: CommentsView,
  editors: boolean,
  language: Language,
): CommentsSection {
  const t = wordsOf(language);
  const listed = comments.approved.map((c, at) => ({
    // The public is not told response ids: they would count the responses moderation excluded.
    label: editors
      ? `Response ${c.responseId}`
      : t('commentNumber', { n: String(comments.approved.length - at) }),
    day: dayIn(language, c.submittedAt.toISOString().slice(0, 10)),
    body: c.body,
    responseExcluded: c.responseExcluded,
  }));
  return {
    total: comments.approvedTotal,
    listed,
    waiting: comments.waiting,
    table: {
      caption: t('commentsCaption'),
      columns: [
        { heading: t('comment'), numeric: false },
        { heading: t('day'), numeric: false },
        { heading: t('comment'), numeric: false },
        ...(editors ? [{ heading: 'Response excluded', numeric: false }] : []),
      ],
      rows: listed.map((c) => ({
        highlighted: false,
        cells: [c.label, c.day, c.body, ...(editors ? [c.responseExcluded ? 'Yes' : 'No'] : [])],
      })),
    },
  };
}

interface VersionSection {
  version: number;
  responses: Count;
  lines: DataTable;
  linesHtml: string;
  distributions: ShownChart[];
  councilTax: ShownChart | null;
}

function chartOf(
  editors: boolean,
  language: Language,
  id: string,
  title: string,
  rowHeading: string,
  bars: { label: string; responses: Count }[],
): ShownChart {
  const t = wordsOf(language);
  const chart = renderStackedBars({
    id,
    title,
    description: bars
      .map(
        (b) =>
          `${b.label}: ${b.responses.included}${editors ? ` counted, ${b.responses.all - b.responses.included} excluded` : ''}.`,
      )
      .join(' '),
    series: editors ? [counted(language), excluded] : [counted(language)],
    unit: t('responsesUnit'),
    totalHeading: t('allResponses'),
    rowHeading,
    bars: bars.map((b) => ({
      label: b.label,
      counts: editors
        ? [b.responses.included, b.responses.all - b.responses.included]
        : [b.responses.included],
    })),
  });
  return { title, svg: chart.svg, table: renderDataTable(chart.table), data: chart.table };
}

const total = (result: VersionResult): Count =>
  result.councilTax.reduce(
    (sum, c) => ({ all: sum.all + c.responses.all, included: sum.included + c.responses.included }),
    { all: 0, included: 0 },
  );

function lineTable(view: ResultsView, section: VersionResults, language: Language): DataTable {
  const editors = view.audience === 'editors';
  const t = wordsOf(language);
  const rules = rulesOf(section.definition);
  const adopted = view.adopted?.version === section.version ? view.adopted : null;
  const names = new Map(
    [...section.definition.services, ...section.definition.income].map((l) => [
      l.id,
      textOf(l.name, language),
    ]),
  );
  const columns = [
    { heading: t('line'), numeric: false },
    { heading: t('kind'), numeric: false },
    { heading: t('meanChange'), numeric: true },
    { heading: t('medianChange'), numeric: true },
    ...(editors
      ? [
          { heading: 'Mean with excluded', numeric: true },
          { heading: 'Median with excluded', numeric: true },
        ]
      : []),
    ...(view.adopted ? [{ heading: t('adoptedColumn'), numeric: true }] : []),
  ];
  const rows = rules.lines.map((rule) => {
    const line = section.result.lines.find((l) => l.id === rule.id);
    const steps = (pick: keyof Count) =>
      (line?.steps ?? []).map((s) => ({ value: s.percent, responses: s.responses[pick] }));
    const mean = (pick: keyof Count) =>
      percent(t, meanOf(line?.percentSum[pick] ?? 0, line?.responses[pick] ?? 0));
    const adoptedCell = adopted?.choices[rule.id];
    return {
      highlighted: false,
      cells: [
        names.get(rule.id) ?? rule.id,
        t(rule.kind === 'service' ? 'service' : 'income'),
        mean('included'),
        percent(t, medianOf(steps('included')), 0),
        ...(editors ? [mean('all'), percent(t, medianOf(steps('all')), 0)] : []),
        ...(view.adopted
          ? [adoptedCell === undefined ? t('notEntered') : signed(adoptedCell)]
          : []),
      ],
    };
  });
  return { caption: t('linesCaption', { version: String(section.version) }), columns, rows };
}

function councilTaxChart(
  view: ResultsView,
  section: VersionResults,
  language: Language,
): ShownChart | null {
  const rule = section.definition.councilTax;
  if (!rule) return null;
  const editors = view.audience === 'editors';
  const t = wordsOf(language);
  const whole = total(section.result);
  const adopted = view.adopted?.version === section.version ? view.adopted : null;
  const bars = councilTaxLevels(rule).map((bp) => {
    const found = section.result.councilTax.find((c) => c.basisPoints === bp);
    const responses = found?.responses ?? { all: 0, included: 0 };
    return {
      label:
        adopted?.councilTaxBasisPoints === bp ? t('adoptedMark', { level: level(bp) }) : level(bp),
      responses,
      share: shareOf(responses.included, whole.included),
      shareWithExcluded: shareOf(responses.all, whole.all),
    };
  });
  const title = t('councilTaxTitle', { year: rule.year, version: String(section.version) });
  const chart = chartOf(
    editors,
    language,
    `council-tax-v${section.version}`,
    title,
    t('rise'),
    bars,
  );
  const table: DataTable = {
    caption: t('shares', { title }),
    columns: [
      { heading: t('rise'), numeric: false },
      { heading: t('responses'), numeric: true },
      { heading: t('share'), numeric: true },
      ...(editors
        ? [
            { heading: 'With excluded', numeric: true },
            { heading: 'Share with excluded', numeric: true },
          ]
        : []),
    ],
    rows: bars.map((b) => ({
      highlighted: false,
      cells: [
        b.label,
        String(b.responses.included),
        share(t, b.share),
        ...(editors ? [String(b.responses.all), share(t, b.shareWithExcluded)] : []),
      ],
    })),
  };
  return { title, svg: chart.svg, table: renderDataTable(table), data: table };
}

function versionSection(
  view: ResultsView,
  section: VersionResults,
  language: Language,
): VersionSection {
  const editors = view.audience === 'editors';
  const t = wordsOf(language);
  const lines = lineTable(view, section, language);
  const distributions = rulesOf(section.definition).lines.map((rule) => {
    const line = section.result.lines.find((l) => l.id === rule.id);
    const name = [...section.definition.services, ...section.definition.income].find(
      (l) => l.id === rule.id,
    );
    const title = t('distributionTitle', {
      name: name ? textOf(name.name, language) : rule.id,
      version: String(section.version),
    });
    const bars = (line?.steps ?? []).map((s) => ({
      label: signed(s.percent),
      responses: s.responses,
    }));
    return chartOf(
      editors,
      language,
      `line-${rule.id}-v${section.version}`,
      title,
      t('change'),
      bars,
    );
  });
  return {
    version: section.version,
    responses: total(section.result),
    lines,
    linesHtml: renderDataTable(lines),
    distributions,
    councilTax: councilTaxChart(view, section, language),
  };
}

const sumCounts = (counts: readonly Count[]): Count =>
  counts.reduce((a, c) => ({ all: a.all + c.all, included: a.included + c.included }), {
    all: 0,
    included: 0,
  });

function byDay(
  view: ResultsView,
  language: Language,
): { label: string; day: string; responses: Count }[] {
  const days = new Map<string, Count[]>();
  for (const v of view.versions)
    for (const d of v.result.days) days.set(d.day, [...(days.get(d.day) ?? []), d.responses]);
  return [...days.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([day, counts]) => ({ day, label: dayIn(language, day), responses: sumCounts(counts) }));
}

function summaryTable(
  view: ResultsView,
  days: { responses: Count }[],
  tooFew: boolean,
  language: Language,
): DataTable {
  const editors = view.audience === 'editors';
  const t = wordsOf(language);
  const responses = sumCounts(days.map((d) => d.responses));
  const durations = view.versions.flatMap((v) => v.result.durations);
  const median = (pick: keyof Count) =>
    durationText(
      medianOf(durations.map((d) => ({ value: d.seconds, responses: d.responses[pick] }))),
      language,
    );
  const shown = view.formViews.reduce((sum, d) => sum + d.shown, 0);
  const row = (name: string, counted: string, all?: string) => ({
    highlighted: false,
    cells: editors ? [name, counted, all ?? counted] : [name, counted],
  });
  const rows = [row(t('responses'), String(responses.included), String(responses.all))];
  if (!tooFew) rows.push(row(t('medianTime'), median('included'), median('all')));
  if (editors) {
    rows.push(row('Excluded by moderation', '', String(responses.all - responses.included)));
    rows.push(row('Times the form was first shown', String(shown)));
    rows.push(
      row(
        'Completion rate (responses ÷ times the form was first shown)',
        share(t, shareOf(responses.included, shown)),
        share(t, shareOf(responses.all, shown)),
      ),
    );
  }
  return {
    caption: t('responses'),
    columns: [
      { heading: t('figure'), numeric: false },
      { heading: editors ? 'Without excluded' : t('responsesCounted'), numeric: true },
      ...(editors ? [{ heading: 'With excluded', numeric: true }] : []),
    ],
    rows,
  };
}

function breakdownTable(
  section: VersionResults,
  breakdown: Breakdown,
  language: Language,
): DataTable {
  const t = wordsOf(language);
  const lines = [...section.definition.services, ...section.definition.income];
  const tax = section.definition.councilTax !== null;
  const question = textOf(breakdown.question.label, language);
  const answer = (a: Breakdown['groups'][number]['answer']) =>
    a.kind === 'option' ? textOf(a.label, language) : a.kind === 'typed' ? a.text : t('noAnswer');
  return {
    caption: t('breakdownCaption', {
      question: language === 'en' ? question.toLowerCase() : question,
      version: String(breakdown.version),
    }),
    columns: [
      { heading: question, numeric: false },
      { heading: t('responses'), numeric: true },
      ...lines.map((l) => ({
        heading: t('lineMeanChange', { name: textOf(l.name, language) }),
        numeric: true,
      })),
      ...(tax ? [{ heading: t('meanCouncilTaxRise'), numeric: true }] : []),
    ],
    rows: breakdown.groups.map((g) => {
      const hidden = (why: string) => [why, ...lines.map(() => why), ...(tax ? [why] : [])];
      const cells =
        g.suppressed === false
          ? [
              String(g.responses),
              ...lines.map((l) => percent(t, g.figures.means[l.id] ?? { kind: 'no-responses' })),
              ...(tax
                ? [
                    g.figures.meanBasisPoints.kind === 'value'
                      ? level(g.figures.meanBasisPoints.value)
                      : t('noResponses'),
                  ]
                : []),
            ]
          : hidden(t(g.suppressed === 'small' ? 'suppressedSmall' : 'suppressed'));
      return { highlighted: false, cells: [answer(g.answer), ...cells] };
    }),
  };
}

/**
 * The page: for the public, nothing at all while fewer than 10 responses are counted (each
 * figure would be a small group's), and never the excluded responses' part.
 */
export function resultsPage(
  view: ResultsView,
  breakdown: Breakdown | null,
  language: Language = 'en',
  comments: CommentsView | null = null,
): ResultsPage {
  const editors = view.audience === 'editors';
  const t = wordsOf(language);
  const days = byDay(view, language);
  const counted = sumCounts(days.map((d) => d.responses)).included;
  const tooFew = !editors && counted < 10;
  const breakdownVersion = view.versions.find((v) => v.version === breakdown?.version);
  const summary = summaryTable(view, days, tooFew, language);
  const shownBreakdown =
    breakdown && breakdownVersion && !tooFew
      ? breakdownTable(breakdownVersion, breakdown, language)
      : null;
  return {
    editors,
    tooFew,
    summary,
    summaryHtml: renderDataTable(summary),
    breakdownHtml: shownBreakdown ? renderDataTable(shownBreakdown) : null,
    days:
      days.length === 0 || tooFew
        ? null
        : chartOf(editors, language, 'responses-per-day', t('perDay'), t('day'), days),
    versions: tooFew ? [] : view.versions.map((v) => versionSection(view, v, language)),
    breakdown: shownBreakdown,
    comments: comments && !tooFew ? commentsSection(comments, editors, language) : null,
  };
}

/** Every table the page shows, in its order: what the downloads hold. */
export function pageTables(page: ResultsPage): DataTable[] {
  return [
    page.summary,
    ...(page.days ? [page.days.data] : []),
    ...page.versions.flatMap((v) => [
      v.lines,
      ...v.distributions.map((d) => d.data),
      ...(v.councilTax ? [v.councilTax.data] : []),
    ]),
    ...(page.breakdown ? [page.breakdown] : []),
    ...(page.comments ? [page.comments.table] : []),
  ];
}

/** The tables as one download: a row per cell, named by its table, row and column. */
export function resultsDownload(
  page: ResultsPage,
  pageUrl: string,
  language: Language = 'en',
): TableDownload {
  const t = wordsOf(language);
  return {
    sheet: 'Results',
    columns: ['table', 'row', 'column', 'value'],
    rows: pageTables(page).flatMap((table) =>
      table.rows.flatMap((row) =>
        row.cells
          .slice(1)
          .map((cell, i) => [
            table.caption,
            row.cells[0] ?? '',
            table.columns[i + 1]?.heading ?? '',
            cell,
          ]),
      ),
    ),
    widths: { table: 50, row: 30, column: 30, value: 20 },
    about: {
      title: t('downloadTitle'),
      facts: [
        [t('downloadPage'), pageUrl],
        [t('downloaded'), new Date().toISOString()],
        [t('readingIt'), t('downloadReading')],
      ],
    },
  };
}
