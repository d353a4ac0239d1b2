import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Viewer } from '../accounts/accounts.service.ts';
import { actorOf } from '../accounts/actor.ts';
import { signInFirst } from '../accounts/next-path.ts';
import { mayAct } from '../accounts/roles.ts';
import type { Services } from '../app/services.ts';
import { principalCouncilTypes } from '../db/vocabulary.ts';
import { BadRequestError, NotFoundError } from '../shared/errors.ts';
import {
  fieldError,
  formErrorView,
  typedValues,
  type FieldError,
  type FormValues,
} from '../site/forms.ts';
import {
  councilTaxFrom,
  councilTaxValues,
  issueErrors,
  lineFrom,
  lineValues,
  newLineId,
  prefilledLever,
  questionFrom,
  questionValues,
  settingsValues,
  starterDefinition,
  withSettings,
  type Editing,
  type LineList,
} from './editor.form.ts';
import { ukTimeText } from '../uploads/london-time.ts';
import type { CouncilTaxPrefill, PrefillGap } from './council-tax.ts';
import { money } from './resident-text.ts';
import type { SimulationDefinition } from './simulation.schema.ts';
import { answerForm, languageOf, showForm, visitOf } from './simulations.pages.ts';
import { DefinitionRefused, type EditedSimulation } from './simulations.service.ts';

const base = '/account/simulations';
const slugParams = z.object({ slug: z.string().max(80) });
const lineParams = slugParams.extend({
  list: z.enum(['services', 'income']),
  id: z.string().max(80),
});

const stateNames = { draft: 'Draft', open: 'Open', closed: 'Closed' } as const;
const listNames = { services: 'service', income: 'income line' } as const;

function paramsOf<T extends z.ZodType>(schema: T, request: FastifyRequest): z.output<T> {
  const params = schema.safeParse(request.params);
  if (!params.success) throw new NotFoundError('Simulation', request.url);
  return params.data;
}

/** What a save does, said before the editor saves: in place, or a new version residents see. */
function saving(simulation: EditedSimulation): string | null {
  if (simulation.state === 'closed') return 'This simulation is closed: it can no longer change.';
  if (!simulation.opened) return null;
  return (
    `Residents have seen version ${simulation.version}. Saving makes version ` +
    `${simulation.version + 1}, which residents ${simulation.state === 'open' ? 'see from then on' : 'see when it opens'}; ` +
    `responses already given keep version ${simulation.version}.`
  );
}

/**
 * The simulation editors' pages (issue 21), without JavaScript: their councils' simulations,
 * creating one with the council-tax lever from the council's real figures, a page for each line
 * and one for the rest, the lever, a preview exactly as residents see it, opening and closing.
 * Registered in an account pages' scope: CSRF-checked, `private, no-store`; the service lets
 * only those with `edit-simulations` in the council's organisation (requireAccess) through.
 */
export function registerSimulationEditorPages(app: FastifyInstance, services: Services) {
  const { simulations } = services;
  const viewerOf = (request: FastifyRequest) => request.viewer as Viewer;
  const edited = (request: FastifyRequest, slug: string) =>
    simulations.forEditor(viewerOf(request), slug);

  app.get(base, async (request, reply) => {
    if (!request.viewer) return signInFirst(request, reply);
    const listed = await simulations.editableSimulations(request.viewer);
    const names = await services.areas.namesOf(listed.map((s) => s.organisation));
    return reply.render('simulations/views/editor-list.njk', {
      title: 'Your budget simulations',
      activeNav: 'account',
      simulations: listed.map((s) => ({
        slug: s.slug,
        title: s.definition.title.en,
        council: names.get(s.organisation) ?? s.organisation,
        state: stateNames[s.state],
        version: s.version,
        responses: s.responses.toLocaleString('en-GB'),
      })),
    });
  });

  registerCreation(app, services);
  registerOverview(app, services, edited);
  registerLinePages(app, services, edited);
  registerLineRemoval(app, services, edited);
  registerItemPages(app, services, edited, groupPages);
  registerItemRemoval(app, services, edited, groupPages);
  registerItemPages(app, services, edited, questionPages);
  registerItemRemoval(app, services, edited, questionPages);
  registerSettings(app, services, edited);
  registerCouncilTax(app, services, edited);

  app.get(`${base}/:slug/preview`, async (request, reply) => {
    if (!request.viewer) return signInFirst(request, reply);
    const simulation = await edited(request, paramsOf(slugParams, request).slug);
    return showForm(simulations, reply, simulation, previewPlace(request, simulation.slug));
  });
  app.post(`${base}/:slug/preview`, async (request, reply) => {
    const simulation = await edited(request, paramsOf(slugParams, request).slug);
    const hidden = visitOf(request.body);
    return answerForm(simulations, request, reply, simulation, {
      ...previewPlace(request, simulation.slug),
      hidden: { ...hidden, version: simulation.version },
    });
  });

  for (const [action, open] of [
    ['open', true],
    ['close', false],
  ] as const)
    app.post(`${base}/:slug/${action}`, async (request, reply) => {
      const { slug } = paramsOf(slugParams, request);
      await simulations.setOpen(actorOf(request, viewerOf(request)), slug, open);
      return reply.redirect(`${base}/${slug}?done=${action === 'open' ? 'opened' : 'closed'}`, 303);
    });
}

