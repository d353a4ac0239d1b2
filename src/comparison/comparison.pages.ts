import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Services } from '../app/services.ts';
import { BadRequestError } from '../shared/errors.ts';
import { groupViewerOf } from '../saved-groups/saved-groups.choice.ts';
import { parseInput } from '../shared/validation.ts';
import { formErrorView } from '../site/forms.ts';
import { compareCsv, compareXlsx } from './compare.download.ts';
import { ambiguityQuestions, readCompareForm, type CompareForm } from './compare.form.service.ts';
import { presentComparison, type CompareMeasure } from './compare.presenter.ts';
import { comparePageQuery } from './comparison.schema.ts';

/** The query that asks for exactly this comparison again: councils by code, measures by slug. */
function comparisonQuery(form: CompareForm): string {
  const params = new URLSearchParams({ areas: form.codes.join(',') });
  for (const slug of form.slugs) params.append('metrics', slug);
  return params.toString();
}

/** The councils and measures side by side, trend by trend, for the summary table. */
function summaryTable(form: CompareForm, measures: readonly CompareMeasure[]) {
  const rows = measures.map((m) => new Map(m.rows.map((r) => [r.code, r.shown])));
  const names = new Map(measures.flatMap((m) => m.rows.map((r) => [r.code, r.name])));
  return [...form.codes, 'E92000001'].map((code) => ({
    code,
    name: names.get(code) ?? code,
    england: code === 'E92000001',
    cells: rows.map((row) => row.get(code) ?? ''),
  }));
}

/**
 * The compare page: up to 10 councils, typed by name or code, across up to 10 measures from the
 * whole catalogue: results first, each measure ranked with England below, each council's trend,
 * and a download of exactly what is shown; the form after them.
 */
export function registerComparisonPages(app: FastifyInstance, services: Services) {
  const { comparison } = services;

  async function compared(request: FastifyRequest) {
    const query = parseInput(comparePageQuery, request.query);
    const form = await readCompareForm(services, query, groupViewerOf(request));
    const ready = form.errors.length === 0 && form.codes.length > 0 && form.slugs.length > 0;
    const sight = await services.data.sightOf(request.viewer);
    const result = ready ? await comparison.compareOverTime(form.codes, form.slugs, sight) : null;
    const measures = result ? presentComparison(result) : null;
    return { query, form, measures, unpublished: result?.unpublished ?? false };
  }

  app.get('/compare', async (request, reply) => {
    const { query, form, measures, unpublished } = await compared(request);
    const names = measures ? summaryTable(form, measures).slice(0, -1) : [];
    const shown = measures ? comparisonQuery(form) : '';
    return reply.code(form.errors.length > 0 ? 400 : 200).render('comparison/views/compare.njk', {
      title: measures ? `Compare ${names.map((n) => n.name).join(', ')}` : 'Compare councils',
      activeNav: 'areas',
      form,
      ...formErrorView(form.errors),
      questions: ambiguityQuestions(form),
      searched: query.action === 'search' || form.q !== '',
      measures,
      unpublished,
      summary: measures ? summaryTable(form, measures) : [],
      saveGroupHref: measures
        ? `/account/groups/new?${new URLSearchParams({ areas: form.codes.join(',') }).toString()}`
        : null,
      downloads: measures
        ? [
            { text: 'CSV', href: `/compare.csv?${shown}` },
            { text: 'Excel (XLSX)', href: `/compare.xlsx?${shown}` },
          ]
        : [],
    });
  });

  /** A download answers only a comparison the page would show; anything else says why. */
  async function download(request: FastifyRequest) {
    const { form, measures } = await compared(request);
    const [first] = form.errors;
    if (first) throw new BadRequestError(first.text);
    if (!measures) throw new BadRequestError('Choose the councils and measures to compare');
    return measures;
  }

  app.get('/compare.csv', async (request, reply) => {
    const measures = await download(request);
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', 'attachment; filename="openlg-comparison.csv"')
      .send(compareCsv(measures));
  });

  app.get('/compare.xlsx', async (request, reply) => {
    const measures = await download(request);
    return reply
      .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', 'attachment; filename="openlg-comparison.xlsx"')
      .send(compareXlsx(measures, request.url));
  });
}
