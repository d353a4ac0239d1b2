import { actorOf } from '../accounts/actor.ts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { requireAccessSomewhere } from '../accounts/access.ts';
import type { AccountsService, Viewer } from '../accounts/accounts.service.ts';
import { getWhenSignedIn } from '../accounts/next-path.ts';
import type { Services } from '../app/services.ts';
import { ambiguityQuestions, resolveTyped } from '../comparison/compare.form.service.ts';
import { councilErrors, entryFor, splitEntries } from '../comparison/compare.form.ts';
import { BadRequestError, NotFoundError } from '../shared/errors.ts';
import { fieldError, formErrorView, parseForm, type FieldError } from '../site/forms.ts';
import {
  maxSavedCodes,
  savedRef,
  type GroupChange,
  type SavedGroupRecord,
  type SavedGroupsService,
} from './saved-groups.service.ts';
import { sharedOrganisation, sharingChoices, sharingFields } from '../accounts/sharing.form.ts';
import { mayChangeShared, visibilityWords } from '../accounts/sharing.ts';

const groupForm = z.object({
  name: z
    .string()
    .trim()
    .min(1, { error: 'Enter a name for the group' })
    .max(100, { error: 'Name must be 100 characters or fewer' }),
  ...sharingFields,
  areas: z.string().max(16_000, { error: 'Enter fewer councils' }).optional(),
});

const groupParams = z.object({ id: z.string().regex(/^\d{1,9}$/) });

type SavedGroupServices = Pick<Services, 'savedGroups' | 'areas' | 'search'>;

/** What the form page shows: the words typed, the questions asked of them, what is wrong. */
interface FormView {
  values: Record<string, string>;
  errors: FieldError[];
  questions: ReturnType<typeof ambiguityQuestions>;
}

/** The form as read: the change to save, or what to show again with every problem. */
type ReadForm = { ok: true; change: GroupChange } | ({ ok: false } & FormView);

function idOf(request: FastifyRequest): number {
  const params = groupParams.safeParse(request.params);
  if (!params.success) throw new NotFoundError('Group', 'saved:');
  return Number(params.data.id);
}

/** The councils a group holds, one a line, as the councils box shows them. */
async function areasText(services: SavedGroupServices, codes: readonly string[]) {
  const names = await services.areas.namesOf(codes);
  return codes.map((code) => entryFor({ code, shortName: names.get(code) ?? code })).join('\n');
}

/**
 * Reads a submission whole: its fields by the schema, its councils resolved as the compare page
 * resolves them (by code or name, asking which is meant when a name is ambiguous), and the
 * organisation checked against those the viewer may save in; every problem is said at once.
 */
async function readGroupForm(
  services: SavedGroupServices,
  organisations: readonly string[],
  body: unknown,
): Promise<ReadForm> {
  const raw = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const text = (name: string) => (typeof raw[name] === 'string' ? raw[name] : '');
  const form = parseForm(groupForm, body);
  const errors = form.ok ? [] : form.errors.filter((e) => e.field !== 'areas');
  const organisation = sharedOrganisation(raw, organisations);
  if (organisation.error) errors.push(organisation.error);
  const entries = splitEntries(text('areas'));
  const picks = new Set(
    Object.entries(raw).flatMap(([k, v]) =>
      /^pick\d+$/.test(k) && typeof v === 'string' ? [v.toUpperCase()] : [],
    ),
  );
  const resolutions =
    entries.length > maxSavedCodes
      ? []
      : await Promise.all(entries.map((entry) => resolveTyped(services, entry, picks)));
  const councils = councilErrors(
    resolutions,
    entries.length,
    maxSavedCodes,
    'Enter the councils in the group, by name or code',
  );
  errors.push(...councils.map((e) => fieldError(e.field, e.text)));
  const codes = resolutions.flatMap((r) => (r.kind === 'found' ? [r.area.code] : []));
  if (form.ok && errors.length === 0)
    return {
      ok: true,
      change: {
        name: form.value.name,
        visibility: form.value.visibility,
        organisationCode: organisation.code,
        codes,
      },
    };
  const shown =
    resolutions.length > 0
      ? resolutions.map((r) => (r.kind === 'found' ? entryFor(r.area) : r.entry)).join('\n')
      : text('areas');
  return {
    ok: false,
    values: {
      name: text('name'),
      visibility: text('visibility'),
      organisation: text('organisation'),
      areas: shown,
    },
    errors,
    questions: ambiguityQuestions({ resolutions, errors: councils }),
  };
}

type FormPage = (
  reply: FastifyReply,
  viewer: Viewer,
  group: SavedGroupRecord | null,
  view: FormView,
) => Promise<FastifyReply>;

/** The new and change page: the form as `view` says, its organisations named for the viewer. */
function groupFormPage(savedGroups: SavedGroupsService, accounts: AccountsService): FormPage {
  return async (reply, viewer, group, view) =>
    reply.render('saved-groups/views/group-form.njk', {
      title: group ? `Change ${group.name}` : 'Save a group of councils',
      activeNav: 'account',
      group,
      action: group ? `/account/groups/${group.id}` : '/account/groups',
      values: view.values,
      questions: view.questions,
      ...(await sharingChoices(
        accounts,
        savedGroups.organisationsFor(viewer),
        viewer,
        view.values,
      )),
      ...formErrorView(view.errors),
    });
}

/**
 * /account/groups: saved comparison groups, listed (the viewer's own, their organisations' and
 * public ones), made, changed and deleted (after a confirmation). Registered inside an account
 * pages' scope, so every form is CSRF-checked and every answer `private, no-store`; the service
 * decides who may do what, and audits each change.
 */
