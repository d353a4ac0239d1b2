import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { requireAccess } from '../accounts/access.ts';
import type { Viewer } from '../accounts/accounts.service.ts';
import { actorOf } from '../accounts/actor.ts';
import { nationalOrganisation } from '../accounts/roles.ts';
import { signInFirst } from '../accounts/next-path.ts';
import type { Services } from '../app/services.ts';
import { NotFoundError } from '../shared/errors.ts';
import { formatDate } from '../shared/format.ts';
import { parseInput } from '../shared/validation.ts';
import { fieldError, formErrorView, parseForm, type FieldError } from '../site/forms.ts';
import { challengeType } from './challenge-types.ts';
import {
  councilUrl,
  eventForm,
  eventOf,
  listQuery,
  problemField,
  requestForm,
  shapeProblems,
  statusWords,
} from './challenges.form.ts';
import { resolveCouncil } from './council-entry.ts';
import { documentsView } from './documents.view.ts';
import { publishedBy } from './documents.ts';
import { programmeYearOf, type IsoDate } from './dates.ts';
import type { Deadline } from './deadlines.ts';
import {
  challengeEvent,
  eventTitles,
  stateTitles,
  type ChallengeEventKind,
  type Problem,
} from './lifecycle.ts';
import { ChallengeEventRefused, type ListedChallenge } from './peer-challenge.service.ts';
import { challengeStates, challengeTypes } from './vocabulary.ts';

const idParams = z.object({ id: z.coerce.number().int().positive().max(2_147_483_647) });
const today = (): IsoDate => new Date().toISOString().slice(0, 10);
const typeItems = challengeTypes.map((type) => ({ value: type, text: challengeType(type).title }));

function challengeId(request: FastifyRequest): number {
  const params = idParams.safeParse(request.params);
  if (!params.success) throw new NotFoundError('Peer challenge', request.url);
  return params.data.id;
}

const windowText = (w: { from: IsoDate; to: IsoDate } | null) =>
  w ? `${formatDate(w.from)} to ${formatDate(w.to)}` : 'Not booked';

function deadlineRow(d: Deadline) {
  return { title: d.title, dueBy: formatDate(d.dueBy), ...statusWords(d.status, d.opensOn) };
}

function listedRow(c: ListedChallenge) {
  return {
    href: `/peer-challenge/challenges/${c.id}`,
    council: c.areaName,
    code: c.areaCode,
    type: challengeType(c.type).title,
    state: stateTitles[c.state],
    year: c.programmeYear,
    window: windowText(c.window),
    next: c.next ? `${c.next.title}: by ${formatDate(c.next.dueBy)}` : 'None yet',
    overdue: c.overdue,
    illustrative: c.illustrative,
  };
}

/** The list's address for another page, keeping its filters. */
function pageHref(query: Record<string, string | undefined>, page: number) {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query))
    if (value !== undefined && name !== 'page') params.set(name, value);
  if (page > 1) params.set('page', String(page));
  const search = params.toString();
  return `/peer-challenge/challenges${search ? `?${search}` : ''}`;
}

function registerList(app: FastifyInstance, { peerChallenges }: Services) {
  app.get('/peer-challenge/challenges', async (request, reply) => {
    if (!request.viewer) return signInFirst(request, reply);
    const query = parseInput(listQuery, request.query);
    const list = await peerChallenges.list(
      request.viewer,
      { ...query, overdue: query.overdue === 'yes' },
      today(),
    );
    const shown = { ...query, page: undefined };
    return reply.render('peer-challenge/views/challenges.njk', {
      title: 'Peer challenges',
      list: { ...list, challenges: list.challenges.map(listedRow) },
      query: { year: '', state: '', type: '', overdue: '', ...shown },
      yearItems: list.years.map((y) => ({ value: y, text: y, selected: y === query.year })),
      stateItems: challengeStates.map((s) => ({
        value: s,
        text: stateTitles[s],
        selected: s === query.state,
      })),
      typeItems: typeItems.map((t) => ({ ...t, selected: t.value === query.type })),
      pagination: {
        previous: list.page > 1 ? { href: pageHref(shown, list.page - 1) } : undefined,
        next: list.page < list.pages ? { href: pageHref(shown, list.page + 1) } : undefined,
      },
    });
  });
}

