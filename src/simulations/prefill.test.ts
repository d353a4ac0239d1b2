import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createServices } from '../app/services.ts';
import type { Database } from '../db/database.ts';
import { openRegisterDatabase } from '../testing/app.ts';
import { openCouncilTaxDatabase } from './simulations.fixture.ts';
import type { SimulationsService } from './simulations.service.ts';

/*
 * The council-tax lever prefilled from the real MHCLG figures the demo loads, read through the
 * data service: the test checks them against the workbooks' own figures for Hartlepool.
 */
describe('the council-tax lever from the real figures', () => {
  let database: Database;
  let simulations: SimulationsService;

  before(async () => {
    database = await openCouncilTaxDatabase();
    simulations = createServices(database).simulations;
  });
  after(() => database.close());

  // The figures in council_tax_requirement_band_d_2014-15_to_2022-23.csv, 2022-23, beside the
  // workbooks: requirement, parish precepts and Band D without them.
  it('reads a unitary council’s own requirement and Band D, for the year after', async () => {
    assert.deepEqual(await simulations.councilTaxPrefill('E06000001'), {
      year: '2023/24',
      figuresYear: '2022/23',
      // Hartlepool: £45,844,675 less £56,675 of parish precepts
      requirementPounds: 45_788_000,
      bandDPennies: 183_681,
      limitBasisPoints: 499,
      principlesYear: '2023/24',
      principlesSource:
        'Referendums relating to council tax increases (principles) (England) Report 2023/24',
      principlesAssumed: false,
    });
  });

  it('takes a county’s own Band D, and a district’s £5 where it is more', async () => {
    const kent = await simulations.councilTaxPrefill('E10000016');
    assert.ok('year' in kent);
    assert.deepEqual(
      [kent.requirementPounds, kent.bandDPennies, kent.limitBasisPoints],
      [823_094_413, 146_124, 499],
    );
    // Arun: £17,403,883 less £5,024,112 of parish precepts; 2.99% is more than £5 on £196.47
    const arun = await simulations.councilTaxPrefill('E07000224');
    assert.ok('year' in arun);
    assert.deepEqual(
      [arun.requirementPounds, arun.bandDPennies, arun.limitBasisPoints],
      [12_379_771, 19_647, 299],
    );
    // Basingstoke and Deane: £5 on £136.42 is 3.66%
    const basingstoke = await simulations.councilTaxPrefill('E07000084');
    assert.ok('year' in basingstoke);
    assert.deepEqual([basingstoke.bandDPennies, basingstoke.limitBasisPoints], [13_642, 366]);
  });

  it('says which authorities the principles here do not cover', async () => {
    assert.deepEqual(await simulations.councilTaxPrefill('E31000022'), {
      kind: 'type-not-covered',
      type: 'fire-and-rescue-authority',
    });
  });
});

describe('the demo simulation', () => {
  it('opens once for Hartlepool with its real council-tax figures', async () => {
    const database = await openCouncilTaxDatabase();
    try {
      const { simulations } = createServices(database);
      assert.ok((await simulations.loadDemo()) !== null);
      assert.equal(await simulations.loadDemo(), null);
      const demo = await simulations.published('hartlepool-budget-demo');
      assert.deepEqual(
        [demo.state, demo.illustrative, demo.organisation, demo.version],
        ['open', true, 'E06000001', 1],
      );
      assert.match(demo.definition.title.en, /^Illustrative: /);
      assert.deepEqual(
        demo.definition.councilTax && [
          demo.definition.councilTax.requirementPounds,
          demo.definition.councilTax.bandDPennies,
        ],
        [45_788_000, 183_681],
      );
      const submitted = await simulations.submit({
        slug: 'hartlepool-budget-demo',
        version: 1,
        // £960,000 + £120,000 saved, £915,760 raised at 2%: £4,240 short of £2m
        percents: { 'adult-social-care': -2, libraries: -5 },
        councilTaxBasisPoints: 200,
        startedAt: new Date(Date.now() - 60_000),
        idempotencyKey: 'demo-first-response',
        source: 'test',
      });
      assert.equal(submitted.stillToFindPennies, 424_000);
    } finally {
      await database.close();
    }
  });
});

describe('the council-tax lever on a copy without the council tax data', () => {
  it('says there are no figures', async () => {
    const database = await openRegisterDatabase();
    try {
      assert.deepEqual(await createServices(database).simulations.councilTaxPrefill('E06000001'), {
        kind: 'no-figures',
      });
    } finally {
      await database.close();
    }
  });
});