export function registerSavedGroupPages(
  app: FastifyInstance,
  services: SavedGroupServices,
  accounts: AccountsService,
) {
  registerListPage(app, services, accounts);
  registerSaving(app, services, groupFormPage(services.savedGroups, accounts));
  registerDeletion(app, services);
}

/** The new and change pages, and the forms they post. */
function registerSaving(app: FastifyInstance, services: SavedGroupServices, formPage: FormPage) {
  const { savedGroups } = services;
  const blank = { errors: [], questions: [] };

  getWhenSignedIn(app, '/account/groups/new', async (reply, viewer) => {
    requireAccessSomewhere(viewer, 'save-reports');
    const query = reply.request.query as Record<string, unknown>;
    const codes = typeof query['areas'] === 'string' ? splitEntries(query['areas']) : [];
    const known = await services.areas.namesOf(codes);
    const areas = await areasText(
      services,
      codes.filter((c) => known.has(c)),
    );
    return formPage(reply, viewer, null, { values: { areas }, ...blank });
  });

  /** Saves a submission, or shows it again with what is wrong (the service's word included). */
  const save = async (
    request: FastifyRequest,
    reply: FastifyReply,
    group: SavedGroupRecord | null,
  ) => {
    const viewer = request.viewer as Viewer;
    const form = await readGroupForm(services, savedGroups.organisationsFor(viewer), request.body);
    if (!form.ok) return formPage(reply.code(400), viewer, group, form);
    try {
      const saved = group
        ? await savedGroups.update(actorOf(request, viewer), group.id, form.change)
        : await savedGroups.create(actorOf(request, viewer), form.change);
      return reply.redirect(`/account/groups?saved=${saved.id}`, 303);
    } catch (error) {
      if (!(error instanceof BadRequestError)) throw error;
      const errors = [fieldError(error.parameter ?? '', error.message)];
      const values = request.body as Record<string, string>;
      return formPage(reply.code(400), viewer, group, { values, errors, questions: [] });
    }
  };

  app.post('/account/groups', async (request, reply) => save(request, reply, null));

  app.get('/account/groups/:id/edit', async (request, reply) => {
    const viewer = request.viewer;
    if (!viewer) return reply.redirect(`/sign-in?next=/account/groups`, 303);
    const group = await savedGroups.changeable(viewer, idOf(request));
    const values = {
      name: group.name,
      visibility: group.visibility,
      organisation: group.organisationCode ?? '',
      areas: await areasText(services, group.codes),
    };
    return formPage(reply, viewer, group, { values, ...blank });
  });

  app.post('/account/groups/:id', async (request, reply) => {
    const group = await savedGroups.changeable(request.viewer as Viewer, idOf(request));
    return save(request, reply, group);
  });
}

function registerListPage(
  app: FastifyInstance,
  { savedGroups }: SavedGroupServices,
  accounts: AccountsService,
) {
  getWhenSignedIn(app, '/account/groups', async (reply, viewer) => {
    const groups = await savedGroups.visibleTo(viewer);
    const held = await accounts.memberships(viewer.userId);
    const named = new Map(held.map((m) => [m.organisation, m.organisationName]));
    const row = (g: SavedGroupRecord) => ({
      ...g,
      ref: savedRef(g),
      members: g.codes.length,
      seenBy:
        g.visibility === 'organisation'
          ? (named.get(g.organisationCode ?? '') ?? g.organisationCode)
          : visibilityWords[g.visibility],
      changeable: mayChangeShared(viewer, g),
    });
    const query = reply.request.query as Record<string, unknown>;
    const savedId = Number(query['saved']);
    return reply.render('saved-groups/views/groups.njk', {
      title: 'Saved groups of councils',
      activeNav: 'account',
      mayCreate: savedGroups.organisationsFor(viewer).length > 0,
      sections: [
        {
          title: 'Your groups',
          groups: groups.filter((g) => g.ownerUserId === viewer.userId).map(row),
        },
        {
          title: 'Your organisations’ groups',
          groups: groups
            .filter((g) => g.ownerUserId !== viewer.userId && g.visibility === 'organisation')
            .map(row),
        },
        {
          title: 'Public groups',
          groups: groups
            .filter((g) => g.ownerUserId !== viewer.userId && g.visibility === 'public')
            .map(row),
        },
      ],
      saved: groups.filter((g) => g.id === savedId).map(row)[0] ?? null,
      deleted: typeof query['deleted'] === 'string' ? query['deleted'] : null,
    });
  });
}

function registerDeletion(app: FastifyInstance, { savedGroups }: SavedGroupServices) {
  app.get('/account/groups/:id/delete', async (request, reply) => {
    const viewer = request.viewer;
    if (!viewer) return reply.redirect(`/sign-in?next=/account/groups`, 303);
    const group = await savedGroups.changeable(viewer, idOf(request));
    return reply.render('saved-groups/views/group-delete.njk', {
      title: `Delete ${group.name}`,
      activeNav: 'account',
      group: { ...group, members: group.codes.length },
    });
  });

  app.post('/account/groups/:id/delete', async (request, reply) => {
    const viewer = request.viewer as Viewer;
    const removed = await savedGroups.remove(actorOf(request, viewer), idOf(request));
    const name = new URLSearchParams({ deleted: removed.name }).toString();
    return reply.redirect(`/account/groups?${name}`, 303);
  });
}
