import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Viewer } from '../accounts/accounts.service.ts';
import { missingStatuses, valueStatuses, type ValueStatus } from '../db/vocabulary.ts';
import { DataFileError, UnauthorizedError } from '../shared/errors.ts';
import { formatValue } from '../charts/format.ts';
import { formatMoment } from '../shared/format.ts';
import { fieldError, formErrorView, parseForm, type FieldError } from '../site/forms.ts';
import type { Correction, ValuesService, ValueTarget } from './values.service.ts';

const params = z.object({
  slug: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/),
  code: z.string().regex(/^[A-Z]\d{8}$/),
});

const periodQuery = z.object({ period: z.string().min(1).max(60) });

/** A number typed in a form: blank is none; anything else must read as a finite number. */
const typedNumber = (label: string) =>
  z
    .string()
    .trim()
    .max(40)
    .refine((t) => t === '' || Number.isFinite(Number(t.replace(/,/g, ''))), {
      error: `${label} must be a number, like 12.5`,
    })
    .transform((t) => (t === '' ? null : Number(t.replace(/,/g, ''))));

const correctionForm = z
  .object({
    period: z.string().min(1).max(60),
    value: typedNumber('Value'),
    lci: typedNumber('Lower confidence limit'),
    uci: typedNumber('Upper confidence limit'),
    status: z.enum(valueStatuses, { error: 'Choose the status of the value' }),
    reason: z
      .string()
      .trim()
      .min(1, { error: 'Say why the value is being corrected' })
      .max(500, { error: 'Reason must be 500 characters or fewer' }),
  })
  .superRefine((form, ctx) => {
    const missing = (missingStatuses as readonly ValueStatus[]).includes(form.status);
    if (missing && form.value !== null)
      ctx.addIssue({
        code: 'custom',
        path: ['value'],
        message: 'Leave the value blank when it is not available, suppressed or not applicable',
      });
    if (!missing && form.value === null)
      ctx.addIssue({ code: 'custom', path: ['value'], message: 'Enter the value' });
  });

const statusWords: Readonly<Record<ValueStatus, string>> = {
  ok: 'Final',
  'low-reliability': 'Low reliability',
  provisional: 'Provisional',
  estimated: 'Estimated',
  'not-available': 'Not available',
  suppressed: 'Suppressed',
  'not-applicable': 'Not applicable',
};

const base = (slug: string, code: string) => `/metrics/${slug}/areas/${code}`;

type History = Awaited<ReturnType<ValuesService['history']>>;

/** A state's value as every page shows a figure: its unit and decimal places, or why it is missing. */
function shownValue(
  metric: History['metric'],
  state: { value: number | null; status: ValueStatus },
) {
  const format = { decimalPlaces: metric.decimal_places, unit: metric.unit };
  if (state.value !== null) return formatValue(state.value, format);
  return formatValue(
    state.status === 'suppressed' || state.status === 'not-applicable'
      ? state.status
      : 'not-available',
    format,
  );
}

/** The confidence interval in words, when the state has one. */
function interval(metric: History['metric'], state: { lci: number | null; uci: number | null }) {
  if (state.lci === null || state.uci === null) return null;
  const format = { decimalPlaces: metric.decimal_places, unit: metric.unit };
  return `${formatValue(state.lci, format)} to ${formatValue(state.uci, format)}`;
}

/** The history as the page shows it: figures and moments in words, and what is not public yet. */
function presented(history: History, now: Date) {
  return history.periods.map((period) => {
    const row = period.current;
    const waiting = row.own && row.publication !== 'published' && (row.embargo_until ?? now) >= now;
    return {
      ...period,
      shown: shownValue(history.metric, row),
      interval: interval(history.metric, row),
      notPublic: waiting ? (row.publication === 'embargoed' ? 'embargoed' : 'restricted') : null,
      until: formatMoment(row.embargo_until),
      written: formatMoment(row.updated_at),
      earlier: period.earlier.map((r) => ({
        ...r,
        shown: shownValue(history.metric, r),
        from: formatMoment(r.valid_from),
        to: formatMoment(r.valid_to),
      })),
    };
  });
}

