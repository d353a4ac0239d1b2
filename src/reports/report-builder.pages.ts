import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { requireAccessSomewhere } from '../accounts/access.ts';
import type { AccountsService, Viewer } from '../accounts/accounts.service.ts';
import { actorOf } from '../accounts/actor.ts';
import { sharedOrganisation, sharingChoices, sharingFields } from '../accounts/sharing.form.ts';
import { principalCouncilTypes } from '../db/vocabulary.ts';
import { fieldError, formErrorView, parseForm, type FieldError } from '../site/forms.ts';
import { sectionKinds, sectionMetrics } from './report-builder.ts';
import { reportDefinition } from './report.schema.ts';
import { registerSectionPages } from './report-sections.pages.ts';
import { storedSlug, type StoredReport } from './stored-reports.service.ts';
import { changeableOf, editPath, type BuilderServices } from './report-builder.access.ts';

/**
 * The report builder (issue 18): signed-in people who may save reports build their own, from
 * nothing or as a copy of one they can see, section by section, with plain forms that work
 * without JavaScript; save them for themselves, their organisation or everyone; preview them as
 * any report runs. Registered in an account pages' scope: every form is CSRF-checked, every
 * answer `private, no-store`. The stored reports service decides who may do what and audits it.
 */
export function registerReportBuilder(
  app: FastifyInstance,
  services: BuilderServices,
  accounts: AccountsService,
) {
  registerNew(app, services, accounts);
  registerOverview(app, services);
  registerAbout(app, services, accounts);
  registerSectionPages(app, services);
  registerDeletion(app, services);
}

/** The sharing radios of a report's forms, for the organisations the viewer may save in. */
function sharingFor(services: BuilderServices, accounts: AccountsService) {
  return (viewer: Viewer, values: Record<string, unknown>) =>
    sharingChoices(accounts, services.storedReports.organisationsFor(viewer), viewer, values);
}

const newForm = z.object({
  name: z
    .string()
    .trim()
    .min(1, { error: 'Enter a name for the report' })
    .max(100, { error: 'Name must be 100 characters or fewer' }),
  from: z.string().max(300).optional(),
  ...sharingFields,
});

/** The reports a new one may start from: nothing, a ready-made one, or one the viewer sees. */
async function startingPoints(services: BuilderServices, viewer: Viewer, chosen: string) {
  const stored = await services.storedReports.visibleTo(viewer);
  const items = [
    { value: '', text: 'A blank report' },
    ...services.reports.list().map((r) => ({ value: r.slug, text: `Ready-made: ${r.name}` })),
    ...stored.map((s) => ({ value: s.report.slug, text: `Saved: ${s.record.name}` })),
  ];
  return items.map((item) => ({ ...item, checked: item.value === chosen }));
}

function registerNew(app: FastifyInstance, services: BuilderServices, accounts: AccountsService) {
  const sharingRadios = sharingFor(services, accounts);
  const page = async (
    reply: FastifyReply,
    viewer: Viewer,
    values: Record<string, unknown>,
    errors: FieldError[],
  ) =>
    reply.render('reports/views/report-new.njk', {
      title: 'Build a report',
      activeNav: 'reports',
      values,
      starts: await startingPoints(services, viewer, String(values['from'] ?? '')),
      ...(await sharingRadios(viewer, values)),
      ...formErrorView(errors),
    });

  app.get('/reports/new', async (request, reply) => {
    const viewer = request.viewer;
    if (!viewer) return reply.redirect(`/sign-in?next=/reports/new`, 303);
    requireAccessSomewhere(viewer, 'save-reports');
    const from = (request.query as Record<string, unknown>)['from'];
    const start =
      typeof from === 'string' ? await services.reports.open(from, viewer).catch(() => null) : null;
    return page(
      reply,
      viewer,
      { from: start?.slug ?? '', name: start ? `${start.name} (copy)` : '' },
      [],
    );
  });

  app.post('/reports/new', async (request, reply) => {
    const viewer = request.viewer as Viewer;
    const body = (request.body ?? {}) as Record<string, unknown>;
    const form = parseForm(newForm, body);
    const organisation = sharedOrganisation(body, services.storedReports.organisationsFor(viewer));
    const errors = [
      ...(form.ok ? [] : form.errors),
      ...(organisation.error ? [organisation.error] : []),
    ];
    if (!form.ok || errors.length > 0) return page(reply.code(400), viewer, body, errors);
    const from = form.value.from ? await services.reports.open(form.value.from, viewer) : null;
    const sharing = {
      name: form.value.name,
      visibility: form.value.visibility,
      organisationCode: organisation.code,
    };
    const made = await services.storedReports.create(actorOf(request, viewer), sharing, from);
    return reply.redirect(editPath(made), 303);
  });
}

/** A section as the builder's overview lists it: its heading, kind and measures' titles. */
async function sectionRows(services: BuilderServices, viewer: Viewer, found: StoredReport) {
  const sight = await services.data.sightOf(viewer);
  const slugs = found.report.sections.flatMap(sectionMetrics);
  const titles = await services.metrics.titles([...new Set(slugs)], sight);
  const named = (slug: string) => titles.get(slug) ?? `${slug} (not held)`;
  return found.report.sections.map((s, i) => ({
    number: i + 1,
    heading: s.heading,
    kind: sectionKinds[s.kind].label,
    measures: sectionMetrics(s).map(named),
    first: i === 0,
    last: i === found.report.sections.length - 1,
  }));
}

