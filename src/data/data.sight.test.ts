import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { AccountsService } from '../accounts/accounts.service.ts';
import { ApiKeysService } from '../accounts/api-keys.service.ts';
import { ClubsService } from '../accounts/clubs.service.ts';
import { buildApp } from '../app/app.ts';
import { createServices } from '../app/services.ts';
import { loadConfig } from '../config/config.ts';
import type { Database } from '../db/database.ts';
import type { TestUser } from '../accounts/accounts.fixture.ts';
import type { PublicationChoice } from '../imports/imports.service.ts';
import { dataDir, openRegisterDatabase } from '../testing/app.ts';
import { newOrganisation, newUser } from '../testing/fixtures.ts';
import { importValues, lodgeValues } from '../testing/values.ts';

/*
 * Issue 17: with a key, the data API answers what its holder may see. Hartlepool's steward
 * lodges next year's figures under embargo and a revision of this year's; Darlington's analyst
 * (another council) sees only the public's; a club shares restricted figures with its members.
 */
const operator = { userId: null, actor: 'test', origin: null };
const hartlepool = 'E06000001';
const darlington = 'E06000005';
const stockton = 'E06000004';
const later = () => new Date(Date.now() + 86_400_000);

describe('what a key sees of data not yet public', () => {
  let database: Database;
  let app: FastifyInstance;
  let accounts: AccountsService;
  let lodger: TestUser;
  const keys: Record<'steward' | 'neighbour' | 'member', string> = {
    steward: '',
    neighbour: '',
    member: '',
  };

  async function keyFor(organisation: string, role: 'data-steward' | 'analyst') {
    const user = await newUser(database, { organisation, role });
    return (await new ApiKeysService(database.db).create(user.email, 'Test', operator)).key;
  }

  /** Values Hartlepool's steward lodges, as the upload page would. */
  async function lodge(
    slug: string,
    period: string,
    values: Record<string, number>,
    publication: PublicationChoice,
    audience: readonly number[] = [],
  ) {
    return lodgeValues(database, slug, period, values, {
      organisation: hartlepool,
      user: lodger,
      publication,
      audience,
    });
  }

  before(async () => {
    database = await openRegisterDatabase();
    app = await buildApp(
      loadConfig({ LOG_LEVEL: 'silent', OPENLG_DATA_DIR: dataDir, OPENLG_RATE_LIMIT: '0' }),
      createServices(database),
    );
    accounts = new AccountsService(database.db, { idleSeconds: 3600, maxSeconds: 43_200 });
    lodger = await newUser(database, { organisation: hartlepool, role: 'data-steward' });
    keys.steward = await keyFor(hartlepool, 'data-steward');
    keys.neighbour = await keyFor(darlington, 'analyst');
    keys.member = await keyFor(stockton, 'analyst');
    const club = await newOrganisation(database, { code: 'tees-club', name: 'Tees club' });
    await new ClubsService(database.db, accounts).join(club.code, stockton, {
      userId: null,
      actor: 'test',
      address: null,
    });
    await importValues(database, 'sight-rate', '2023', { [hartlepool]: 1, [darlington]: 2 });
    await lodge(
      'sight-rate',
      '2024',
      { [hartlepool]: 10, [darlington]: 20 },
      {
        state: 'embargoed',
        until: later(),
      },
    );
    await lodge('sight-rate', '2023', { [hartlepool]: 5 }, { state: 'embargoed', until: later() });
    await lodge('club-rate', '2024', { [hartlepool]: 7 }, { state: 'restricted', until: later() }, [
      club.id,
    ]);
  });
  after(async () => {
    await app.close();
    await database.close();
  });

  async function values(query: string, key?: string) {
    const response = await app.inject({
      method: 'GET',
      url: `/api/v1/data?${query}`,
      headers: key ? { authorization: `Bearer ${key}` } : {},
    });
    if (response.statusCode === 500) assert.fail(response.body);
    if (response.statusCode !== 200) return response.statusCode;
    return response
      .json()
      .observations.map(
        (o: { area: string; period: string; value: number }) =>
          `${o.area} ${o.period.slice(0, 4)} ${o.value}`,
      );
  }

  const both = `metric=sight-rate&area=${hartlepool},${darlington}`;

  it('shows the public, and anyone else, only what is public', async () => {
    for (const key of [undefined, keys.neighbour, keys.member]) {
      assert.deepEqual(await values(both, key), [`${hartlepool} 2023 1`, `${darlington} 2023 2`]);
      assert.equal(await values(`${both}&period=2024-01-01/P1Y`, key), 404);
    }
    assert.equal(await values(`metric=club-rate&area=${hartlepool}`), 404);
    assert.equal(await values(`metric=club-rate&area=${hartlepool}`, keys.neighbour), 404);
  });

  it('shows the lodging council its own embargoed values and revisions', async () => {
    assert.deepEqual(await values(both, keys.steward), [
      `${hartlepool} 2024 10`,
      `${darlington} 2024 20`,
    ]);
    assert.deepEqual(await values(`${both}&period=2023-01-01/P1Y`, keys.steward), [
      `${hartlepool} 2023 5`,
      `${darlington} 2023 2`,
    ]);
    assert.deepEqual(
      await values(`${both}&period=2023-01-01/P1Y&asOf=${new Date().toISOString()}`),
      [`${hartlepool} 2023 1`, `${darlington} 2023 2`],
    );
  });

  it('shows restricted values to the councils of the club they are shared with', async () => {
    const club = `metric=club-rate&area=${hartlepool}`;
    assert.deepEqual(await values(club, keys.member), [`${hartlepool} 2024 7`]);
    assert.deepEqual(await values(club, keys.steward), [`${hartlepool} 2024 7`]);
  });

  it('writes each keyed read of unpublished data to the audit trail', async () => {
    const csv = await app.inject({
      method: 'GET',
      url: `/api/v1/data?${both}&format=csv`,
      headers: { authorization: `Bearer ${keys.steward}` },
    });
    assert.match(csv.body, /2024.*,10,/);
    assert.equal(csv.headers['cache-control'], 'private, no-store');
    const events = await database.db
      .selectFrom('audit_events')
      .select(['action', 'subject'])
      .where('action', '=', 'api-key-read-unpublished')
      .execute();
    assert.ok(events.some((e) => e.subject?.includes('format=csv')));
  });

  it('publishes restricted values when the restriction ends', async () => {
    const ends = new Date(Date.now() + 1500);
    await lodge('ending-rate', '2024', { [hartlepool]: 3 }, { state: 'restricted', until: ends });
    const query = `metric=ending-rate&area=${hartlepool}`;
    assert.equal(await values(query), 404);
    await new Promise((resolve) => setTimeout(resolve, ends.getTime() - Date.now() + 200));
    assert.deepEqual(await values(query), [`${hartlepool} 2024 3`]);
  });
});