/**
 * Each value's page, `/metrics/{slug}/areas/{code}`: a council's values of a metric by period,
 * each with its history, as the reader may see them (their organisation's embargoed values and
 * revisions too, labelled); and the correction form of a value the reader's organisation lodged.
 * Registered in the signed-in pages' scope: every answer `private, no-store` (it may show what
 * the public may not), every form CSRF-checked.
 */
export function registerValuePages(app: FastifyInstance, values: ValuesService) {
  app.get('/metrics/:slug/areas/:code', async (request, reply) => {
    const { slug, code } = parsedParams(request);
    const history = await values.history(request.viewer, slug, code);
    const query = request.query as Record<string, unknown>;
    const corrected = history.periods.find((p) => p.current.period_code === query['corrected']);
    return reply.render('values/views/value.njk', {
      title: `${history.metric.title}: ${history.area.name}`,
      ...history,
      periods: presented(history, new Date()),
      statusWords,
      corrected: corrected?.current.period_label ?? null,
      base: base(slug, code),
    });
  });

  const formPage = async (
    reply: FastifyReply,
    viewer: Viewer | null,
    target: ValueTarget,
    view: { values: Record<string, unknown>; errors: FieldError[] } | null,
  ) => {
    const { metric, area, period } = await values.correctable(viewer, target);
    const current = period.current;
    const shown = view?.values ?? {
      value: current.value === null ? '' : String(current.value),
      lci: current.lci === null ? '' : String(current.lci),
      uci: current.uci === null ? '' : String(current.uci),
      status: current.status,
      reason: '',
    };
    return reply.render('values/views/value-correction.njk', {
      title: `Correct ${metric.title} for ${area.name}, ${current.period_label}`,
      metric,
      area,
      current,
      values: shown,
      statuses: valueStatuses.map((s) => ({
        value: s,
        text: statusWords[s],
        checked: s === shown['status'],
      })),
      action: `${base(target.slug, target.code)}/correct`,
      back: base(target.slug, target.code),
      ...formErrorView(view?.errors ?? []),
    });
  };

  app.get('/metrics/:slug/areas/:code/correct', async (request, reply) => {
    const { slug, code } = parsedParams(request);
    const period = periodQuery.safeParse(request.query);
    if (!request.viewer)
      return reply.redirect(`/sign-in?next=${encodeURIComponent(request.url)}`, 303);
    return formPage(reply, request.viewer, { slug, code, period: period.data?.period ?? '' }, null);
  });

  app.post('/metrics/:slug/areas/:code/correct', async (request, reply) => {
    const { slug, code } = parsedParams(request);
    const viewer = request.viewer;
    if (!viewer) throw new UnauthorizedError('Sign in to correct values your organisation lodged');
    const body = (request.body ?? {}) as Record<string, unknown>;
    const target = { slug, code, period: typeof body['period'] === 'string' ? body['period'] : '' };
    const form = parseForm(correctionForm, body);
    if (!form.ok) return formPage(reply.code(400), viewer, target, form);
    const { period, ...stated } = form.value;
    try {
      await values.correct(viewer, request.ip, { ...target, period }, stated satisfies Correction);
    } catch (error) {
      if (!(error instanceof DataFileError)) throw error;
      const errors = error.problems.map((p) => fieldError('value', p.message));
      return formPage(reply.code(400), viewer, target, { values: body, errors });
    }
    return reply.redirect(`${base(slug, code)}?corrected=${encodeURIComponent(period)}`, 303);
  });
}

function parsedParams(request: FastifyRequest) {
  const parsed = params.safeParse(request.params);
  // Nothing can be held at an address that is not a slug and a GSS code.
  if (!parsed.success) return { slug: '-', code: 'X00000000' };
  return parsed.data;
}