const previewPlace = (request: FastifyRequest, slug: string) => ({
  csrf: (request.viewer as Viewer).csrfToken,
  path: `${base}/${slug}/preview`,
  preview: true,
  language: languageOf(request),
});

type Edited = (request: FastifyRequest, slug: string) => Promise<EditedSimulation>;

/** The councils the viewer may set up simulations for: current principal councils. */
async function councilsFor({ areas }: Services, viewer: Viewer) {
  const councils = await areas.listAreas({ types: principalCouncilTypes, current: true });
  return councils.filter((c) => mayAct(viewer.memberships, 'edit-simulations', c.code));
}

function registerCreation(app: FastifyInstance, services: Services) {
  const { simulations } = services;
  const page = async (
    reply: FastifyReply,
    viewer: Viewer,
    values: FormValues,
    errors: FieldError[] = [],
  ) => {
    const councils = await councilsFor(services, viewer);
    const only = councils.length === 1 ? councils[0]?.code : undefined;
    const chosen = only ?? values.council;
    // With one council to choose, its lever's figures are known before the draft is made.
    const lever = only ? prefillView(await simulations.councilTaxPrefill(only)) : {};
    return reply.render('simulations/views/editor-create.njk', {
      title: 'Create a budget simulation',
      activeNav: 'account',
      values,
      ...lever,
      councilItems: [
        ...(councils.length === 1 ? [] : [{ value: '', text: 'Choose a council' }]),
        ...councils.map((c) => ({ value: c.code, text: c.shortName, selected: c.code === chosen })),
      ],
      ...formErrorView(errors),
    });
  };
  app.get(`${base}/new`, async (request, reply) => {
    if (!request.viewer) return signInFirst(request, reply);
    await simulations.editableSimulations(request.viewer);
    return page(reply, request.viewer, {});
  });
  app.post(`${base}/new`, async (request, reply) => {
    const viewer = request.viewer as Viewer;
    // Refused before the form is read: someone who may edit no simulation learns nothing here.
    await simulations.editableSimulations(viewer);
    const values = typedValues(request.body);
    const council = String(values.council ?? '');
    const slug = String(values.slug ?? '').trim();
    if (!(await councilsFor(services, viewer)).some((c) => c.code === council))
      return page(reply.code(400), viewer, values, [fieldError('council', 'Choose a council')]);
    const prefill = await simulations.councilTaxPrefill(council);
    const lever = 'year' in prefill ? prefilledLever(prefill) : null;
    const title = { en: String(values.titleEn ?? ''), cy: String(values.titleCy ?? '') };
    const definition = starterDefinition(title, lever, new Date());
    try {
      await simulations.create(actorOf(request, viewer), {
        organisation: council,
        slug,
        definition,
      });
    } catch (error) {
      const errors = creationErrors(error, definition);
      if (errors === null) throw error;
      return page(reply.code(400), viewer, values, errors);
    }
    return reply.redirect(`${base}/${slug}?done=created`, 303);
  });
}

/** A refused creation's problems on the create form's fields; null for any other error. */
function creationErrors(error: unknown, definition: SimulationDefinition): FieldError[] | null {
  if (error instanceof DefinitionRefused)
    return issueErrors({ part: 'settings' }, definition, error.issues);
  if (!(error instanceof BadRequestError)) return null;
  const field = error.parameter;
  if (field === 'slug')
    return [fieldError('slug', /already/.test(error.message) ? error.message : slugWords)];
  if (field === 'organisation') return [fieldError('council', error.message)];
  return null;
}

