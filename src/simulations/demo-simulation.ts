import type { z } from 'zod';
import type { CouncilTaxPrefill } from './council-tax.ts';
import type { simulationDefinition } from './simulation.schema.ts';

/** The demo simulation's council (Hartlepool, the demo account's) and address. */
export const demoSimulation = { organisation: 'E06000001', slug: 'hartlepool-budget-demo' };

/** How long the demo stays open from the day it is loaded. */
const demoOpenDays = 365;

type Line = z.input<typeof simulationDefinition>['services'][number];

const line = (
  id: string,
  name: string,
  baselinePounds: number,
  range: [number, number, number],
  consequences: [number, string][],
  group?: string,
): Line => ({
  id,
  ...(group ? { group } : {}),
  name: { en: name },
  baselinePounds,
  minPercent: range[0],
  maxPercent: range[1],
  stepPercent: range[2],
  consequences: consequences.map(([percent, en]) => ({ percent, text: { en } })),
});

/** Made-up services, amounts and consequences, each said to be illustrative. */
const demoServices: Line[] = [
  line(
    'adult-social-care',
    'Adult social care',
    48_000_000,
    [-10, 10, 2],
    [[-10, 'Fewer home care visits; longer waits for assessments (illustrative)']],
    'people',
  ),
  line(
    'childrens-services',
    'Children’s services',
    36_000_000,
    [-10, 10, 2],
    [[-10, 'Two children’s centres close (illustrative)']],
    'people',
  ),
  line(
    'libraries',
    'Libraries',
    2_400_000,
    [-30, 10, 5],
    [
      [-10, 'Two libraries close on Saturdays (illustrative)'],
      [-30, 'Three of five libraries close (illustrative)'],
    ],
    'places',
  ),
  line(
    'waste',
    'Bin collections and recycling',
    9_000_000,
    [-20, 10, 5],
    [[-20, 'General waste collected every three weeks (illustrative)']],
    'places',
  ),
  line(
    'parks',
    'Parks and open spaces',
    3_000_000,
    [-30, 20, 10],
    [[-30, 'Grass cut half as often; toilets in parks close (illustrative)']],
    'places',
  ),
];

const demoIncome: Line[] = [
  line(
    'parking',
    'Parking charges (illustrative)',
    2_000_000,
    [-10, 30, 10],
    [[30, 'An hour in a town centre car park costs £1.30 more (illustrative)']],
  ),
  line('fees', 'Fees and charges (illustrative)', 6_000_000, [-10, 20, 5], []),
];

/**
 * The demo's simulation for Hartlepool: its services, amounts and consequences made up (and
 * said to be), its council-tax lever the council's real figures from `lever`. Open from `now`.
 */
export function demoDefinition(
  lever: CouncilTaxPrefill,
  now: Date,
): z.input<typeof simulationDefinition> {
  const closes = new Date(now.getTime() + demoOpenDays * 86_400_000);
  return {
    title: { en: `Illustrative: balance Hartlepool’s budget for ${lever.year} (demo)` },
    introduction: {
      en:
        'This is a demonstration. The services, amounts and consequences are made up for ' +
        `illustration; the council tax figures are Hartlepool’s real ${lever.figuresYear} ` +
        'figures from the MHCLG council tax statistics. Find £2 million: cut or grow services, ' +
        'raise income or council tax.',
    },
    groups: [
      { id: 'people', name: { en: 'Care and support (illustrative)' } },
      { id: 'places', name: { en: 'Streets and neighbourhoods (illustrative)' } },
    ],
    services: demoServices,
    income: demoIncome,
    target: { kind: 'savings', pounds: 2_000_000 },
    tolerancePounds: 100_000,
    councilTax: {
      year: lever.year,
      requirementPounds: lever.requirementPounds,
      bandDPennies: lever.bandDPennies,
      limitBasisPoints: lever.limitBasisPoints,
      stepBasisPoints: 100,
      description: {
        en:
          `Hartlepool’s own council tax requirement and Band D for ${lever.figuresYear} ` +
          `(MHCLG); the limit follows the ${lever.principlesYear} referendum principles` +
          (lever.principlesAssumed ? `, the latest openlg holds for ${lever.year}.` : '.'),
      },
    },
    aboutYou: [
      { kind: 'postcode-district', id: 'postcode', label: { en: 'Your postcode district' } },
      {
        kind: 'choice',
        id: 'age',
        label: { en: 'Your age' },
        options: [
          { id: 'under-25', label: { en: 'Under 25' } },
          { id: '25-44', label: { en: '25 to 44' } },
          { id: '45-64', label: { en: '45 to 64' } },
          { id: '65-and-over', label: { en: '65 and over' } },
        ],
      },
    ],
    consent: {
      en: 'A demonstration: your answers are kept in this copy of openlg only, and counted.',
    },
    comment: { label: { en: 'Anything else you’d like to tell us?' }, maxCharacters: 1000 },
    opensAt: now.toISOString(),
    closesAt: closes.toISOString(),
    branding: { logoUrl: null, colour: '#1d70b8' },
  };
}
