import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import type { Viewer } from '../accounts/accounts.service.ts';
import { actorOf } from '../accounts/actor.ts';
import { signInFirst } from '../accounts/next-path.ts';
import { formatNumber } from '../charts/format.ts';
import { parsePeriod } from '../periods/period.ts';
import { NotFoundError } from '../shared/errors.ts';
import { formatMoment } from '../shared/format.ts';
import { parseForm, formErrorView, type FieldError, type FormValues } from '../site/forms.ts';
import type { Evidence } from './evaluate.ts';
import { noteKinds } from './early-warning.tables.ts';
import {
  changesWindowDays,
  EarlyWarningService,
  noteInput,
  noteKindNames,
  type FlagView,
} from './early-warning.service.ts';

const codeParams = z.object({ code: z.string().regex(/^[A-Z]\d{8}$/) });

const periodLabel = (code: string | null) => {
  if (code === null) return '';
  const parsed = parsePeriod(code);
  return parsed.ok ? parsed.period.label : code;
};

/** A figure as the evidence shows it: enough places to tell close figures apart. */
const figure = (value: number) => formatNumber(value, Math.abs(value) >= 100 ? 1 : 2);

function evidenceRow(e: Evidence, area: string) {
  return {
    title: e.title,
    href: `/metrics/${e.metric}/areas/${area}`,
    period: periodLabel(e.period),
    value: figure(e.value),
    against: e.against
      ? `${e.against.label}${e.against.period ? ` (${periodLabel(e.against.period)})` : ''}: ${figure(e.against.value)}`
      : '',
    finding: e.finding,
  };
}

function flagRow(flag: FlagView) {
  return {
    rule: flag.rule.title,
    why: flag.rule.why,
    theme: flag.theme.title,
    summary: flag.summary,
    raised: formatMoment(flag.raisedAt),
    cleared: flag.clearedAt ? formatMoment(flag.clearedAt) : null,
    evidence: flag.evidence.map((e) => evidenceRow(e, flag.area)),
  };
}

/**
 * Early warning (issue 19): the watch list and each council's flags, their evidence and the
 * advisers' notes. Registered in an account pages' scope: the note form is CSRF-checked, every
 * answer `private, no-store`; the service refuses anyone but improvement advisers of the national
 * programme and administrators, so nothing here reaches the public or any cache.
 */
export function registerEarlyWarningPages(app: FastifyInstance, earlyWarning: EarlyWarningService) {
  app.get('/early-warning', async (request, reply) => {
    if (!request.viewer) return signInFirst(request, reply);
    const list = await earlyWarning.watchList(request.viewer);
    return reply.render('early-warning/views/watch-list.njk', {
      title: 'Early warning: watch list',
      activeNav: 'early-warning',
      days: changesWindowDays,
      built: list.build ? formatMoment(list.build.built_at) : null,
      rules: earlyWarning.rules.rules.map((r) => ({ title: r.title, why: r.why })),
      ruleVersion: earlyWarning.rules.version,
      councils: list.councils.map((c) => ({
        code: c.code,
        name: c.name,
        standing: c.standing.length,
        themes: [...new Set(c.standing.map((f) => f.theme.title))].join(', '),
        raised: c.raised.map((f) => `${f.rule.title} (${f.theme.title})`),
        cleared: c.cleared.map((f) => `${f.rule.title} (${f.theme.title})`),
        support: c.latestNote
          ? `${noteKindNames[c.latestNote.kind]}, ${formatMoment(c.latestNote.created_at)}`
          : 'None recorded',
      })),
    });
  });

  const councilPage = async (
    reply: FastifyReply,
    viewer: Viewer,
    code: string,
    form: { errors: FieldError[]; values: FormValues } = { errors: [], values: {} },
  ) => {
    const council = await earlyWarning.council(viewer, code);
    return reply.render('early-warning/views/council.njk', {
      title: `Early warning: ${council.area.shortName}`,
      activeNav: 'early-warning',
      area: council.area,
      standing: council.standing.map(flagRow),
      past: council.past.map(flagRow),
      notes: council.notes.map((n) => ({
        kind: noteKindNames[n.kind],
        body: n.body,
        author: n.author,
        when: formatMoment(n.created_at),
      })),
      kindItems: noteKinds.map((kind) => ({
        value: kind,
        text: noteKindNames[kind],
        checked: form.values.kind === kind,
      })),
      values: form.values,
      ...formErrorView(form.errors),
    });
  };

  app.get('/early-warning/:code', async (request, reply) => {
    if (!request.viewer) return signInFirst(request, reply);
    const params = codeParams.safeParse(request.params);
    if (!params.success) throw new NotFoundError('Council', request.url);
    return councilPage(reply, request.viewer, params.data.code);
  });

  app.post('/early-warning/:code/notes', async (request, reply) => {
    const viewer = request.viewer as Viewer;
    const params = codeParams.safeParse(request.params);
    if (!params.success) throw new NotFoundError('Council', request.url);
    // Refused before the form is read: someone who may not see the flags learns nothing here.
    EarlyWarningService.require(viewer);
    const form = parseForm(noteInput, request.body);
    if (!form.ok)
      return councilPage(reply.code(400), viewer, params.data.code, {
        errors: form.errors,
        values: form.values,
      });
    await earlyWarning.addNote(actorOf(request, viewer), params.data.code, form.value);
    return reply.redirect(`/early-warning/${params.data.code}#notes`, 303);
  });
}
