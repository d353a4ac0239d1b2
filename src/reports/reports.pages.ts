import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { areaCodePattern, typeLabels } from '../areas/areas.schema.ts';
import type { AreaSummary } from '../areas/areas.service.ts';
import type { Services } from '../app/services.ts';
import { groupParam } from '../comparison/comparison.schema.ts';
import type { GroupRequest } from '../comparison/comparison.service.ts';
import { principalCouncilTypes } from '../db/vocabulary.ts';
import { councilTypes } from '../groups/groups.service.ts';
import { chosenGroup, savedGroupOptions } from '../saved-groups/saved-groups.choice.ts';
import { BadRequestError, NotFoundError } from '../shared/errors.ts';
import { parseInput } from '../shared/validation.ts';
import { fieldError, formErrorView, type FieldError } from '../site/forms.ts';
import { groupOptions } from '../areas/profile.page.ts';
import { tableCsv } from '../data/formats/table-download.ts';
import { exportSections } from './report.export.ts';
import { reportDocx, reportXlsx } from './report.files.ts';
import { presentReport } from './report.presenter.ts';
import { readPastDay, type PastDay } from './report.dates.ts';
import { describeChange } from './report.changes.ts';
import { ReportChangesService } from './report-changes.service.ts';
import { formatMoment } from '../shared/format.ts';
import { registerReportPdf, type ReportPrinter } from './report.pdf.ts';
import { reportQuery, type ReportDefinition } from './report.schema.ts';
import type { ReportsService } from './report.service.ts';
import { isStoredSlug, lastingSlug, type StoredReport } from './stored-reports.service.ts';
import { mayChangeShared } from '../accounts/sharing.ts';
import { feedPath } from './report-feed.pages.ts';
import { reportSubscriptions } from './report-subscriptions.pages.ts';
import type { ReportSubscriptionsService } from './report-subscriptions.service.ts';

/** The earliest year a report may be asked for: before it, openlg holds almost nothing. */
const firstYear = 2000;

interface Asked {
  area: AreaSummary | null;
  group: GroupRequest | undefined;
  groupText: string;
  year: number | null;
  /** The day whose published data the report is run from; null: the data as it is now. */
  asOf: PastDay | null;
  /** The day "what changed" looks back to, when the query names one. */
  since: PastDay | null;
  /** The dates as typed, shown again in the form, wrong or not. */
  dateText: { asOf: string; since: string };
  errors: FieldError[];
}

function readYear(text: string, errors: FieldError[]): number | null {
  if (text === '' || text === 'latest') return null;
  const year = /^\d{4}$/.test(text) ? Number(text) : NaN;
  const now = new Date().getUTCFullYear();
  if (year >= firstYear && year <= now) return year;
  errors.push(
    fieldError('period', `Choose the latest figures or a year from ${firstYear} to ${now}`),
  );
  return null;
}

async function readArea(
  services: Services,
  text: string,
  errors: FieldError[],
): Promise<AreaSummary | null> {
  const code = text.toUpperCase();
  if (code === '') return null;
  if (!areaCodePattern.test(code)) {
    errors.push(fieldError('area', 'Choose a council, or give a GSS code such as E06000001'));
    return null;
  }
  return services.areas.getSummary(code).catch((error: unknown) => {
    if (!(error instanceof NotFoundError)) throw error;
    errors.push(fieldError('area', `There is no area with the code ${code}`));
    return null;
  });
}

/** A group as /api/v1/groups names it, custom: codes, or a saved group the reader may see. */
async function readGroup(
  services: Services,
  request: FastifyRequest,
  reply: FastifyReply,
  text: string,
  errors: FieldError[],
): Promise<GroupRequest | undefined> {
  if (text === '') return undefined;
  const parsed = groupParam.safeParse(text);
  if (!parsed.success) {
    const why = parsed.error.issues[0]?.message ?? 'not a group';
    errors.push(fieldError('group', `Choose a group to compare with: ${why}`));
    return undefined;
  }
  return chosenGroup(services.savedGroups, request, reply, parsed.data).catch((error: unknown) => {
    if (!(error instanceof NotFoundError)) throw error;
    errors.push(fieldError('group', 'There is no such group: choose one from the list'));
    return undefined;
  });
}

