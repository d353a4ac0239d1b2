import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import JSZip from 'jszip';
import { svgToPng } from '../charts/rasterise.ts';
import { createServices } from './services.ts';
import { GroupsService } from '../groups/groups.service.ts';
import { officerPeerRow } from '../testing/peer-challenges.ts';
import { dataDir, openTestApp, type TestApp } from '../testing/app.ts';
import { importValues } from '../testing/values.ts';
import { ApiKeysService } from '../accounts/api-keys.service.ts';
import { AccountsService } from '../accounts/accounts.service.ts';
import { ClubsService } from '../accounts/clubs.service.ts';
import { roles } from '../accounts/roles.ts';
import { keepFlags } from '../early-warning/early-warning.repository.ts';
import { insertChallenges } from '../peer-challenge/peer-challenge.repository.ts';
import { insertPeers } from '../peer-challenge/peer-pool.repository.ts';
import { samplePdf } from '../peer-challenge/documents.testing.ts';
import type { PageActor } from '../accounts/actor.ts';
import type { Role } from '../accounts/roles.ts';
import type { ChallengeState } from '../peer-challenge/vocabulary.ts';
import { insertResponses } from '../peer-challenge/feedback.repository.ts';
import {
  exampleDefinition,
  openExampleSimulation,
  submitExampleBudget,
} from '../simulations/simulations.fixture.ts';
import { newUser } from '../testing/fixtures.ts';
import { confirmTwoFactor, sessionFor } from '../testing/signed-in.ts';

/*
 * The access matrix: what the public may not see (embargoed and restricted values, metrics,
 * periods and definitions) never shows through any page, API answer, format, download, search
 * or error message, and a hidden thing is answered exactly as a thing that does not exist.
 * Issue 13, findings 2, 3, 4, 6 and 10 together.
 */
const future = { state: 'embargoed', until: new Date(Date.now() + 86_400_000) } as const;
const restricted = { state: 'restricted' } as const;

/** The public addresses of a peer challenge's published documents. */
const publicPagesOf = (id: number) =>
  ['report', 'action-plan', 'position-statement'].map((k) => `/peer-challenge/reports/${id}/${k}`);

/** Text that only hidden imports wrote: none of it may reach the public. */
const secrets = ['Zebra', '987654', '666666', 'secret-embargoed', 'secret-restricted', '2031'];

const areas = 'E06000001,E06000002';
const formats = ['json', 'csv', 'jsonstat', 'csvw', 'xlsx'] as const;
const dataQueries = [
  `metric=public-measure&area=${areas}&period=2000-01-01/P1Y..`,
  `metric=*&area=E06000001&period=latest`,
  `metric=public-measure&areaType=unitary&period=latest&include=rank,benchmark,ci,status`,
  `metric=public-measure&area=${areas}&asOf=2999-01-01`,
];

/** The unitaries' group: every profile, chart and group download compares with one. */
const unitaries = 'type:unitary';
const charts = ['ranked', 'over-time', 'map'].map(
  (chart) => `/metrics/public-measure/charts/${chart}.svg?area=E06000001`,
);

/**
 * The addresses that need the groups the app builds at start: each must answer with its content
 * (200), for a crawl that only reads "not found" proves nothing.
 */
const groupCrawl = [
  '/areas/E06000001.csv',
  '/areas/E06000001.xlsx',
  `/areas/E06000001?group=${unitaries}&format=csv`,
  `/areas/E06000001?group=dfe-sn:e06000001&format=xlsx`,
  '/areas/E06000001/neighbours?model=dfe-statistical-neighbours',
  ...charts,
  ...charts.map((url) => `${url}&group=${unitaries}`),
  `/compare?group=${unitaries}&metrics=public-measure`,
  `/compare.csv?group=${unitaries}&metrics=public-measure`,
  `/compare.xlsx?group=${unitaries}&metrics=public-measure`,
  `/api/v1/compare?metric=public-measure&area=E06000001&group=${unitaries}`,
];

/** Every public address that could carry something of the fixture's metrics. */
const crawl = [
  '/',
  '/metrics',
  '/metrics?q=zebra',
  '/metrics/public-measure',
  '/metrics/public-measure?area=E06000001',
  '/areas/E06000001',
  '/areas?q=zebra',
  '/areas?q=secret',
  '/search?q=zebra',
  '/search?q=secret',
  '/api/v1/search?q=zebra',
  '/api/v1/search?q=secret',
  '/metrics/public-measure?type=unitary',
  '/metrics/public-measure.csv',
  '/metrics/public-measure.xlsx?type=unitary&sort=name',
  `/compare?areas=${areas}&metrics=public-measure`,
  `/compare.csv?areas=${areas}&metrics=public-measure`,
  `/compare.xlsx?areas=${areas}&metrics=public-measure`,
  '/api/v1/metrics',
  '/api/v1/metrics?q=zebra',
  '/api/v1/metrics?q=secret',
  '/api/v1/metrics/public-measure',
  `/api/v1/compare?metric=public-measure&area=E06000001&group=custom:${areas}`,
  '/api/v1/bulk/all.csv',
  '/api/v1/bulk/catalogue.csv',
  '/api/v1/bulk/metrics/public-measure.csv',
  '/api/v1/imports',
  ...groupCrawl,
  ...dataQueries.flatMap((q) => formats.map((f) => `/api/v1/data?${q}&format=${f}`)),
];

/** What a person or program reads of an answer: its text, or every file inside a workbook. */
async function readable(response: { headers: Record<string, unknown>; rawPayload: Buffer }) {
  const type = String(response.headers['content-type'] ?? '');
  if (!type.includes('spreadsheetml')) return response.rawPayload.toString('utf8');
  const zip = await JSZip.loadAsync(response.rawPayload);
  const parts = await Promise.all(Object.values(zip.files).map((file) => file.async('string')));
  return parts.join('\n');
}

/**
 * A session for someone holding each role in the national programme (`lga`) and in Hartlepool,
 * labelled "<role> of <organisation>", beside the anonymous reader (null).
 */
async function everyRoleSignedIn(db: TestApp['database']) {
  const who: Record<string, { cookie: string; csrf: string } | null> = { anonymous: null };
  for (const organisation of ['lga', 'E06000001'])
    for (const role of roles) {
      const user = await newUser(db, { role, organisation });
      if (role === 'administrator') await confirmTwoFactor(db, user.id);
      who[`${role} of ${organisation}`] = await sessionFor(db, user.id);
    }
  return who;
}