const slugWords =
  'Enter the address as lower-case words joined by hyphens, like budget-2026 (60 characters at most)';

function registerOverview(app: FastifyInstance, services: Services, edited: Edited) {
  app.get(`${base}/:slug`, async (request, reply) => {
    if (!request.viewer) return signInFirst(request, reply);
    const simulation = await edited(request, paramsOf(slugParams, request).slug);
    const definition = simulation.definition;
    const council = (await services.areas.namesOf([simulation.organisation])).get(
      simulation.organisation,
    );
    const lineRows = (list: LineList) =>
      definition[list].map((l) => ({
        href: `${base}/${simulation.slug}/${list}/${l.id}`,
        name: l.name.en,
        welsh: l.name.cy !== '',
        budget: money(l.baselinePounds * 100),
        range: `${l.minPercent}% to +${l.maxPercent}%, steps of ${l.stepPercent}%`,
        consequences: l.consequences.length,
      }));
    const done = String((request.query as Record<string, unknown>)['done'] ?? '');
    return reply.render('simulations/views/editor-overview.njk', {
      title: `Edit: ${definition.title.en}`,
      activeNav: 'account',
      simulation,
      council: council ?? simulation.organisation,
      state: stateNames[simulation.state],
      saving: saving(simulation),
      done: ['created', 'saved', 'opened', 'closed', 'removed'].includes(done) ? done : null,
      services: lineRows('services'),
      income: lineRows('income'),
      groups: definition.groups.map((g) => ({
        href: `${base}/${simulation.slug}/groups/${g.id}`,
        name: g.name.en,
      })),
      questions: definition.aboutYou.map((q) => ({
        href: `${base}/${simulation.slug}/questions/${q.id}`,
        name: q.label.en,
      })),
      target:
        definition.target.kind === 'balance'
          ? 'Balance the budget'
          : `Find ${money(definition.target.pounds * 100)}`,
      tolerance: money(definition.tolerancePounds * 100),
      lever: definition.councilTax,
      leverText: definition.councilTax && {
        bandD: money(definition.councilTax.bandDPennies),
        requirement: money(definition.councilTax.requirementPounds * 100),
        limit: `${definition.councilTax.limitBasisPoints / 100}%`,
      },
      opens: ukTimeText(new Date(definition.opensAt)),
      closes: ukTimeText(new Date(definition.closesAt)),
    });
  });
}

/** The definition with one line changed, added (index = the list's length) or removed. */
function withLine(
  definition: SimulationDefinition,
  list: LineList,
  index: number,
  line: SimulationDefinition['services'][number] | null,
): SimulationDefinition {
  const lines = [...definition[list]];
  if (line === null) lines.splice(index, 1);
  else lines[index] = line;
  return { ...definition, [list]: lines };
}

/**
 * Saves a changed definition through the service, which checks it whole; or the page again
 * with every problem the schema found, on the form's fields, and nothing changed.
 */
async function saveOrRefuse(
  request: FastifyRequest,
  services: Services,
  simulation: EditedSimulation,
  change: { editing: Editing; definition: SimulationDefinition },
): Promise<{ ok: true } | { ok: false; errors: FieldError[] }> {
  try {
    await services.simulations.edit(
      actorOf(request, request.viewer as Viewer),
      simulation.slug,
      change.definition,
    );
    return { ok: true };
  } catch (error) {
    if (error instanceof DefinitionRefused)
      return { ok: false, errors: issueErrors(change.editing, change.definition, error.issues) };
    // A closed simulation keeps its last version: said on the page, as any refusal is.
    if (error instanceof BadRequestError && error.parameter === 'state')
      return { ok: false, errors: [fieldError('', error.message)] };
    throw error;
  }
}

/** The line an address names (or where a new one goes), in the simulation the editor may edit. */
const lineLocator = (edited: Edited) => async (request: FastifyRequest) => {
  const { slug, list, id } = paramsOf(lineParams, request);
  const simulation = await edited(request, slug);
  if (id === 'new')
    return { simulation, list, id: null, index: simulation.definition[list].length };
  const index = simulation.definition[list].findIndex((l) => l.id === id);
  if (index < 0) throw new NotFoundError('Line', id);
  return { simulation, list, id, index };
};