function registerRequest(app: FastifyInstance, services: Services) {
  const form = (
    reply: FastifyReply,
    values: Record<string, string | string[]>,
    errors: readonly FieldError[] = [],
  ) =>
    reply.render('peer-challenge/views/challenge-request.njk', {
      title: 'Request a peer challenge',
      values,
      typeItems: typeItems.map((t) => ({ ...t, checked: t.value === values.type })),
      ...formErrorView(errors),
    });

  app.get('/peer-challenge/challenges/new', async (request, reply) => {
    if (!request.viewer) return signInFirst(request, reply);
    requireAccess(request.viewer, 'manage-peer-challenges', nationalOrganisation);
    const day = today();
    return form(reply, { on: day, programmeYear: programmeYearOf(day) });
  });

  app.post('/peer-challenge/challenges/new', async (request, reply) => {
    const viewer = request.viewer as Viewer;
    // Refused before the form is read: someone who may not manage challenges learns nothing.
    requireAccess(viewer, 'manage-peer-challenges', nationalOrganisation);
    const parsed = parseForm(requestForm, request.body);
    if (!parsed.ok) return form(reply.code(400), parsed.values, parsed.errors);
    const typed = parsed.value;
    const council = await resolveCouncil(services.areas, typed.council);
    if (!council.ok) return form(reply.code(400), typed, [fieldError('council', council.text)]);
    const window =
      typed.windowFrom === '' && typed.windowTo === ''
        ? undefined
        : { from: typed.windowFrom, to: typed.windowTo };
    // The dates are checked as the state machine checks them, every problem at once.
    const asked = { type: typed.type, on: typed.on, window };
    const refused = (problems: readonly Problem[]) =>
      form(
        reply.code(400),
        { ...typed, council: council.entry },
        problems.map((p) => fieldError(problemField(p, ''), p.text)),
      );
    try {
      const id = await services.peerChallenges.request(
        actorOf(request, viewer),
        { ...asked, areaCode: council.area.code, programmeYear: typed.programmeYear },
        today(),
      );
      return reply.redirect(`/peer-challenge/challenges/${id}`, 303);
    } catch (error) {
      if (error instanceof ChallengeEventRefused) return refused(error.problems);
      throw error;
    }
  });
}

/** What an event's form was given back when refused: its kind, the errors and what was typed. */
export interface Refusal {
  kind: ChallengeEventKind | '';
  errors: FieldError[];
  values: Record<string, string>;
}

/** Each allowed event's form: its fields' ids are prefixed with its kind, so they are unique. */
function eventForms(allowed: readonly ChallengeEventKind[], day: IsoDate, refusal: Refusal | null) {
  return allowed.map((kind) => {
    const typed = refusal?.kind === kind ? refusal.values : {};
    const field = (name: string, fallback = '') => ({
      id: `${kind}-${name}`,
      value: typed[name] ?? fallback,
    });
    return {
      kind,
      title: eventTitles[kind],
      // Moving on is the page's main action; booking and postponing are not; cancelling warns.
      buttonClasses:
        kind === 'cancel'
          ? 'govuk-button--warning'
          : kind === 'postpone' || kind === 'book-window'
            ? 'govuk-button--secondary'
            : '',
      on: field('on', day),
      window: kind === 'book-window' ? { from: field('windowFrom'), to: field('windowTo') } : null,
      reason: kind === 'cancel' || kind === 'postpone' ? field('reason') : null,
      councilUrl: publishedBy(kind) ? field('councilUrl') : null,
    };
  });
}

/**
 * A challenge's page as the viewer's part sees it (the service decides what that is), with the
 * problems of a refused event or upload when there are some.
 */