function registerOverview(app: FastifyInstance, services: BuilderServices) {
  app.get('/reports/:slug/edit', async (request, reply) => {
    if (!request.viewer) return reply.redirect(`/sign-in?next=${encodeURI(request.url)}`, 303);
    const { viewer, found } = await changeableOf(services, request);
    const councils = await services.areas.listAreas({
      types: principalCouncilTypes,
      current: true,
    });
    const saved = (request.query as Record<string, unknown>)['saved'];
    return reply.render('reports/views/report-edit.njk', {
      title: `Build: ${found.record.name}`,
      activeNav: 'reports',
      found,
      slug: storedSlug(found.record),
      seenBy: found.record.visibility,
      sections: await sectionRows(services, viewer, found),
      kinds: Object.entries(sectionKinds).map(([value, k], i) => ({
        value,
        text: k.label,
        hint: { text: k.hint },
        checked: i === 0,
      })),
      councils: councils
        .filter((c) => c.nation === 'england')
        .map((c) => ({ value: c.code, text: c.shortName })),
      saved: typeof saved === 'string' ? saved : null,
    });
  });
}

const aboutForm = z.object({
  name: newForm.shape.name,
  title: z
    .string()
    .trim()
    .min(1, { error: 'Enter a title' })
    .max(200, { error: 'Title must be 200 characters or fewer' }),
  summary: z
    .string()
    .trim()
    .min(1, { error: 'Enter a summary' })
    .max(400, { error: 'Summary must be 400 characters or fewer' }),
  audience: z
    .string()
    .trim()
    .min(1, { error: 'Say who the report is for' })
    .max(1000, { error: 'The note must be 1,000 characters or fewer' }),
  ...sharingFields,
});

/** Problems with the words of a report's about form that the schema finds (unknown tokens). */
function aboutProblems(candidate: unknown): FieldError[] {
  const result = reportDefinition.safeParse(candidate);
  if (result.success) return [];
  return result.error.issues.map((issue) => {
    const field = String(issue.path[0] ?? '');
    const text = issue.message.replace(/^the [a-z ]+: /, '');
    return ['title', 'summary', 'audience', 'name'].includes(field)
      ? fieldError(field, `${field[0]?.toUpperCase()}${field.slice(1)}: ${text}`)
      : fieldError('', issue.message);
  });
}

function registerAbout(app: FastifyInstance, services: BuilderServices, accounts: AccountsService) {
  const sharingRadios = sharingFor(services, accounts);
  const page = async (
    reply: FastifyReply,
    viewer: Viewer,
    found: StoredReport,
    values: Record<string, unknown>,
    errors: FieldError[],
  ) =>
    reply.render('reports/views/report-about.njk', {
      title: `About the report: ${found.record.name}`,
      activeNav: 'reports',
      action: `${editPath(found)}/about`,
      back: editPath(found),
      values,
      ...(await sharingRadios(viewer, values)),
      ...formErrorView(errors),
    });

  app.get('/reports/:slug/edit/about', async (request, reply) => {
    const { viewer, found } = await changeableOf(services, request);
    const { title, summary, audience } = found.report;
    const { name, visibility, organisationCode } = found.record;
    return page(
      reply,
      viewer,
      found,
      { name, title, summary, audience, visibility, organisation: organisationCode ?? '' },
      [],
    );
  });

  app.post('/reports/:slug/edit/about', async (request, reply) => {
    const { viewer, found } = await changeableOf(services, request);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const form = parseForm(aboutForm, body);
    const organisation = sharedOrganisation(body, services.storedReports.organisationsFor(viewer));
    const errors = [
      ...(form.ok ? [] : form.errors),
      ...(organisation.error ? [organisation.error] : []),
    ];
    if (form.ok && errors.length === 0) {
      const { name, title, summary, audience, visibility } = form.value;
      const candidate = { ...found.report, name, title, summary, audience };
      errors.push(...aboutProblems(candidate));
      if (errors.length === 0) {
        const sharing = { name, visibility, organisationCode: organisation.code };
        const saved = await services.storedReports.update(
          actorOf(request, viewer),
          found.report.slug,
          sharing,
          candidate,
        );
        return reply.redirect(`${editPath(saved)}?saved=about`, 303);
      }
    }
    return page(reply.code(400), viewer, found, body, errors);
  });
}

function registerDeletion(app: FastifyInstance, services: BuilderServices) {
  app.get('/reports/:slug/delete', async (request, reply) => {
    if (!request.viewer) return reply.redirect(`/sign-in?next=${encodeURI(request.url)}`, 303);
    const { found } = await changeableOf(services, request);
    return reply.render('reports/views/report-delete.njk', {
      title: `Delete ${found.record.name}`,
      activeNav: 'reports',
      found,
      action: `/reports/${storedSlug(found.record)}/delete`,
      back: editPath(found),
    });
  });

  app.post('/reports/:slug/delete', async (request, reply) => {
    const { viewer, found } = await changeableOf(services, request);
    await services.storedReports.remove(actorOf(request, viewer), found.report.slug);
    const name = new URLSearchParams({ deleted: found.record.name }).toString();
    return reply.redirect(`/reports?${name}`, 303);
  });
}