function registerLinePages(app: FastifyInstance, services: Services, edited: Edited) {
  const page = (
    reply: FastifyReply,
    simulation: EditedSimulation,
    where: { list: LineList; id: string | null },
    values: FormValues,
    errors: FieldError[] = [],
  ) => {
    const path = `${base}/${simulation.slug}/${where.list}/${where.id ?? 'new'}`;
    const groups = simulation.definition.groups;
    return reply.render('simulations/views/editor-line.njk', {
      title: `${where.id === null ? 'Add' : 'Change'} ${
        where.list === 'services' ? 'a service' : 'an income line'
      }`,
      activeNav: 'account',
      simulation,
      list: where.list,
      action: path,
      remove: where.id === null ? null : `${path}/remove`,
      saving: saving(simulation),
      values,
      groupItems:
        where.list === 'services' && groups.length > 0
          ? [
              { value: '', text: 'None' },
              ...groups.map((g) => ({
                value: g.id,
                text: g.name.en,
                selected: values.group === g.id,
              })),
            ]
          : null,
      ...formErrorView(errors),
    });
  };
  const locate = lineLocator(edited);

  app.get(`${base}/:slug/:list/:id`, async (request, reply) => {
    if (!request.viewer) return signInFirst(request, reply);
    const { simulation, list, id, index } = await locate(request);
    const line = simulation.definition[list][index];
    const values = line ? lineValues(line) : { stepPercent: '5' };
    return page(reply, simulation, { list, id }, values);
  });
  app.post(`${base}/:slug/:list/:id`, async (request, reply) => {
    const { simulation, list, id, index } = await locate(request);
    const values = typedValues(request.body);
    const definition = simulation.definition;
    const taken = new Set([...definition.services, ...definition.income].map((l) => l.id));
    const lineId = id ?? newLineId(String(values.nameEn ?? ''), taken);
    const read = lineFrom(values, lineId);
    if (!read.ok) return page(reply.code(400), simulation, { list, id }, values, read.errors);
    const saved = await saveOrRefuse(request, services, simulation, {
      editing: { part: 'line', list, index },
      definition: withLine(definition, list, index, read.line),
    });
    if (!saved.ok) return page(reply.code(400), simulation, { list, id }, values, saved.errors);
    return reply.redirect(`${base}/${simulation.slug}?done=saved`, 303);
  });
}

function registerLineRemoval(app: FastifyInstance, services: Services, edited: Edited) {
  const locate = lineLocator(edited);
  const removePage = (
    reply: FastifyReply,
    simulation: EditedSimulation,
    where: { list: LineList; index: number },
    errors: FieldError[] = [],
  ) => {
    const line = simulation.definition[where.list][where.index];
    return reply.render('simulations/views/editor-remove.njk', {
      title: `Remove the ${listNames[where.list]} ${line?.name.en ?? ''}`,
      activeNav: 'account',
      simulation,
      name: line?.name.en ?? '',
      saving: saving(simulation),
      ...formErrorView(errors),
    });
  };
  app.get(`${base}/:slug/:list/:id/remove`, async (request, reply) => {
    if (!request.viewer) return signInFirst(request, reply);
    const { simulation, list, index, id } = await locate(request);
    if (id === null) throw new NotFoundError('Line', 'new');
    return removePage(reply, simulation, { list, index });
  });
  app.post(`${base}/:slug/:list/:id/remove`, async (request, reply) => {
    const { simulation, list, index, id } = await locate(request);
    if (id === null) throw new NotFoundError('Line', 'new');
    const saved = await saveOrRefuse(request, services, simulation, {
      editing: { part: 'whole' },
      definition: withLine(simulation.definition, list, index, null),
    });
    if (!saved.ok) return removePage(reply.code(400), simulation, { list, index }, saved.errors);
    return reply.redirect(`${base}/${simulation.slug}?done=removed`, 303);
  });
}

function registerSettings(app: FastifyInstance, services: Services, edited: Edited) {
  const page = (
    reply: FastifyReply,
    simulation: EditedSimulation,
    values: FormValues,
    errors: FieldError[] = [],
  ) =>
    reply.render('simulations/views/editor-settings.njk', {
      title: 'Change the title, target, dates and look',
      activeNav: 'account',
      simulation,
      saving: saving(simulation),
      values,
      ...formErrorView(errors),
    });
  app.get(`${base}/:slug/settings`, async (request, reply) => {
    if (!request.viewer) return signInFirst(request, reply);
    const simulation = await edited(request, paramsOf(slugParams, request).slug);
    return page(reply, simulation, settingsValues(simulation.definition));
  });
  app.post(`${base}/:slug/settings`, async (request, reply) => {
    const simulation = await edited(request, paramsOf(slugParams, request).slug);
    const values = typedValues(request.body);
    const read = withSettings(simulation.definition, values);
    if (!read.ok) return page(reply.code(400), simulation, values, read.errors);
    const saved = await saveOrRefuse(request, services, simulation, {
      editing: { part: 'settings' },
      definition: read.definition,
    });
    if (!saved.ok) return page(reply.code(400), simulation, values, saved.errors);
    return reply.redirect(`${base}/${simulation.slug}?done=saved`, 303);
  });
}

