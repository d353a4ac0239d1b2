import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Viewer } from '../accounts/accounts.service.ts';
import { actorOf } from '../accounts/actor.ts';
import { NotFoundError } from '../shared/errors.ts';
import { fieldError, formErrorView, type FieldError } from '../site/forms.ts';
import {
  changeableOf,
  editPath,
  sharingOf,
  type BuilderServices,
} from './report-builder.access.ts';
import {
  checkSection,
  isSectionKind,
  sectionForm,
  sectionFrom,
  sectionKinds,
  withSection,
  withSectionMoved,
  withoutSection,
  type SectionForm,
} from './report-builder.ts';
import type { ReportDefinition, SectionKind } from './report.schema.ts';
import type { StoredReport } from './stored-reports.service.ts';

/** How many measures a search in the builder lists. */
const searchLimit = 20;

/** The section an address names: its index, or null for a new one (`new?kind=table`). */
function sectionOf(request: FastifyRequest, found: StoredReport) {
  const { n } = request.params as { n?: string };
  const query = request.query as Record<string, unknown>;
  const body = (request.body ?? {}) as Record<string, unknown>;
  if (n === 'new') {
    const kind = String(body['kind'] ?? query['kind'] ?? '');
    if (!isSectionKind(kind)) throw new NotFoundError('Kind of section', kind);
    return { index: null, kind, section: null };
  }
  const index = /^\d{1,3}$/.test(n ?? '') ? Number(n) - 1 : -1;
  const section = found.report.sections[index];
  if (!section) throw new NotFoundError('Report section', n ?? '');
  return { index, kind: section.kind, section };
}

/** What a submitted section form holds: every field as typed. */
function readSectionForm(body: Record<string, unknown>): SectionForm & { q: string } {
  const text = (name: string) => (typeof body[name] === 'string' ? body[name].slice(0, 4000) : '');
  // A quadrant's two measures are two choices, kept in place; any other section's, one list.
  const chosen = body['metrics'];
  const metrics =
    'cost' in body || 'outcome' in body
      ? [text('cost'), text('outcome')]
      : [
          ...new Set(
            (Array.isArray(chosen) ? chosen : [chosen]).filter(
              (m): m is string => typeof m === 'string' && m !== '',
            ),
          ),
        ];
  return {
    heading: text('heading'),
    intro: text('intro'),
    metrics,
    q: text('q').trim(),
  };
}

/**
 * The measures offered: those chosen (by title), then what a search found that is not; for a
 * quadrant, the same list twice, for its cost and its outcome.
 */
async function measureItems(
  services: BuilderServices,
  viewer: Viewer,
  form: SectionForm,
  q: string,
) {
  const sight = await services.data.sightOf(viewer);
  const pool = [...new Set(form.metrics.filter((m) => m !== ''))];
  const titles = await services.metrics.titles(pool, sight);
  const known = pool.map((slug) => ({
    value: slug,
    text: titles.get(slug) ?? `${slug} (not held)`,
  }));
  const result =
    q === '' ? null : await services.metrics.search({ q, limit: searchLimit, offset: 0 }, sight);
  const found = (result?.metrics ?? [])
    .filter((m) => !pool.includes(m.slug))
    .map((m) => ({ value: m.slug, text: m.title, hint: { text: m.slug } }));
  const both = [...known, ...found];
  return {
    chosen: known.map((item) => ({ ...item, checked: true })),
    found,
    cost: both.map((item) => ({ ...item, checked: item.value === form.metrics[0] })),
    outcome: both.map((item) => ({ ...item, checked: item.value === form.metrics[1] })),
    searched: result !== null,
  };
}

interface SectionPage {
  found: StoredReport;
  index: number | null;
  kind: SectionKind;
  form: SectionForm;
  q: string;
  errors: FieldError[];
}

async function renderSection(
  services: BuilderServices,
  reply: FastifyReply,
  viewer: Viewer,
  view: SectionPage,
) {
  const { found, index, kind, form, q } = view;
  const info = sectionKinds[kind];
  const number = index === null ? 'new' : String(index + 1);
  return reply.render('reports/views/report-section.njk', {
    title:
      index === null
        ? `Add ${info.label.toLowerCase()}`
        : `Change section ${number}: ${form.heading}`,
    activeNav: 'reports',
    action: `${editPath(found)}/sections/${number}`,
    back: editPath(found),
    kind,
    info,
    values: { ...form, q },
    measures: await measureItems(services, viewer, form, q),
    ...formErrorView(view.errors),
  });
}

/**
 * The builder's section pages: one form per section, for its heading, words and measures. The
 * measures are found by searching the catalogue within the form ("Search" keeps what was typed
 * and lists what matches, to tick); "Save section" checks the whole report and saves it as the
 * report's next revision, or shows every problem beside its field.
 */
export function registerSectionPages(app: FastifyInstance, services: BuilderServices) {
  app.get('/reports/:slug/edit/sections/:n', async (request, reply) => {
    const { viewer, found } = await changeableOf(services, request);
    const { index, kind, section } = sectionOf(request, found);
    const form = sectionForm(section);
    return renderSection(services, reply, viewer, { found, index, kind, form, q: '', errors: [] });
  });

  app.post('/reports/:slug/edit/sections/:n', async (request, reply) => {
    const { viewer, found } = await changeableOf(services, request);
    const { index, kind } = sectionOf(request, found);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const { q, ...form } = readSectionForm(body);
    const view = { found, index, kind, form, q };
    if (body['action'] === 'search')
      return renderSection(services, reply, viewer, { ...view, errors: [] });
    const candidate = withSection(found.report, index, sectionFrom(kind, form));
    const checked = checkSection(candidate, index ?? found.report.sections.length);
    if (!checked.ok) {
      const errors = checked.problems.map((p) => fieldError(p.field, p.text));
      return renderSection(services, reply.code(400), viewer, { ...view, errors });
    }
    await save(services, request, viewer, found, checked.report);
    return reply.redirect(`${editPath(found)}?saved=section`, 303);
  });

  app.post('/reports/:slug/edit/sections/:n/move', async (request, reply) => {
    const { viewer, found } = await changeableOf(services, request);
    const { index } = sectionOf(request, found);
    const direction =
      (request.body as Record<string, unknown>)['direction'] === 'up' ? 'up' : 'down';
    if (index !== null)
      await save(
        services,
        request,
        viewer,
        found,
        withSectionMoved(found.report, index, direction),
      );
    return reply.redirect(`${editPath(found)}?saved=order`, 303);
  });

  app.post('/reports/:slug/edit/sections/:n/remove', async (request, reply) => {
    const { viewer, found } = await changeableOf(services, request);
    const { index } = sectionOf(request, found);
    const without = index === null ? null : withoutSection(found.report, index);
    if (without) await save(services, request, viewer, found, without);
    return reply.redirect(`${editPath(found)}?saved=${without ? 'removed' : 'last'}`, 303);
  });
}

function save(
  services: BuilderServices,
  request: FastifyRequest,
  viewer: Viewer,
  found: StoredReport,
  report: ReportDefinition,
) {
  return services.storedReports.update(
    actorOf(request, viewer),
    found.report.slug,
    sharingOf(found),
    report,
  );
}
