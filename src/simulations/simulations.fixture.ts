import type { z } from 'zod';
import { createServices } from '../app/services.ts';
import { AreasService } from '../areas/areas.service.ts';
import type { Database } from '../db/database.ts';
import { dataDir, loadContextData, type TestApp } from '../testing/app.ts';
import { openTestDatabase } from '../testing/database.ts';
import { newUser } from '../testing/fixtures.ts';
import { HttpBrowser } from '../testing/http-browser.ts';
import { sessionFor } from '../testing/signed-in.ts';
import type { simulationDefinition } from './simulation.schema.ts';

/**
 * A small definition as an editor would send it, for tests: two grouped services, one income
 * line, £1m to find within £50,000, and a council-tax lever of 1% steps up to 4.99%.
 */
export function exampleDefinition(): z.input<typeof simulationDefinition> {
  return {
    title: { en: 'Help us balance the budget', cy: 'Helpwch ni i fantoli’r gyllideb' },
    groups: [{ id: 'communities', name: { en: 'Communities' } }],
    services: [
      {
        id: 'libraries',
        group: 'communities',
        name: { en: 'Libraries', cy: 'Llyfrgelloedd' },
        baselinePounds: 4_000_000,
        minPercent: -30,
        maxPercent: 10,
        stepPercent: 5,
        consequences: [{ percent: -10, text: { en: 'Two libraries close on Saturdays' } }],
      },
      {
        id: 'parks',
        group: 'communities',
        name: { en: 'Parks' },
        baselinePounds: 3_000_000,
        minPercent: -20,
        maxPercent: 20,
        stepPercent: 10,
      },
    ],
    income: [
      {
        id: 'parking',
        name: { en: 'Parking charges' },
        baselinePounds: 2_500_000,
        minPercent: -10,
        maxPercent: 20,
        stepPercent: 10,
      },
    ],
    target: { kind: 'savings', pounds: 1_000_000 },
    tolerancePounds: 50_000,
    councilTax: {
      year: '2026/27',
      requirementPounds: 56_395_345,
      bandDPennies: 228_619,
      limitBasisPoints: 499,
      stepBasisPoints: 100,
    },
    aboutYou: [
      { kind: 'postcode-district', id: 'postcode', label: { en: 'Your postcode district' } },
      {
        kind: 'choice',
        id: 'age',
        label: { en: 'Your age' },
        options: [
          { id: 'under-35', label: { en: 'Under 35' } },
          { id: '35-64', label: { en: '35 to 64' } },
          { id: '65-and-over', label: { en: '65 and over' } },
        ],
      },
    ],
    consent: { en: 'We keep your answers for a year and publish only totals.' },
    comment: {
      label: {
        en: 'Anything else you’d like to tell us?',
        cy: 'Unrhyw beth arall yr hoffech ei ddweud wrthym?',
      },
      maxCharacters: 200,
    },
    opensAt: '2026-01-05T09:00:00Z',
    closesAt: '2026-02-16T17:00:00Z',
    branding: { logoUrl: null, colour: '#1d70b8' },
  };
}

/** A new simulation editor of Hartlepool, as the service's actor. */
export async function simulationEditor(database: Database) {
  const user = await newUser(database, { role: 'simulation-editor', organisation: 'E06000001' });
  return {
    viewer: {
      userId: user.id,
      memberships: [{ organisation: 'E06000001', role: 'simulation-editor' as const }],
    },
    email: user.email,
    address: null,
  };
}

/** A browser signed in as a new simulation editor of Hartlepool. */
export async function simulationEditorBrowser(test: TestApp): Promise<HttpBrowser> {
  const user = await newUser(test.database, {
    role: 'simulation-editor',
    organisation: 'E06000001',
  });
  const browser = new HttpBrowser(test.app);
  const [name, value] = (await sessionFor(test.database, user.id)).cookie.split('=');
  browser.cookies.set(name ?? '', value ?? '');
  return browser;
}

/** The hidden fields of a page's form: its token, version, idempotency key, start time. */
export function hiddenFields(html: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const match of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g))
    fields[match[1] ?? ''] = match[2] ?? '';
  return fields;
}

/**
 * The example simulation for Hartlepool, made by a new simulation editor and opened: open since
 * yesterday, closing in 30 days. Its address is `/simulations/<slug>`; the editor's user id
 * comes back.
 */
export async function openExampleSimulation(
  database: Database,
  slug: string,
  /** Changes the example before it is created, as a test needs. */
  change: (definition: z.input<typeof simulationDefinition>) => void = () => {},
): Promise<{ userId: number }> {
  const { simulations } = createServices(database);
  const editor = await simulationEditor(database);
  const definition = exampleDefinition();
  definition.opensAt = new Date(Date.now() - 86_400_000).toISOString();
  definition.closesAt = new Date(Date.now() + 30 * 86_400_000).toISOString();
  change(definition);
  await simulations.create(editor, { organisation: 'E06000001', slug, definition });
  await simulations.setOpen(editor, slug, true);
  return { userId: editor.viewer.userId };
}

/**
 * A balanced budget for the example simulation (libraries -25%) from a resident who gave the
 * postcode district TS24, recorded at `key` as if sent five minutes after the form was shown.
 */
export async function submitExampleBudget(database: Database, slug: string, key: string) {
  return createServices(database).simulations.submit({
    slug,
    version: 1,
    percents: { libraries: -25 },
    councilTaxBasisPoints: 0,
    aboutYou: { postcode: 'TS24' },
    startedAt: new Date(Date.now() - 300_000),
    idempotencyKey: key,
    source: `test ${key}`,
  });
}

/** The register and the MHCLG council tax workbooks, as the demo loads them (built once). */
export const openCouncilTaxDatabase = () =>
  openTestDatabase({
    name: 'council_tax',
    dataDir,
    build: async (built) => {
      await new AreasService(built.db).importRegister(dataDir);
      await loadContextData(built, ['mhclg-ctr']);
    },
  });