/** The lever's prefill as the pages show it, with where each figure came from; or its gap. */
function prefillView(prefill: CouncilTaxPrefill | PrefillGap) {
  if (!('year' in prefill)) return { prefill: null, gap: prefill };
  return {
    prefill: {
      ...prefill,
      requirement: money(prefill.requirementPounds * 100),
      bandD: money(prefill.bandDPennies),
      limit: `${prefill.limitBasisPoints / 100}%`,
      values: councilTaxValues(prefilledLever(prefill)),
    },
    gap: null,
  };
}

function registerCouncilTax(app: FastifyInstance, services: Services, edited: Edited) {
  const page = async (
    reply: FastifyReply,
    simulation: EditedSimulation,
    values: FormValues,
    errors: FieldError[] = [],
  ) => {
    const prefill = await services.simulations.councilTaxPrefill(simulation.organisation);
    return reply.render('simulations/views/editor-council-tax.njk', {
      title: 'Change the council tax lever',
      activeNav: 'account',
      simulation,
      saving: saving(simulation),
      ...prefillView(prefill),
      values,
      ...formErrorView(errors),
    });
  };
  app.get(`${base}/:slug/council-tax`, async (request, reply) => {
    if (!request.viewer) return signInFirst(request, reply);
    const simulation = await edited(request, paramsOf(slugParams, request).slug);
    return page(reply, simulation, councilTaxValues(simulation.definition.councilTax));
  });
  app.post(`${base}/:slug/council-tax`, async (request, reply) => {
    const simulation = await edited(request, paramsOf(slugParams, request).slug);
    const values = typedValues(request.body);
    const read = councilTaxFrom(values);
    if (!read.ok) return page(reply.code(400), simulation, values, read.errors);
    const saved = await saveOrRefuse(request, services, simulation, {
      editing: { part: 'council-tax' },
      definition: { ...simulation.definition, councilTax: read.lever },
    });
    if (!saved.ok) return page(reply.code(400), simulation, values, saved.errors);
    return reply.redirect(`${base}/${simulation.slug}?done=saved`, 303);
  });
}

type Group = SimulationDefinition['groups'][number];
type Question = SimulationDefinition['aboutYou'][number];

/** A list of the definition's other than its lines, edited an item a page as lines are. */
interface ItemPages<K extends 'groups' | 'aboutYou'> {
  key: K;
  segment: string;
  noun: string;
  template: string;
  part: 'group' | 'question';
  blank: FormValues;
  values: (item: SimulationDefinition[K][number]) => FormValues;
  from: (values: FormValues, id: string) => SimulationDefinition[K][number];
  /** The field whose English words a new item's id is made from. */
  named: string;
}

const groupPages: ItemPages<'groups'> = {
  key: 'groups',
  segment: 'groups',
  noun: 'group of services',
  template: 'simulations/views/editor-group.njk',
  part: 'group',
  blank: {},
  values: (group: Group) => ({ nameEn: group.name.en, nameCy: group.name.cy }),
  from: (values, id) => ({
    id,
    name: { en: String(values.nameEn ?? '').trim(), cy: String(values.nameCy ?? '').trim() },
  }),
  named: 'nameEn',
};

const questionPages: ItemPages<'aboutYou'> = {
  key: 'aboutYou',
  segment: 'questions',
  noun: '“about you” question',
  template: 'simulations/views/editor-question.njk',
  part: 'question',
  blank: { kind: 'choice' },
  values: (question: Question) => questionValues(question),
  from: questionFrom,
  named: 'labelEn',
};

function withItem<K extends 'groups' | 'aboutYou'>(
  definition: SimulationDefinition,
  key: K,
  index: number,
  item: SimulationDefinition[K][number] | null,
): SimulationDefinition {
  const items: SimulationDefinition[K][number][] = [...definition[key]];
  if (item === null) items.splice(index, 1);
  else items[index] = item;
  return { ...definition, [key]: items };
}