export function challengePage(services: Services, documentBytes: number) {
  const { peerChallenges } = services;
  return async (
    reply: FastifyReply,
    viewer: Viewer,
    id: number,
    refusal: Refusal | null = null,
  ) => {
    const day = today();
    const c = await peerChallenges.one(viewer, id, day);
    const type = challengeType(c.facts.type);
    // The data pack is frozen as it stood when scoping began: what the team read.
    const scoping = c.transitions.find((t) => t.to_state === 'scoping')?.on_date ?? day;
    return reply.render('peer-challenge/views/challenge.njk', {
      title: `${type.title}: ${c.area.shortName}`,
      id,
      manages: c.parts.includes('manager'),
      area: c.area,
      type,
      state: stateTitles[c.facts.state],
      illustrative: c.row.illustrative,
      programmeYear: c.row.programme_year,
      requestedOn: formatDate(c.facts.requestedOn),
      window: windowText(c.facts.window),
      visit: c.facts.visit
        ? `${formatDate(c.facts.visit.firstDay)} to ${c.facts.visit.lastDay ? formatDate(c.facts.visit.lastDay) : 'not yet ended'}`
        : 'Not started',
      reason: c.facts.reason,
      dataPack: {
        href: `/reports/peer-challenge-data-pack?area=${c.area.code}&asOf=${scoping}`,
        asAt: formatDate(scoping),
      },
      deadlines: c.deadlines.map(deadlineRow),
      history: c.transitions.map((t) => ({
        on: formatDate(t.on_date),
        to: stateTitles[t.to_state],
        from: t.from_state ? stateTitles[t.from_state] : null,
        reason: t.reason,
      })),
      forms: eventForms(c.allowed, day, refusal),
      documents: documentsView(id, c, documentBytes),
      ...formErrorView(refusal?.errors ?? []),
    });
  };
}

function registerChallenge(app: FastifyInstance, services: Services, documentBytes: number) {
  const { peerChallenges } = services;
  const page = challengePage(services, documentBytes);

  app.get('/peer-challenge/challenges/:id', async (request, reply) => {
    if (!request.viewer) return signInFirst(request, reply);
    return page(reply, request.viewer, challengeId(request));
  });

  app.post('/peer-challenge/challenges/:id/events', async (request, reply) => {
    const viewer = request.viewer as Viewer;
    const id = challengeId(request);
    // Refused before the form is read: someone taking no part learns nothing, not even that
    // the challenge exists.
    await peerChallenges.partsIn(viewer, id);
    const form = parseInput(eventForm, request.body);
    const kind = challengeEvent.options.some((o) => o.shape.kind.value === form.kind)
      ? (form.kind as ChallengeEventKind)
      : '';
    const refuse = (problems: readonly Problem[]) =>
      page(reply.code(400), viewer, id, {
        kind,
        errors: problems.map((p) => fieldError(kind ? problemField(p, kind) : '', p.text)),
        values: {
          on: form.on,
          reason: form.reason,
          windowFrom: form.windowFrom,
          windowTo: form.windowTo,
          councilUrl: form.councilUrl,
        },
      });
    const event = challengeEvent.safeParse(eventOf(form));
    const link = councilUrl.safeParse(form.councilUrl);
    const problems = event.success ? [] : shapeProblems(event.error.issues);
    if (!link.success)
      problems.push(
        ...shapeProblems(link.error.issues).map((p) => ({ ...p, field: 'councilUrl' })),
      );
    if (!event.success || !link.success) return refuse(problems);
    try {
      await peerChallenges.advance(actorOf(request, viewer), id, event.data, today(), {
        councilUrl: publishedBy(event.data.kind) ? link.data : null,
      });
    } catch (error) {
      if (error instanceof ChallengeEventRefused) return refuse(error.problems);
      throw error;
    }
    return reply.redirect(`/peer-challenge/challenges/${id}`, 303);
  });
}

/**
 * The challenge manager's pages (issue 20): the programme's challenges, requesting one, and each
 * challenge's facts, history, deadlines, documents and the forms that move it on. Registered in
 * an account pages' scope: forms CSRF-checked, every answer `private, no-store`. The list and
 * the request are the programme's managers' and administrators'; a challenge's page is also
 * its council's and its team's, each seeing the forms its part may use (challenge-access.ts),
 * and anyone else finds no challenge there.
 */
export function registerChallengePages(
  app: FastifyInstance,
  services: Services,
  config: { documentBytes: number },
) {
  registerList(app, services);
  registerRequest(app, services);
  registerChallenge(app, services, config.documentBytes);
}