describe('the access matrix', () => {
  let t: TestApp;
  const get = (url: string) => t.app.inject({ method: 'GET', url });
  const withoutNonces = (text: string) => text.replaceAll(/nonce="[^"]*"/g, '');
  /**
   * Its owner reads `read.url`, privately; anyone else gets exactly what the same address naming
   * something that does not exist gets (`ref` there is `unknownRef`), and none of `secrets`.
   */
  const assertOwnerOnly = async (
    read: { url: string; headers: Record<string, string>; owner: boolean; label: string },
    missing: { url: string; ref: string; unknownRef: string },
    secrets: readonly string[],
  ) => {
    const where = `${read.label} ${read.url}`;
    const response = await t.app.inject({ method: 'GET', url: read.url, headers: read.headers });
    if (read.owner) {
      assert.ok(response.statusCode < 300, `${where}: ${response.statusCode}`);
      assert.equal(response.headers['cache-control'], 'private, no-store', where);
      return;
    }
    const text = await readable(response);
    const absent = await t.app.inject({ method: 'GET', url: missing.url, headers: read.headers });
    assert.equal(response.statusCode, absent.statusCode, where);
    assert.equal(
      withoutNonces(text).replaceAll(missing.ref, 'X'),
      withoutNonces(await readable(absent)).replaceAll(missing.unknownRef, 'X'),
      where,
    );
    for (const secret of secrets) assert.ok(!text.includes(secret), `${where}: ${secret}`);
  };

  before(async () => {
    // Every role reads every address within the minute: no rate limit to run into.
    t = await openTestApp(undefined, { OPENLG_RATE_LIMIT: '0' });
    const db = t.database;
    await importValues(db, 'public-measure', '2023', { E06000001: 10, E06000002: 20 });
    // A period that only a hidden import holds, a revision under embargo that also redefines
    // the metric, and a metric wholly withdrawn by a restricted import.
    await importValues(db, 'public-measure', '2031', { E06000001: 31 }, { publication: future });
    await importValues(
      db,
      'public-measure',
      '2023',
      { E06000001: 987654, E06000002: 20 },
      { publication: future },
      { title: 'Zebra redefined', description: 'Zebra' },
    );
    await importValues(db, 'withdrawn-measure', '2023', { E06000001: 5 });
    await importValues(
      db,
      'withdrawn-measure',
      '2023',
      { E06000001: 666666 },
      {
        publication: restricted,
      },
    );
    await importValues(
      db,
      'secret-embargoed',
      '2023',
      { E06000001: 1 },
      { publication: future },
      {
        title: 'Zebra embargoed',
      },
    );
    await importValues(
      db,
      'secret-restricted',
      '2023',
      { E06000001: 1 },
      {
        publication: restricted,
      },
      { title: 'Zebra restricted' },
    );
    // The groups, as `openlg serve` builds them at start: the profile, chart and group
    // downloads compare with them, and answer 404 without.
    await new GroupsService(db.db).ensureGroups(dataDir);
  });
  after(() => t.close());

  it('shows the public what it saw before the hidden imports', async () => {
    const answer = await get(
      `/api/v1/data?metric=public-measure&area=${areas}&period=2023-01-01/P1Y`,
    );
    assert.equal(answer.statusCode, 200, answer.body);
    const json = answer.json();
    assert.deepEqual(
      json.observations.map((o: { area: string; value: number }) => [o.area, o.value]),
      [
        ['E06000001', 10],
        ['E06000002', 20],
      ],
    );
    assert.equal(json.metrics[0].title, 'Test public-measure');
  });

  it('never lets hidden text through any page, answer, format or download', async () => {
    for (const url of crawl) {
      const response = await get(url);
      assert.ok(response.statusCode < 500, `${url}: ${response.statusCode}`);
      const text = await readable(response);
      for (const secret of secrets)
        assert.ok(!text.includes(secret), `${url} (${response.statusCode}) shows "${secret}"`);
    }
  });

  it('reaches every group download and chart, not their "not found"', async () => {
    for (const url of groupCrawl) {
      const response = await get(url);
      assert.equal(response.statusCode, 200, `${url}: ${response.body.slice(0, 300)}`);
    }
  });

  it('draws each chart PNG from exactly the SVG the crawl read', async () => {
    // A PNG's text cannot be searched: it is the SVG drawn, pixel for pixel, so the SVG's
    // text is the PNG's. Rasterising takes seconds: the ranked chart (every value) is redrawn.
    for (const url of charts) {
      const png = await get(url.replace('.svg', '.png'));
      assert.equal(png.statusCode, 200, url);
      assert.equal(png.headers['content-type'], 'image/png', url);
      if (!url.includes('ranked')) continue;
      const svg = await get(url);
      assert.ok(png.rawPayload.equals(Buffer.from(await svgToPng(svg.body))), url);
    }
  });

  it('answers a hidden metric exactly as a metric that does not exist', async () => {
    const lookups = [
      (slug: string) => `/metrics/${slug}`,
      (slug: string) => `/api/v1/metrics/${slug}`,
      (slug: string) => `/api/v1/data?metric=${slug}&area=E06000001`,
      (slug: string) => `/api/v1/data?metric=${slug}&area=E06000001&format=csv`,
      (slug: string) => `/api/v1/bulk/metrics/${slug}.csv`,
      (slug: string) => `/compare?areas=${areas}&metrics=${slug}`,
      (slug: string) => `/api/v1/compare?metric=${slug}&area=E06000001`,
    ];
    for (const lookup of lookups) {
      const unknown = await get(lookup('no-such-measure'));
      for (const slug of ['secret-embargoed', 'secret-restricted', 'withdrawn-measure']) {
        const hidden = await get(lookup(slug));
        assert.equal(hidden.statusCode, unknown.statusCode, lookup(slug));
        assert.equal(
          withoutNonces(hidden.body).replaceAll(slug, 'X'),
          withoutNonces(unknown.body).replaceAll('no-such-measure', 'X'),
          lookup(slug),
        );
      }
    }
  });

  it('answers a period only hidden values hold exactly as a period that does not exist', async () => {
    const lookups = [
      (period: string) => `/api/v1/data?metric=public-measure&area=E06000001&period=${period}`,
      (period: string) => `/api/v1/compare?metric=public-measure&area=E06000001&period=${period}`,
      (period: string) => `/metrics/public-measure?period=${period}`,
    ];
    for (const lookup of lookups) {
      const hidden = await get(lookup('2031-01-01/P1Y'));
      const unknown = await get(lookup('2032-01-01/P1Y'));
      assert.equal(hidden.statusCode, unknown.statusCode, lookup('2031-01-01/P1Y'));
      assert.equal(
        withoutNonces(hidden.body).replaceAll('2031', 'X'),
        withoutNonces(unknown.body).replaceAll('2032', 'X'),
        lookup('2031-01-01/P1Y'),
      );
    }
  });
  it('lets only an administrator read the audit trail or run collections, the owner see their keys', async () => {
    const db = t.database;
    const keys = new ApiKeysService(db.db);
    const made = { userId: null, actor: 'test', origin: null };
    const admin = await newUser(db, { role: 'administrator' });
    await confirmTwoFactor(db, admin.id);
    const steward = await newUser(db, { role: 'data-steward', organisation: 'E06000001' });
    const as = {
      anonymous: { cookie: '', key: '' },
      steward: {
        cookie: (await sessionFor(db, steward.id)).cookie,
        key: (await keys.create(steward.email, 'Steward', made)).key,
      },
      admin: {
        cookie: (await sessionFor(db, admin.id)).cookie,
        key: (await keys.create(admin.email, 'Admin', made)).key,
      },
    };
    const expected = {
      '/admin/audit': { anonymous: 303, steward: 403, admin: 200 },
      '/api/v1/audit': { anonymous: 401, steward: 403, admin: 200 },
      '/account/api-keys': { anonymous: 303, steward: 200, admin: 200 },
      '/admin/collections': { anonymous: 303, steward: 403, admin: 200 },
      '/admin/collections/new': { anonymous: 303, steward: 403, admin: 200 },
      '/organisations/E06000001/collections': { anonymous: 303, steward: 200, admin: 200 },
      '/organisations/E06000002/collections': { anonymous: 303, steward: 403, admin: 200 },
    } as const;
    for (const [url, statuses] of Object.entries(expected))
      for (const [who, status] of Object.entries(statuses)) {
        const { cookie, key } = as[who as keyof typeof as];
        const headers: Record<string, string> = url.startsWith('/api/')
          ? key
            ? { authorization: `Bearer ${key}` }
            : {}
          : cookie
            ? { cookie }
            : {};
        const response = await t.app.inject({ method: 'GET', url, headers });
        assert.equal(response.statusCode, status, `${who} ${url}`);
        if (status === 200) assert.equal(response.headers['cache-control'], 'private, no-store');
        if (who !== 'admin') assert.ok(!response.body.includes(admin.email), `${who} ${url}`);
      }
  });

  it('shows lodged data only to its council and its club, through every address, for every role', async () => {
    const db = t.database;
    const accounts = new AccountsService(db.db, { idleSeconds: 600, maxSeconds: 600 });
    const hartlepool = await accounts.organisation('E06000001');
    const club = await accounts.addOrganisation({ kind: 'club', code: 'yak-club', name: 'Club' });
    const by = { userId: null, actor: 'test', address: null };
    await new ClubsService(db.db, accounts).join(club.code, 'E06000004', by);
    const steward = await newUser(db, { organisation: 'E06000001', role: 'data-steward' });
    const lodging = { organisationId: hartlepool.id, userId: steward.id, actor: steward.email };
    const lodge = (slug: string, value: number, title: string, publication: object) =>
      importValues(
        db,
        slug,
        '2024',
        { E06000001: value },
        {
          publication: publication as typeof future,
          lodging: { ...lodging, audience: [club.id] },
        },
        { title },
      );
    await lodge('lodged-embargoed', 555555, 'Yak lodged', future);
    await lodge('lodged-restricted', 444444, 'Quagga shared', {
      state: 'restricted',
      until: new Date(Date.now() + 86_400_000),
    });
    // Every role, held at another council; an administrator; the lodging council's analyst;
    // a council in the club. Each reads every address with its session or its key.
    const viewers = new Map<string, { cookie: string; key: string; sees: string[] }>();
    const keys = new ApiKeysService(db.db);
    const made = { userId: null, actor: 'test', origin: null };
    const add = async (
      name: string,
      organisation: string,
      role: (typeof roles)[number],
      sees: string[],
    ) => {
      const user = await newUser(db, { organisation, role });
      if (role === 'administrator') await confirmTwoFactor(db, user.id);
      viewers.set(name, {
        cookie: (await sessionFor(db, user.id)).cookie,
        key: (await keys.create(user.email, 'Matrix', made)).key,
        sees,
      });
    };
    for (const role of roles) await add(`${role} elsewhere`, 'E06000005', role, []);
    await add('administrator', 'lga', 'administrator', []);
    await add('lodging council', 'E06000001', 'analyst', [
      'Yak lodged',
      '555555',
      'Quagga shared',
      '444444',
    ]);
    await add('club council', 'E06000004', 'analyst', ['Quagga shared', '444444']);
    viewers.set('anonymous', { cookie: '', key: '', sees: [] });
    const lodgedSecrets = ['Yak lodged', '555555', 'Quagga shared', '444444'];
    const lodgedData = ['lodged-embargoed', 'lodged-restricted'].flatMap((slug) =>
      formats.map((f) => `/api/v1/data?metric=${slug}&area=E06000001&format=${f}`),
    );
    // The catalogue, measure pages, league table downloads and search read the viewer's sight:
    // at each, what a viewer may see of these must show there, not only somewhere.
    const sighted = new Map([
      ['/metrics', ['Yak lodged', 'Quagga shared']],
      ['/metrics?q=yak', ['Yak lodged']],
      ['/metrics/lodged-embargoed', ['Yak lodged']],
      ['/metrics/lodged-embargoed.csv', ['Yak lodged', '555555']],
      ['/metrics/lodged-restricted', ['Quagga shared']],
      ['/metrics/lodged-restricted.xlsx', ['Quagga shared', '444444']],
      ['/search?q=Yak', ['Yak lodged']],
      ['/search?q=Quagga', ['Quagga shared']],
      // So do the profile, the compare page, a council's measure page and its charts.
      ['/areas/E06000001', ['Yak lodged', 'Quagga shared']],
      ['/areas/E06000001.csv', ['Yak lodged', '555555', 'Quagga shared', '444444']],
      [`/compare.csv?areas=${areas}&metrics=lodged-embargoed`, ['Yak lodged', '555555']],
      [`/compare?areas=${areas}&metrics=lodged-restricted`, ['Quagga shared']],
      ['/metrics/lodged-embargoed?area=E06000001', ['Yak lodged']],
      ['/metrics/lodged-restricted/charts/ranked.csv?area=E06000001', ['444444']],
      // With a key, the API's catalogue, search and comparisons read its holder's sight.
      ['/api/v1/metrics', ['Yak lodged', 'Quagga shared']],
      ['/api/v1/metrics/lodged-embargoed', ['Yak lodged']],
      ['/api/v1/search?q=Quagga', ['Quagga shared']],
      [`/api/v1/compare?metric=lodged-restricted&area=E06000001&group=custom:${areas}`, ['444444']],
    ]);
    const addresses = [
      ...crawl,
      ...lodgedData,
      '/metrics/lodged-embargoed',
      '/metrics/lodged-embargoed/areas/E06000001',
      '/metrics/lodged-restricted/areas/E06000001',
      '/metrics/public-measure/areas/E06000001',
      ...sighted.keys(),
    ];
    for (const [name, viewer] of viewers) {
      const seen = new Set<string>();
      for (const url of addresses) {
        const headers: Record<string, string> = url.startsWith('/api/')
          ? viewer.key
            ? { authorization: `Bearer ${viewer.key}` }
            : {}
          : viewer.cookie
            ? { cookie: viewer.cookie }
            : {};
        const response = await t.app.inject({ method: 'GET', url, headers });
        assert.ok(response.statusCode < 500, `${name} ${url}: ${response.statusCode}`);
        const text = await readable(response);
        for (const shown of sighted.get(url) ?? [])
          if (viewer.sees.includes(shown))
            assert.ok(text.includes(shown), `${name}: ${url} does not show "${shown}"`);
        for (const secret of [...secrets, ...lodgedSecrets])
          if (text.includes(secret)) {
            assert.ok(viewer.sees.includes(secret), `${name}: ${url} shows "${secret}"`);
            assert.equal(response.headers['cache-control'], 'private, no-store', `${name} ${url}`);
            seen.add(secret);
          }
      }
      // What they may see, they do see: the matrix would pass vacuously otherwise.
      assert.deepEqual([...seen].sort(), [...viewer.sees].sort(), name);
    }
  });

  it('keeps a private saved group from everyone but its owner, as if it did not exist', async () => {
    const db = t.database;
    const made = { userId: null, actor: 'test', origin: null };
    const keys = new ApiKeysService(db.db);
    const owner = await newUser(db, { role: 'analyst', organisation: 'E06000001' });
    const colleague = await newUser(db, { role: 'analyst', organisation: 'E06000001' });
    const group = await createServices(db).savedGroups.create(
      {
        viewer: { userId: owner.id, memberships: [{ organisation: 'E06000001', role: 'analyst' }] },
        email: owner.email,
        address: null,
      },
      { name: 'Zebra peers', visibility: 'private', organisationCode: null, codes: ['E06000003'] },
    );
    const credentials = async (user: { id: number; email: string }) => ({
      cookie: (await sessionFor(db, user.id)).cookie,
      authorization: `Bearer ${(await keys.create(user.email, 'Matrix', made)).key}`,
    });
    const as = {
      anonymous: null,
      colleague: await credentials(colleague),
      owner: await credentials(owner),
    };
    const addresses = (ref: string) => [
      `/api/v1/compare?metric=public-measure&area=E06000001&group=${ref}`,
      `/api/v1/data?metric=public-measure&group=${ref}`,
      `/api/v1/data?metric=public-measure&group=${ref}&format=csv`,
      `/areas/E06000001?group=${ref}`,
      `/areas/E06000001?group=${ref}&format=csv`,
      `/metrics/public-measure?area=E06000001&group=${ref}`,
      `/metrics/public-measure/charts/ranked.svg?area=E06000001&group=${ref}`,
      `/compare?group=${ref}&metrics=public-measure`,
    ];
    const ref = `saved:${group.id}`;
    const unknownRef = 'saved:999999';
    for (const [who, sent] of Object.entries(as)) {
      const unknown = addresses(unknownRef);
      for (const [index, url] of addresses(ref).entries()) {
        const headers: Record<string, string> =
          sent === null
            ? {}
            : url.startsWith('/api/')
              ? { authorization: sent.authorization }
              : { cookie: sent.cookie };
        const read = { url, headers, owner: who === 'owner', label: who };
        await assertOwnerOnly(read, { url: unknown[index] ?? '', ref, unknownRef }, [
          'Zebra',
          'E06000003',
        ]);
      }
    }
    // Its owner's council pages offer it to compare with; nobody else's do.
    const profile = (headers: Record<string, string>) =>
      t.app.inject({ method: 'GET', url: '/areas/E06000001', headers });
    assert.match((await profile({ cookie: as.owner.cookie })).body, /Zebra peers \(saved group\)/);
    const measure = await t.app.inject({
      method: 'GET',
      url: `/metrics/public-measure?area=E06000001&group=${ref}`,
      headers: { cookie: as.owner.cookie },
    });
    assert.match(measure.body, /selected>Zebra peers \(saved group\)<\/option>/);
    const others: Record<string, string>[] = [{}, { cookie: as.colleague.cookie }];
    for (const headers of others) assert.ok(!(await profile(headers)).body.includes('Zebra'));
  });
  it('keeps a private stored report from everyone but its owner, as if it did not exist', async () => {
    const db = t.database;
    const owner = await newUser(db, { role: 'analyst', organisation: 'E06000001' });
    const colleague = await newUser(db, { role: 'organisation-admin', organisation: 'E06000001' });
    const made = await createServices(db).storedReports.create(
      {
        viewer: { userId: owner.id, memberships: [{ organisation: 'E06000001', role: 'analyst' }] },
        email: owner.email,
        address: null,
      },
      { name: 'Zebra pack', visibility: 'private', organisationCode: null },
      {
        version: 1,
        slug: 'zebra-pack',
        revision: 1,
        name: 'Zebra pack',
        title: '{area.name}: Zebra pack',
        summary: 'Zebra.',
        audience: 'Zebra.',
        sections: [{ kind: 'table', heading: 'Figures', intro: [], metrics: ['public-measure'] }],
      },
    );
    const slug = made.report.slug;
    const unknownSlug = '999999-zebra-pack';
    const addresses = (at: string) => [
      `/reports/${at}?area=E06000001&group=custom:E06000002`,
      `/reports/${at}.docx?area=E06000001&group=custom:E06000002`,
      `/reports/${at}.xlsx?area=E06000001&group=custom:E06000002`,
      `/reports/${at}/sections/1.csv?area=E06000001&group=custom:E06000002`,
      `/reports/${at}/edit`,
      `/reports/${at}/edit/about`,
      `/reports/${at}/edit/sections/1`,
      `/reports/${at}/delete`,
      `/reports/new?from=${at}`,
    ];
    const as = {
      anonymous: {},
      colleague: { cookie: (await sessionFor(db, colleague.id)).cookie },
      owner: { cookie: (await sessionFor(db, owner.id)).cookie },
    };
    for (const [who, headers] of Object.entries(as)) {
      const unknown = addresses(unknownSlug);
      for (const [index, url] of addresses(slug).entries()) {
        const read = { url, headers, owner: who === 'owner', label: who };
        const missing = { url: unknown[index] ?? '', ref: slug, unknownRef: unknownSlug };
        await assertOwnerOnly(read, missing, ['Zebra']);
      }
      const listed = await t.app.inject({ method: 'GET', url: '/reports', headers });
      assert.equal(listed.body.includes('Zebra pack'), who === 'owner', `${who} /reports`);
    }
  });

  it('shows early-warning flags only to the programme’s advisers and administrators', async () => {
    const db = t.database;
    await keepFlags(
      db.db,
      [
        {
          area_code: 'E06000001',
          rule: 'low-and-worsening',
          theme: 'children-and-young-people',
          summary: 'Zebra warning',
          evidence: [
            {
              metric: 'public-measure',
              title: 'Public measure',
              period: '2023-01-01/P1Y',
              value: 5,
              against: null,
              finding: 'Zebra finding',
            },
          ],
        },
      ],
      1,
    );
    const who = await everyRoleSignedIn(db);
    const mayRead = new Set([
      'improvement-adviser of lga',
      'administrator of lga',
      'administrator of E06000001',
    ]);
    for (const [label, session] of Object.entries(who)) {
      const headers: Record<string, string> = session ? { cookie: session.cookie } : {};
      for (const url of ['/early-warning', '/early-warning/E06000001']) {
        const response = await t.app.inject({ method: 'GET', url, headers });
        const expected = mayRead.has(label) ? 200 : session ? 403 : 303;
        assert.equal(response.statusCode, expected, `${label} ${url}`);
        // Refusals are never kept either (the error pages' own no-store).
        assert.match(String(response.headers['cache-control']), /no-store/, `${label} ${url}`);
        // The list names the flagged council; its page shows the flag's own words.
        const flagged = url === '/early-warning' ? '/early-warning/E06000001' : 'Zebra warning';
        assert.equal(response.body.includes(flagged), mayRead.has(label), `${label} ${url}`);
      }
      const posted = await t.app.inject({
        method: 'POST',
        url: '/early-warning/E06000001/notes',
        headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
        payload: `csrf=${session?.csrf ?? ''}&kind=note&body=Zebra+note`,
      });
      assert.equal(posted.statusCode, mayRead.has(label) ? 303 : 403, `${label} posts a note`);
      // Nor through the pages about the council that anyone signed in reads, nor the header.
      for (const url of ['/', '/areas/E06000001', '/overview?area=E06000001', '/search?q=zebra']) {
        const response = await t.app.inject({ method: 'GET', url, headers });
        assert.equal(response.body.includes('Zebra warning'), false, `${label} ${url}`);
        const linked = response.body.includes('href="/early-warning"');
        if (url === '/') assert.equal(linked, mayRead.has(label), `${label}: the header's link`);
        else assert.ok(!linked || mayRead.has(label), `${label} ${url}: the header's link`);
      }
    }
    // Nothing of the flags (nor the note) reaches any public address, page or API answer.
    for (const url of [...crawl, '/overview?area=E06000001', '/api/v1/overview?area=E06000001'])
      assert.ok(!(await readable(await get(url))).includes('Zebra'), url);
  });

  it('shows the peer challenges only to the programme’s managers, a challenge to its council', async () => {
    const db = t.database;
    const [id] = await insertChallenges(db.db, [
      {
        type: 'corporate-peer-challenge',
        area_code: 'E06000001',
        programme_year: '2026-27',
        state: 'postponed',
        window_start: null,
        window_end: null,
        on_site_start: null,
        on_site_end: null,
        manager_user_id: null,
        state_reason: 'Zebra postponement',
        illustrative: false,
        transitions: [
          {
            from_state: null,
            to_state: 'requested',
            on_date: '2026-04-01',
            reason: null,
            by_user_id: null,
          },
          {
            from_state: 'requested',
            to_state: 'postponed',
            on_date: '2026-04-02',
            reason: 'Zebra postponement',
            by_user_id: null,
          },
        ],
      },
    ]);
    const who = await everyRoleSignedIn(db);
    const mayManage = new Set([
      'peer-challenge-manager of lga',
      'administrator of lga',
      'administrator of E06000001',
    ]);
    // A peer of the pool, whom only the programme's managers may see.
    const [peerId] = await insertPeers(db.db, [
      officerPeerRow({
        name: 'Zebra Peer',
        homeAreaCode: 'E06000005',
        userId: null,
        role: 'chief-executive-peer',
      }),
    ]);
    const page = `/peer-challenge/challenges/${id}`;
    const pages = ['/peer-challenge/challenges', '/peer-challenge/challenges/new', page];
    const peerPage = `/peer-challenge/peers/${peerId}/edit`;
    const secretOn = new Set([page, '/peer-challenge/peers', peerPage]);
    const poolPages = ['/peer-challenge/peers', '/peer-challenge/peers/new', peerPage];
    // The challenge's own page is its council's too; to anyone else there is no challenge.
    const council = 'organisation-admin of E06000001';
    const mayRead = (label: string, url: string) =>
      mayManage.has(label) || (url === page && label === council);
    for (const [label, session] of Object.entries(who)) {
      const headers: Record<string, string> = session ? { cookie: session.cookie } : {};
      for (const url of [...pages, `${page}/team`, ...poolPages]) {
        const response = await t.app.inject({ method: 'GET', url, headers });
        const refused = url === page ? 404 : 403;
        const expected = mayRead(label, url) ? 200 : session ? refused : 303;
        assert.equal(response.statusCode, expected, `${label} ${url}`);
        assert.match(String(response.headers['cache-control']), /no-store/, `${label} ${url}`);
        const shown = response.body.includes('Zebra');
        assert.equal(shown, mayRead(label, url) && secretOn.has(url), `${label} ${url}`);
      }
      // A postponed challenge cannot close: those who may manage it are told why, others not.
      for (const [url, payload] of [
        [`${page}/events`, 'kind=close&on=2026-04-03'],
        [`${page}/scoping`, 'leadershipParty=&scopingSpecialisms=Zebra'],
        [peerPage, 'kind=officer&name=Zebra'],
        ['/peer-challenge/challenges/new', 'type=corporate-peer-challenge&council=Hartlepool'],
      ] as const) {
        const posted = await t.app.inject({
          method: 'POST',
          url,
          headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
          payload: `csrf=${session?.csrf ?? ''}&${payload}`,
        });
        // Someone taking no part finds no challenge; the council may not record this event.
        const refused = url === `${page}/events` && session && label !== council ? 404 : 403;
        assert.equal(posted.statusCode, mayManage.has(label) ? 400 : refused, `${label} ${url}`);
      }
    }
    const publicPages = [
      '/peer-challenge/figures',
      '/api/v1/peer-challenge/figures',
      '/peer-challenge/coverage',
      '/api/v1/peer-challenge/coverage?asAt=2026-12-01&format=csv',
      '/peer-challenge/feedback',
    ];
    for (const url of publicPages) {
      const response = await get(url);
      assert.equal(response.statusCode, 200, url);
      assert.ok(!(await readable(response)).includes('Zebra'), url);
    }
  });

  it('shows a challenge’s survey only to those in it, and a peer’s days only to managers', async () => {
    const db = t.database;
    const [id = 0] = await insertChallenges(db.db, [
      {
        type: 'corporate-peer-challenge',
        area_code: 'E06000001',
        programme_year: '2026-27',
        state: 'feedback-given',
        window_start: '2026-06-01',
        window_end: '2026-06-30',
        on_site_start: '2026-06-09',
        on_site_end: '2026-06-11',
        manager_user_id: null,
        state_reason: null,
        illustrative: false,
        transitions: [
          {
            from_state: null,
            to_state: 'requested',
            on_date: '2026-01-05',
            reason: null,
            by_user_id: null,
          },
          {
            from_state: 'requested',
            to_state: 'team-assembled',
            on_date: '2026-05-04',
            reason: null,
            by_user_id: null,
          },
          {
            from_state: 'team-assembled',
            to_state: 'on-site',
            on_date: '2026-06-09',
            reason: null,
            by_user_id: null,
          },
          {
            from_state: 'on-site',
            to_state: 'feedback-given',
            on_date: '2026-06-11',
            reason: null,
            by_user_id: null,
          },
        ],
      },
    ]);
    const who = await everyRoleSignedIn(db);
    // A peer of the team, signed in as themselves; their name and days are theirs and managers'.
    const peerUser = await newUser(db, { role: 'analyst', organisation: 'E06000002' });
    who['the team’s peer'] = await sessionFor(db, peerUser.id);
    const [peerId = 0] = await insertPeers(db.db, [
      officerPeerRow({
        name: 'Zebra Teampeer',
        homeAreaCode: 'E06000005',
        userId: peerUser.id,
        role: 'officer-peer',
      }),
    ]);
    await db.db
      .insertInto('peer_challenge_members')
      .values({ challenge_id: id, peer_id: peerId, role: 'officer-peer', status: 'accepted' })
      .execute();
    await db.db
      .insertInto('peer_days')
      .values({
        challenge_id: id,
        peer_id: peerId,
        giving_area_code: 'E06000005',
        programme_year: '2026-27',
        on_site_days: 3,
        preparation_days: 2,
        report_days: 1,
      })
      .execute();
    await insertResponses(db.db, [
      {
        challenge_id: id,
        respondent_role: 'leader',
        survey_version: 1,
        answers: { 'well-tailored': 'agree', comments: 'Zebra answer' },
        submitted_on: '2026-06-20',
        recorded_by_user_id: null,
        respondent_user_id: null,
        illustrative: false,
      },
    ]);
    const mayManage = new Set([
      'peer-challenge-manager of lga',
      'administrator of lga',
      'administrator of E06000001',
    ]);
    const inIt = new Set([...mayManage, 'organisation-admin of E06000001', 'the team’s peer']);
    const survey = `/peer-challenge/challenges/${id}/survey`;
    const days = `/peer-challenge/peers/${peerId}/days`;
    for (const [label, session] of Object.entries(who)) {
      const headers: Record<string, string> = session ? { cookie: session.cookie } : {};
      const read = (url: string) => t.app.inject({ method: 'GET', url, headers });
      for (const [url, allowed, refused] of [
        [survey, inIt, 404],
        [days, mayManage, 403],
      ] as const) {
        const response = await read(url);
        const expected = allowed.has(label) ? 200 : session ? refused : 303;
        assert.equal(response.statusCode, expected, `${label} ${url}`);
        assert.match(String(response.headers['cache-control']), /no-store/, `${label} ${url}`);
        // No one reads an answer back, not even a manager; the peer's name is the ledger's.
        assert.ok(!response.body.includes('Zebra answer'), `${label} ${url}`);
        const named = response.body.includes('Zebra Teampeer');
        assert.equal(named, url === days && allowed.has(label), `${label} ${url}: the name`);
      }
      const posted = await t.app.inject({
        method: 'POST',
        url: survey,
        headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
        payload: `csrf=${session?.csrf ?? ''}&survey=peer&role=peer`,
      });
      const expected = !session
        ? 403
        : !inIt.has(label)
          ? 404
          : label.startsWith('organisation')
            ? 404
            : 400;
      assert.equal(posted.statusCode, expected, `${label} posts an answer`);
    }
    for (const url of [
      '/peer-challenge/feedback',
      '/peer-challenge/peer-days',
      '/api/v1/peer-challenge/peer-days',
      '/api/v1/peer-challenge/peer-days?format=csv',
    ]) {
      const response = await get(url);
      assert.equal(response.statusCode, 200, url);
      assert.ok(!(await readable(response)).includes('Zebra'), url);
    }
  });

  it('keeps a challenge’s documents to its parts until the council publishes, then that one', async () => {
    const db = t.database;
    const { peerChallenges } = createServices(db);
    const life: [ChallengeState, string][] = [
      ['requested', '2026-04-01'],
      ['scoping', '2026-04-10'],
      ['position-statement-received', '2026-05-01'],
      ['team-assembled', '2026-05-15'],
      ['on-site', '2026-06-08'],
      ['feedback-given', '2026-06-11'],
      ['report-drafted', '2026-07-01'],
    ];
    const [id = 0] = await insertChallenges(db.db, [
      {
        type: 'corporate-peer-challenge',
        area_code: 'E06000001',
        programme_year: '2026-27',
        state: 'report-drafted',
        window_start: '2026-06-01',
        window_end: '2026-06-30',
        on_site_start: '2026-06-08',
        on_site_end: '2026-06-11',
        manager_user_id: null,
        state_reason: null,
        illustrative: false,
        transitions: life.map(([to, on], i) => ({
          from_state: life[i - 1]?.[0] ?? null,
          to_state: to,
          on_date: on,
          reason: null,
          by_user_id: null,
        })),
      },
    ]);
    const actor = async (role: Role, organisation: string) => {
      const user = await newUser(db, { role, organisation });
      const viewer = { userId: user.id, memberships: [{ organisation, role }] };
      return { viewer, email: user.email, address: null } as PageActor;
    };
    const manager = await actor('peer-challenge-manager', 'lga');
    const councilAdmin = await actor('organisation-admin', 'E06000001');
    // A peer on the team, and a peer of the pool invited but not (yet) on it.
    const onTeam = await actor('analyst', 'E06000047');
    const invited = await actor('analyst', 'E06000004');
    const peerIds = await insertPeers(
      db.db,
      [onTeam, invited].map((p, i) =>
        officerPeerRow({
          name: `Peer ${i}`,
          homeAreaCode: i === 0 ? 'E06000047' : 'E06000004',
          userId: p.viewer.userId,
          role: 'officer-peer',
        }),
      ),
    );
    await db.db
      .insertInto('peer_challenge_members')
      .values(
        peerIds.map((peerId, i) => ({
          challenge_id: id,
          peer_id: peerId,
          role: 'officer-peer' as const,
          status: i === 0 ? ('accepted' as const) : ('invited' as const),
        })),
      )
      .execute();
    const files = {
      'position-statement': samplePdf('Zebra statement'),
      report: samplePdf('Zebra early draft'),
      'action-plan': samplePdf('Zebra plan'),
    };
    const day = '2026-08-01';
    for (const [kind, content] of Object.entries(files))
      await peerChallenges.uploadDocument(
        manager,
        id,
        kind as keyof typeof files,
        { name: `${kind}.pdf`, content },
        day,
      );
    const report = samplePdf('Zebra final report');
    await peerChallenges.uploadDocument(
      onTeam,
      id,
      'report',
      { name: 'r.pdf', content: report },
      day,
    );
    const documents = await db.db
      .selectFrom('peer_challenge_documents')
      .select(['id', 'kind', 'version'])
      .where('challenge_id', '=', id)
      .execute();
    const page = `/peer-challenge/challenges/${id}`;
    const privateUrls = [page, ...documents.map((d) => `${page}/documents/${d.id}`)];
    const publicUrl = (kind: string) => `/peer-challenge/reports/${id}/${kind}`;

    const who: Record<string, { cookie: string; csrf: string } | null> = {
      ...(await everyRoleSignedIn(db)),
      'organisation-admin of E06000002': await sessionFor(
        db,
        (await actor('organisation-admin', 'E06000002')).viewer.userId,
      ),
      'peer on the team': await sessionFor(db, onTeam.viewer.userId),
      'peer invited, not on the team': await sessionFor(db, invited.viewer.userId),
    };
    const parts = new Set([
      'peer-challenge-manager of lga',
      'administrator of lga',
      'administrator of E06000001',
      'organisation-admin of E06000001',
      'peer on the team',
    ]);
    const assertOnlyParts = async () => {
      for (const [label, session] of Object.entries(who)) {
        const headers: Record<string, string> = session ? { cookie: session.cookie } : {};
        for (const url of privateUrls) {
          const response = await t.app.inject({ method: 'GET', url, headers });
          const expected = parts.has(label) ? 200 : session ? 404 : 303;
          assert.equal(response.statusCode, expected, `${label} ${url}`);
          // Refusals are never kept either (the error pages' own no-store).
          assert.match(String(response.headers['cache-control']), /no-store/, `${label} ${url}`);
          if (!parts.has(label)) assert.ok(!response.body.includes('Zebra'), `${label} ${url}`);
        }
        const mine = await t.app.inject({
          method: 'GET',
          url: '/account/peer-challenges',
          headers,
        });
        const listed = mine.body.includes(`href="${page}"`);
        // Their own: the council's (its administrators hold its part), and the team's.
        const own = [
          'organisation-admin of E06000001',
          'administrator of E06000001',
          'peer on the team',
        ].includes(label);
        assert.equal(listed, own, `${label}: their peer challenges`);
      }
    };
    await assertOnlyParts();
    // Before publishing, nothing of it is public.
    for (const kind of ['report', 'action-plan', 'position-statement'])
      assert.equal((await get(publicUrl(kind))).statusCode, 404, kind);
    assert.ok(!(await get('/peer-challenge/reports')).body.includes(publicUrl('report')));

    await peerChallenges.advance(councilAdmin, id, { kind: 'publish-report', on: day });
    const published = await get(publicUrl('report'));
    assert.equal(published.statusCode, 200);
    assert.deepEqual(published.rawPayload, Buffer.from(report));
    assert.equal(published.headers['cache-control'], 'public, max-age=3600');
    assert.ok((await get('/peer-challenge/reports')).body.includes(publicUrl('report')));
    // The statement, the drafts and the unpublished plan stay the parts' alone.
    for (const kind of ['action-plan', 'position-statement'])
      assert.equal((await get(publicUrl(kind))).statusCode, 404, kind);
    for (const url of ['/peer-challenge/reports', ...publicPagesOf(id)]) {
      const text = (await get(url)).body;
      for (const secret of ['Zebra statement', 'Zebra early draft', 'Zebra plan'])
        assert.ok(!text.includes(secret), `${url}: ${secret}`);
    }
    await assertOnlyParts();
  });

  it('shows a simulation’s results to its council’s editors, and the public aggregates once public', async () => {
    const db = t.database;
    await openExampleSimulation(db, 'zebra-budget');
    const { simulations, simulationResults } = createServices(db);
    const editorUser = await newUser(db, { role: 'simulation-editor', organisation: 'E06000001' });
    const editor = {
      viewer: {
        userId: editorUser.id,
        memberships: [{ organisation: 'E06000001', role: 'simulation-editor' as const }],
      },
      email: editorUser.email,
      address: null,
    };
    const sent = await simulations.submit({
      slug: 'zebra-budget',
      version: 1,
      percents: { libraries: -25 },
      councilTaxBasisPoints: 0,
      aboutYou: { postcode: 'TS24' },
      startedAt: new Date(Date.now() - 300_000),
      idempotencyKey: 'zebra-response',
      source: 'zebra',
    });
    await simulations.exclude(editor, 'zebra-budget', sent.id, 'Zebra reason');
    const who = await everyRoleSignedIn(db);
    const editors = new Set([
      'simulation-editor of E06000001',
      'administrator of lga',
      'administrator of E06000001',
    ]);
    const results = '/simulations/zebra-budget/results';
    const editorsOnly = [
      '/simulations/zebra-budget/moderation',
      '/simulations/zebra-budget/adopted',
    ];
    const check = async (published: boolean) => {
      for (const [label, session] of Object.entries(who)) {
        const headers: Record<string, string> = session ? { cookie: session.cookie } : {};
        const read = (url: string) => t.app.inject({ method: 'GET', url, headers });
        const editing = editors.has(label);
        for (const url of [results, `${results}.csv`, `${results}.xlsx`]) {
          const response = await read(url);
          const expected = editing || published ? 200 : session ? 403 : 303;
          assert.equal(response.statusCode, expected, `${label} ${url}`);
          const cache = published && !session ? 'public, max-age=60' : 'private, no-store';
          if (expected === 200) assert.equal(response.headers['cache-control'], cache, label);
          else assert.match(String(response.headers['cache-control']), /no-store/, label);
          const text = await readable(response);
          // Only the editors read the excluded responses' part, the postcode of no one.
          assert.ok(!text.includes('TS24') && !text.includes('Zebra reason'), `${label} ${url}`);
          assert.equal(text.includes('With excluded'), editing, `${label} ${url}`);
        }
        for (const url of editorsOnly) {
          const response = await read(url);
          assert.equal(response.statusCode, editing ? 200 : session ? 403 : 303, `${label} ${url}`);
          assert.match(String(response.headers['cache-control']), /no-store/, `${label} ${url}`);
          assert.equal(
            response.body.includes('Zebra reason'),
            editing && url.endsWith('moderation'),
          );
        }
        const embed = await read(`${results}/embed`);
        assert.equal(embed.statusCode, published ? 200 : 404, `${label} embed`);
        const posted = await t.app.inject({
          method: 'POST',
          url: `${results}/public`,
          headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
          payload: `csrf=${session?.csrf ?? ''}&public=${published ? 'yes' : 'no'}`,
        });
        assert.equal(posted.statusCode, editing ? 303 : 403, `${label} sets the results public`);
      }
    };
    await check(false);
    await simulationResults.setPublic(editor, 'zebra-budget', true);
    await check(true);
    // Public results are pages of their own: none of the site's other addresses shows them.
    for (const url of ['/simulations', '/simulations/zebra-budget'])
      assert.ok(!(await readable(await get(url))).includes('Zebra reason'), url);
  });

  it('shows a resident’s budget picture to anyone with its address, never their answers', async () => {
    await openExampleSimulation(t.database, 'zebra-picture');
    await submitExampleBudget(t.database, 'zebra-picture', 'zebra-picture-key');
    const base = '/simulations/zebra-picture';
    for (const [label, session] of Object.entries(await everyRoleSignedIn(t.database))) {
      const headers: Record<string, string> = session ? { cookie: session.cookie } : {};
      const read = (url: string) => t.app.inject({ method: 'GET', url, headers });
      const thanks = await read(`${base}/thank-you?budget=zebra-picture-key`);
      assert.equal(thanks.statusCode, 200, `${label} thank-you`);
      assert.equal(thanks.headers['cache-control'], 'private, no-store', `${label} thank-you`);
      for (const format of ['svg', 'png']) {
        const picture = await read(`${base}/budgets/zebra-picture-key.${format}`);
        assert.equal(picture.statusCode, 200, `${label} ${format}`);
        assert.equal(picture.headers['cache-control'], 'public, max-age=86400, immutable');
      }
      for (const response of [thanks, await read(`${base}/budgets/zebra-picture-key.svg`)])
        assert.ok(!response.body.includes('TS24'), label);
      const guessed = await read(`${base}/budgets/zebra-picture-guess.svg`);
      assert.equal(guessed.statusCode, 404, `${label} a guessed address`);
    }
  });

  it('lets only the council’s simulation editors reach its simulation’s editing pages', async () => {
    const db = t.database;
    const editor = await newUser(db, { role: 'simulation-editor', organisation: 'E06000001' });
    const definition = exampleDefinition();
    definition.title = { en: 'Zebra budget draft' };
    await createServices(db).simulations.create(
      {
        viewer: {
          userId: editor.id,
          memberships: [{ organisation: 'E06000001', role: 'simulation-editor' }],
        },
        email: editor.email,
        address: null,
      },
      { organisation: 'E06000001', slug: 'zebra-draft', definition },
    );
    const who = await everyRoleSignedIn(db);
    const elsewhere = await newUser(db, { role: 'simulation-editor', organisation: 'E06000002' });
    who['simulation-editor of E06000002'] = await sessionFor(db, elsewhere.id);
    const mayEdit = new Set([
      'simulation-editor of E06000001',
      'administrator of lga',
      'administrator of E06000001',
    ]);
    // Editors of other organisations reach their own (empty) list, never this simulation.
    const editsSomewhere = new Set([
      ...mayEdit,
      'simulation-editor of lga',
      'simulation-editor of E06000002',
    ]);
    const at = '/account/simulations/zebra-draft';
    const pages = [at, `${at}/services/libraries`, `${at}/settings`, `${at}/council-tax`];
    for (const [label, session] of Object.entries(who)) {
      const headers: Record<string, string> = session ? { cookie: session.cookie } : {};
      for (const url of [
        '/account/simulations',
        '/account/simulations/new',
        ...pages,
        `${at}/preview`,
      ]) {
        const response = await t.app.inject({ method: 'GET', url, headers });
        const allowed =
          url.endsWith('/simulations') || url.endsWith('/new') ? editsSomewhere : mayEdit;
        const expected = allowed.has(label) ? 200 : session ? 403 : 303;
        assert.equal(response.statusCode, expected, `${label} ${url}`);
        assert.match(String(response.headers['cache-control']), /no-store/, `${label} ${url}`);
        const shown = response.body.includes('Zebra budget draft');
        assert.equal(shown, mayEdit.has(label) && !url.endsWith('/new'), `${label} ${url}`);
      }
      // Nor is a draft anyone's to read at the residents' address.
      const resident = await t.app.inject({
        method: 'GET',
        url: '/simulations/zebra-draft',
        headers,
      });
      assert.equal(resident.statusCode, 404, `${label} /simulations/zebra-draft`);
      // Those who may not edit it change nothing, whatever they post.
      if (mayEdit.has(label)) continue;
      for (const url of [`${at}/settings`, `${at}/open`, `${at}/preview`]) {
        const posted = await t.app.inject({
          method: 'POST',
          url,
          headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
          payload: `csrf=${session?.csrf ?? ''}&titleEn=Zebra+taken`,
        });
        assert.equal(posted.statusCode, 403, `${label} ${url}`);
      }
    }
    const state = await db.db
      .selectFrom('simulations')
      .select('state')
      .where('slug', '=', 'zebra-draft')
      .executeTakeFirstOrThrow();
    assert.equal(state.state, 'draft');
  });
});