/** Finding an item an address names (or where a new one goes), and saving a list changed. */
function itemHandling<K extends 'groups' | 'aboutYou'>(
  services: Services,
  edited: Edited,
  kind: ItemPages<K>,
) {
  const locate = async (request: FastifyRequest) => {
    const { slug, id } = paramsOf(slugParams.extend({ id: z.string().max(80) }), request);
    const simulation = await edited(request, slug);
    const items: readonly { id: string }[] = simulation.definition[kind.key];
    if (id === 'new') return { simulation, id: null, index: items.length };
    const index = items.findIndex((item) => item.id === id);
    if (index < 0) throw new NotFoundError(kind.noun, id);
    return { simulation, id, index };
  };
  const save = async (
    request: FastifyRequest,
    simulation: EditedSimulation,
    index: number,
    item: SimulationDefinition[K][number] | null,
  ) =>
    saveOrRefuse(request, services, simulation, {
      editing: item === null ? { part: 'whole' } : { part: kind.part, index },
      definition: withItem(simulation.definition, kind.key, index, item),
    });
  return { locate, save };
}

function registerItemPages<K extends 'groups' | 'aboutYou'>(
  app: FastifyInstance,
  services: Services,
  edited: Edited,
  kind: ItemPages<K>,
) {
  const at = `${base}/:slug/${kind.segment}/:id`;
  const page = (
    reply: FastifyReply,
    simulation: EditedSimulation,
    id: string | null,
    values: FormValues,
    errors: FieldError[] = [],
  ) => {
    const path = `${base}/${simulation.slug}/${kind.segment}/${id ?? 'new'}`;
    return reply.render(kind.template, {
      title: `${id === null ? 'Add' : 'Change'} a ${kind.noun}`,
      activeNav: 'account',
      simulation,
      action: path,
      remove: id === null ? null : `${path}/remove`,
      saving: saving(simulation),
      values,
      ...formErrorView(errors),
    });
  };
  const { locate, save } = itemHandling(services, edited, kind);

  app.get(at, async (request, reply) => {
    if (!request.viewer) return signInFirst(request, reply);
    const { simulation, id, index } = await locate(request);
    const item = simulation.definition[kind.key][index];
    return page(reply, simulation, id, item ? kind.values(item) : kind.blank);
  });
  app.post(at, async (request, reply) => {
    const { simulation, id, index } = await locate(request);
    const values = typedValues(request.body);
    const items: readonly { id: string }[] = simulation.definition[kind.key];
    const taken = new Set(items.map((item) => item.id));
    const itemId = id ?? newLineId(String(values[kind.named] ?? ''), taken);
    const saved = await save(request, simulation, index, kind.from(values, itemId));
    if (!saved.ok) return page(reply.code(400), simulation, id, values, saved.errors);
    return reply.redirect(`${base}/${simulation.slug}?done=saved`, 303);
  });
}

function registerItemRemoval<K extends 'groups' | 'aboutYou'>(
  app: FastifyInstance,
  services: Services,
  edited: Edited,
  kind: ItemPages<K>,
) {
  const at = `${base}/:slug/${kind.segment}/:id`;
  const { locate, save } = itemHandling(services, edited, kind);
  const removePage = (
    reply: FastifyReply,
    simulation: EditedSimulation,
    index: number,
    errors: FieldError[] = [],
  ) => {
    const item = simulation.definition[kind.key][index];
    const name = item && ('name' in item ? item.name.en : item.label.en);
    return reply.render('simulations/views/editor-remove.njk', {
      title: `Remove the ${kind.noun} ${name ?? ''}`,
      activeNav: 'account',
      simulation,
      name: name ?? '',
      saving: saving(simulation),
      ...formErrorView(errors),
    });
  };
  app.get(`${at}/remove`, async (request, reply) => {
    if (!request.viewer) return signInFirst(request, reply);
    const { simulation, id, index } = await locate(request);
    if (id === null) throw new NotFoundError(kind.noun, 'new');
    return removePage(reply, simulation, index);
  });
  app.post(`${at}/remove`, async (request, reply) => {
    const { simulation, id, index } = await locate(request);
    if (id === null) throw new NotFoundError(kind.noun, 'new');
    const saved = await save(request, simulation, index, null);
    if (!saved.ok) return removePage(reply.code(400), simulation, index, saved.errors);
    return reply.redirect(`${base}/${simulation.slug}?done=removed`, 303);
  });
}