/** The area, group and year asked for, each wrong value a problem named for its field. */
async function readAsked(
  services: Services,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<Asked> {
  const query = parseInput(reportQuery, request.query);
  const errors: FieldError[] = [];
  const year = readYear(query.period ?? '', errors);
  const asOf = readPastDay(query.asOf ?? '', 'asOf', 'The date published on', errors);
  const since = readPastDay(query.since ?? '', 'since', 'The date to compare with', errors);
  if (asOf && since && since.day >= asOf.day)
    errors.push(
      fieldError('since', 'The date to compare with must be before the date published on'),
    );
  const area = await readArea(services, query.area ?? '', errors);
  const groupText = query.group ?? '';
  const chosen = await readGroup(services, request, reply, groupText, errors);
  const group = chosen ?? (area ? await usualGroup(services, area) : undefined);
  const dateText = { asOf: query.asOf ?? '', since: query.since ?? '' };
  return { area, group, groupText, year, asOf, since, dateText, errors };
}

/**
 * The group an area is compared with unasked, when not its nearest neighbours: an abolished
 * council has none computed, and is compared with its former type; a region, combined or fire
 * authority with every current English area of its kind, as no stored group holds them.
 */
async function usualGroup(
  services: Services,
  area: AreaSummary,
): Promise<GroupRequest | undefined> {
  if (area.validTo) return { id: `type:${area.type}` };
  if (councilTypes.includes(area.type)) return undefined;
  const alike = await services.areas.listAreas({ types: [area.type], current: true });
  const codes = alike.filter((a) => a.nation === area.nation).map((a) => a.code);
  const label = `${typeLabels[area.type].plural} of ${area.nation === 'england' ? 'England' : 'the nation'}`;
  // Named as a saved group is: the comparison then calls it by this name, not "Custom group".
  return { codes, saved: { id: `type:${area.type}`, label } };
}

/** The choices of the report's form: councils, groups for the council chosen, years. */
async function formChoices(
  services: Services,
  request: FastifyRequest,
  asked: Asked,
  /** The chosen group's name, when a report was run with one. */
  groupLabel: string | null,
) {
  const councils = await services.areas.listAreas({ types: principalCouncilTypes, current: true });
  const listed = councils.filter((c) => c.nation === 'england');
  const area = asked.area;
  if (area && !listed.some((c) => c.code === area.code)) listed.unshift(area);
  const stored = area ? await services.groups.comparisonOptions(area).catch(() => []) : [];
  const saved = await savedGroupOptions(services.savedGroups, request, asked.group);
  const chosen = asked.groupText;
  const offered = groupOptions([...stored, ...saved], chosen);
  // A custom group from the address is offered as chosen, so that "Show" keeps it.
  const custom =
    chosen && !offered.some((o) => o.selected)
      ? [{ value: chosen, text: groupLabel ?? 'The group in the address', selected: true }]
      : [];
  const now = new Date().getUTCFullYear();
  return {
    areaItems: [
      { value: '', text: 'Choose a council' },
      ...listed.map((c) => ({ value: c.code, text: c.shortName, selected: c.code === area?.code })),
    ],
    groupItems: [
      {
        value: '',
        text: 'The usual group: its nearest neighbours, or areas of its kind',
        selected: !chosen,
      },
      ...custom,
      ...offered,
    ],
    periodItems: [
      { value: 'latest', text: 'The latest figures', selected: asked.year === null },
      ...Array.from({ length: now - firstYear + 1 }, (_v, i) => now - i).map((y) => ({
        value: String(y),
        text: `As in ${y}`,
        selected: y === asked.year,
      })),
    ],
  };
}

/**
 * The reports: /reports lists the ready-made ones; /reports/{slug}?area=&group=&period= runs one
 * for an area (any council, or another area the measures are published for), a group (its
 * nearest neighbours unless chosen) and the latest figures or a year, from the data as it is
 * now and with the reader's sight. Without an area, the page asks for one.
 */
export function registerReportPages(
  app: FastifyInstance,
  services: Services,
  printer: ReportPrinter | null = null,
) {
  const { reports } = services;
  registerReportPdf(app, printer);
  const changes = new ReportChangesService(services.database.db, services.comparison);
  const subscriptions = reportSubscriptions(services);

  app.get('/reports', async (request, reply) =>
    reply.render('reports/views/reports.njk', {
      title: 'Reports',
      activeNav: 'reports',
      reports: reports.list().map((r) => ({ slug: r.slug, name: r.name, summary: r.summary })),
      ...(await storedLists(services, request)),
    }),
  );

  // One section's table as CSV, as the page shows it: "/reports/{slug}/sections/3.csv?area=…".
  app.get('/reports/:slug/sections/:file', async (request, reply) => {
    const { slug, file } = request.params as { slug: string; file: string };
    const report = await reports.open(slug, request.viewer);
    const number = /^(\d{1,3})\.csv$/.exec(file)?.[1];
    if (number === undefined) throw new NotFoundError('Report section', file);
    const asked = await readAsked(services, request, reply);
    const model = await runAsked(services, reports, report, asked, request);
    const [first] = asked.errors;
    if (first) throw new BadRequestError(first.text, first.field);
    if (!model) throw new BadRequestError('Choose the area to run the report for', 'area');
    const table = exportSections(model)[Number(number) - 1]?.tables[0];
    if (!table) throw new NotFoundError('Table of report section', number);
    return reply
      .type('text/csv; charset=utf-8')
      .header(
        'content-disposition',
        `attachment; filename="${slug}-${model.area.code}-${number}.csv"`,
      )
      .send(
        tableCsv({
          sheet: 'Figures',
          columns: table.columns,
          rows: table.rows,
          about: { title: null, facts: [] },
        }),
      );
  });

  app.get('/reports/:slug', async (request, reply) => {
    // "/reports/council-overview.docx?area=…" (or .xlsx) is the report as a file.
    const [, slug = '', format] =
      /^(.*?)(?:\.(docx|xlsx))?$/.exec((request.params as { slug: string }).slug) ?? [];
    const report = await reports.open(slug, request.viewer);
    const asked = await readAsked(services, request, reply);
    const model = await runAsked(services, reports, report, asked, request);
    if (format === 'docx' || format === 'xlsx')
      return sendReportFile(reply, format, model, asked.errors, request.url);
    const choices = await formChoices(services, request, asked, model?.group.label ?? null);
    const changed = model ? await changesShown(services, changes, report, asked, request) : null;
    return reply.code(asked.errors.length > 0 ? 400 : 200).render('reports/views/report.njk', {
      title: model ? model.title : report.name,
      activeNav: 'reports',
      report: { slug: report.slug, name: report.name, summary: report.summary },
      ...choices,
      ...formErrorView(asked.errors),
      model: model ? presentReport(model) : null,
      files: model ? reportFiles(request.url, printer !== null) : [],
      builder: await builderLinks(services, request, report),
      asOf: asked.asOf,
      dateText: asked.dateText,
      changed,
      emails: model ? await emailsOffered(subscriptions, report, model.area.code, request) : null,
      feed: model ? await feedOffered(reports, report, model.area.code) : null,
      query: request.url.includes('?') ? request.url.slice(request.url.indexOf('?') + 1) : '',
    });
  });
}

/**
 * For a signed-in reader, the form asking for emails when the report's figures for the area
 * change, or stopping them (the subscription's id); null for the public.
 */
async function emailsOffered(
  subscriptions: ReportSubscriptionsService,
  report: ReportDefinition,
  area: string,
  request: FastifyRequest,
) {
  const viewer = request.viewer;
  if (!viewer) return null;
  const held = await subscriptions.find(viewer, report.slug, area);
  return { area, subscribed: held?.id ?? null };
}

/** The report's feed of changes for the area, when the public may see the report (else none). */
async function feedOffered(reports: ReportsService, report: ReportDefinition, area: string) {
  const forEveryone = await reports.open(report.slug, null).then(
    () => true,
    () => false,
  );
  return forEveryone ? feedPath(report.slug, area) : null;
}

/** Where the reader may copy the report to change it, or change it (a stored report of theirs). */
async function builderLinks(services: Services, request: FastifyRequest, report: ReportDefinition) {
  const viewer = request.viewer;
  const mayBuild = services.storedReports.organisationsFor(viewer).length > 0;
  const changeable =
    viewer !== null &&
    isStoredSlug(report.slug) &&
    (await services.storedReports.changeable(viewer, report.slug).then(
      () => true,
      () => false,
    ));
  return {
    copy: mayBuild ? `/reports/new?from=${report.slug}` : null,
    change: changeable ? `/reports/${report.slug}/edit` : null,
  };
}

/**
 * The reports people built that the reader may see, in three lists: their own, their
 * organisations', and public ones by others; and whether they may build one.
 */
async function storedLists(services: Services, request: FastifyRequest) {
  const viewer = request.viewer;
  const visible = await services.storedReports.visibleTo(viewer);
  const row = ({ record, report }: StoredReport) => ({
    slug: report.slug,
    name: record.name,
    summary: report.summary,
    by: record.ownerName,
    changeable: viewer !== null && mayChangeShared(viewer, record),
  });
  const own = (s: StoredReport) => viewer !== null && s.record.ownerUserId === viewer.userId;
  const deleted = (request.query as Record<string, unknown>)['deleted'];
  return {
    mayBuild: services.storedReports.organisationsFor(viewer).length > 0,
    signedIn: viewer !== null,
    deleted: typeof deleted === 'string' ? deleted : null,
    storedLists: [
      { title: 'Your reports', reports: visible.filter(own).map(row) },
      {
        title: 'Your organisations’ reports',
        reports: visible.filter((s) => !own(s) && s.record.visibility === 'organisation').map(row),
      },
      {
        title: 'Reports others have published',
        reports: visible.filter((s) => !own(s) && s.record.visibility === 'public').map(row),
      },
    ].filter((list) => list.reports.length > 0),
  };
}

/**
 * The report run as asked, with the reader's sight; null when no area was asked for or a value
 * was wrong. A group that names no group is the reader's to fix, like any other field.
 */
async function runAsked(
  services: Services,
  reports: ReportsService,
  report: ReportDefinition,
  asked: Asked,
  request: FastifyRequest,
) {
  if (!asked.area || asked.errors.length > 0) return null;
  const sight = await services.data.sightOf(request.viewer);
  const group = asked.group ? { group: asked.group } : {};
  const asOf = asked.asOf ? { asOf: asked.asOf.at } : {};
  try {
    return await reports.run(
      report,
      { area: asked.area.code, year: asked.year, ...group, ...asOf },
      sight,
    );
  } catch (error) {
    if (!(error instanceof NotFoundError) || !asked.groupText) throw error;
    asked.errors.push(fieldError('group', 'There is no such group: choose one from the list'));
    return null;
  }
}

/**
 * "What has changed since…", at the top of a run report: since the date asked for, or for a
 * signed-in reader since they last opened this report for this area (each opening of the
 * report as it is now recorded; one as published on a past date is not an opening of it);
 * nothing for the public without a date. Read with the reader's sight, like the report.
 */
async function changesShown(
  services: Services,
  changes: ReportChangesService,
  report: ReportDefinition,
  asked: Asked,
  request: FastifyRequest,
) {
  const area = asked.area;
  if (!area) return null;
  const viewer = asked.asOf ? null : request.viewer;
  const last = viewer
    ? await changes.opened({
        userId: viewer.userId,
        slug: lastingSlug(report.slug),
        area: area.code,
      })
    : null;
  const since = asked.since ? { at: asked.since.at, words: asked.since.words } : null;
  const from = since ?? (last ? { at: last, words: formatMoment(last) } : null);
  if (!from) {
    if (!viewer) return null;
    const first = `This is the first time you have opened this report for ${area.shortName}.`;
    return { heading: null, first, items: [] };
  }
  const sight = await services.data.sightOf(request.viewer);
  const group = asked.group ? { group: asked.group } : {};
  const asOf = asked.asOf ? { asOf: asked.asOf.at } : {};
  const options = { area: area.code, year: asked.year, ...group, ...asOf };
  const found = await changes.since(report, options, sight, from.at);
  return {
    heading: `What has changed since ${from.words}`,
    first: null,
    items: found.map(describeChange),
  };
}

/** The addresses of the report as files: the page's own, with the file's extension. */
function reportFiles(url: string, printable: boolean) {
  const at = url.indexOf('?');
  const [path, query] = at < 0 ? [url, ''] : [url.slice(0, at), url.slice(at)];
  return [
    {
      href: `${path}.docx${query}`,
      article: 'a',
      text: 'Word document (.docx), for committee papers',
    },
    {
      href: `${path}.xlsx${query}`,
      article: 'an',
      text: 'Excel workbook (.xlsx), a sheet a section',
    },
    // Without chromium, no PDF is offered: the browser's own print makes one from the page.
    ...(printable ? [{ href: `${path}.pdf${query}`, article: 'a', text: 'PDF, as printed' }] : []),
  ];
}

const fileTypes = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;

/** The report run as a Word document or workbook; what was wrong with the asking, if anything. */
async function sendReportFile(
  reply: FastifyReply,
  format: 'docx' | 'xlsx',
  model: Awaited<ReturnType<typeof runAsked>>,
  errors: readonly FieldError[],
  url: string,
) {
  const [first] = errors;
  if (first) throw new BadRequestError(first.text, first.field);
  if (!model) throw new BadRequestError('Choose the area to run the report for', 'area');
  const name = `${model.slug}-${model.area.code}.${format}`;
  const body = format === 'docx' ? await reportDocx(model, url) : reportXlsx(model, url);
  return reply
    .type(fileTypes[format])
    .header('content-disposition', `attachment; filename="${name}"`)
    .send(body);
}
