import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { GroupsService } from '../groups/groups.service.ts';
import { ctrLines } from '../imports/ctr/ctr.catalogue.ts';
import { dataDir, openTestApp, type TestApp } from '../testing/app.ts';
import { importValues } from '../testing/values.ts';

const hartlepool = 'E06000001';
const middlesbrough = 'E06000002';
const kent = 'E10000016';
const surrey = 'E10000030';
const allerdale = 'E07000026';
const carlisle = 'E07000028';
const dartford = 'E07000107';
const cumberland = 'E06000063';
const y2024 = '2024-04-01/P1Y';

interface Body {
  group: { size: number };
  standing?: { comparable: boolean; reason?: string; rank?: number; outOf?: number };
  statistics: { n: number };
  standings: { area: string; comparable: boolean }[];
  leftOut: { code: string; reason: string; explanation: string }[];
}

const ranked = (body: Body) =>
  body.standings
    .filter((s) => s.comparable)
    .map((s) => s.area)
    .sort();

describe('comparisons only among comparable councils that existed in the period', () => {
  let t: TestApp;
  const get = (url: string) => t.app.inject({ method: 'GET', url });
  const compare = async (query: string) => {
    const response = await get(`/api/v1/compare?metric=tier-tax&${query}`);
    assert.equal(response.statusCode, 200, response.body);
    return response.json<Body>();
  };

  before(async () => {
    t = await openTestApp();
    // Allerdale and Carlisle were abolished on 1 April 2023: a value for 2024/25 is published
    // for Allerdale all the same, as sources sometimes do.
    await importValues(t.database, 'tier-tax', y2024, {
      [hartlepool]: 2100,
      [middlesbrough]: 2200,
      [cumberland]: 2000,
      [kent]: 1600,
      [surrey]: 1700,
      [allerdale]: 250,
      [dartford]: 230,
    });
    // As the council tax catalogue declares for Band D: three tiers, each compared on its own.
    await t.database.db
      .updateTable('metric_definitions')
      .set({
        comparable_across:
          'county|district|london-borough,metropolitan-district,sui-generis,unitary',
      })
      .execute();
    await new GroupsService(t.database.db).ensureGroups(dataDir);
  });
  after(() => t.close());

  it('declares the council tax tiers in the reviewed catalogue', () => {
    for (const slug of [
      'band-d-council-tax-including-parish-precepts',
      'band-d-council-tax-excluding-parish-precepts',
      'council-tax-requirement',
    ]) {
      const line = ctrLines.find((l) => l.metric.slug === slug);
      assert.deepEqual(
        line?.metric.comparableAcross?.map((set) => [...set].sort()),
        [
          ['county'],
          ['district'],
          ['london-borough', 'metropolitan-district', 'sui-generis', 'unitary'],
        ],
      );
    }
  });

  it('ranks a unitary only among unitary-level councils, and says who was left out', async () => {
    const body = await compare(`area=${hartlepool}&group=tier:upper`);
    assert.deepEqual(ranked(body), [hartlepool, middlesbrough, cumberland]);
    assert.equal(body.statistics.n, 3);
    const counties = body.leftOut.filter((l) => l.reason === 'other-tier').map((l) => l.code);
    assert.ok(counties.includes(kent) && counties.includes(surrey), counties.join());
    assert.match(body.leftOut.find((l) => l.code === kent)?.explanation ?? '', /county council/);
  });

  it('ranks the data API’s values by the same rules, saying why', async () => {
    const areas = [hartlepool, middlesbrough, cumberland, kent, surrey, allerdale, dartford];
    const response = await get(
      `/api/v1/data?metric=tier-tax&area=${areas.join(',')}&period=${y2024}&include=rank`,
    );
    assert.equal(response.statusCode, 200, response.body);
    const standings = Object.fromEntries(
      response
        .json<{ observations: { area: string; rank: number | null; rankNote: string | null }[] }>()
        .observations.map((o) => [o.area, [o.rank, o.rankNote]]),
    );
    const tiers = 'ranked among the ';
    assert.deepEqual(standings[middlesbrough], [
      1,
      `${tiers}London boroughs, metropolitan districts, sui generis authorities and unitary authorities only`,
    ]);
    assert.deepEqual(standings[hartlepool]?.[0], 2);
    assert.deepEqual(standings[cumberland]?.[0], 3);
    assert.deepEqual(standings[surrey], [1, `${tiers}county councils only`]);
    assert.deepEqual(standings[kent]?.[0], 2);
    assert.deepEqual(standings[dartford], [1, `${tiers}district councils only`]);
    assert.equal(standings[allerdale]?.[0], null);
    assert.match(String(standings[allerdale]?.[1]), /Allerdale was abolished on 1 April 2023/);
    const csv = await get(
      `/api/v1/data.csv?metric=tier-tax&area=${allerdale},${dartford}&period=${y2024}&include=rank`,
    );
    assert.match(csv.body, /,rank,quartile_band,rank_note\r\n/);
    assert.match(csv.body, /Allerdale[^\n]*,,,"?Allerdale was abolished/);
  });

  it('ranks a county only among counties', async () => {
    const body = await compare(`area=${kent}&group=tier:upper`);
    assert.deepEqual(ranked(body), [kent, surrey]);
  });

  it('never ranks an abolished council in a period after its abolition', async () => {
    const body = await compare(`area=${allerdale}&group=type:district&period=${y2024}`);
    assert.deepEqual(body.standing, {
      area: allerdale,
      comparable: false,
      reason: 'outside-lifetime',
    });
    assert.ok(!body.standings.some((s) => s.area === allerdale), 'not even unranked');
    assert.deepEqual(ranked(body), [dartford]);
    assert.match(body.leftOut.find((l) => l.code === allerdale)?.explanation ?? '', /abolished/);
    // Nor among others' comparisons.
    const custom = await compare(`area=${dartford}&group=custom:${allerdale},${carlisle}`);
    assert.deepEqual(ranked(custom), [dartford]);
  });

  it('offers an abolished council the groups of its type, and its page works', async () => {
    const page = await get(`/areas/${allerdale}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<option value="type:district"/);
    const measure = await get(`/metrics/tier-tax?area=${allerdale}`);
    assert.equal(measure.statusCode, 200);
    assert.match(
      measure.body,
      /id="subject-not-ranked">Allerdale, 2024\/25: [^<]*not ranked/,
      measure.body.match(/id="charts".{0,3000}/s)?.[0],
    );
  });

  it('ranks each tier apart on the compare page, saying so', async () => {
    const page = await get(`/compare?areas=${hartlepool},${kent},${dartford}&metrics=tier-tax`);
    assert.equal(page.statusCode, 200);
    const text = page.body.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
    assert.match(text, /Hartlepool 2,100\.0 1st of 1 among London boroughs, [^K]*unitary/);
    assert.match(text, /Kent 1,600\.0 1st of 1 among county councils/);
    assert.match(text, /Dartford 230\.0 1st of 1 among district councils/);
    assert.match(text, /not comparable across types of council: each type is ranked apart/);
  });

  it('compares a past period among the councils that existed then, as a producer would', async () => {
    const upperTier = [
      'county',
      'unitary',
      'metropolitan-district',
      'london-borough',
      'sui-generis',
    ] as const;
    const register = await t.database.db
      .selectFrom('areas')
      .select(['code', 'valid_from', 'valid_to'])
      .where('type', 'in', upperTier)
      .orderBy('code')
      .execute();
    // Every council, past and present, gets a figure: those not existing then must not count.
    const values = Object.fromEntries(register.map((a, i) => [a.code, 100 + ((i * 37) % 997)]));
    const y2017 = '2017-04-01/P1Y';
    await importValues(t.database, 'upper-2017', y2017, values);
    // The producer's set: councils in existence for the whole of 2017/18.
    const existing = register.filter(
      (a) =>
        (a.valid_from === null || a.valid_from <= '2017-04-01') &&
        (a.valid_to === null || a.valid_to >= '2018-03-31'),
    );
    assert.equal(existing.length, 152);
    const sorted = existing.map((a) => values[a.code] ?? 0).sort((a, b) => a - b);
    const median = ((sorted[75] ?? 0) + (sorted[76] ?? 0)) / 2;
    const response = await get(
      `/api/v1/compare?metric=upper-2017&area=E10000002&group=tier:upper&period=${y2017}`,
    );
    assert.equal(response.statusCode, 200, response.body);
    const body = response.json<
      Body & { group: { membershipPeriod: { label: string } }; statistics: { median: number } }
    >();
    assert.equal(body.group.size, 152);
    assert.equal(body.group.membershipPeriod.label, '2017/18');
    assert.equal(body.statistics.n, 152);
    assert.equal(body.statistics.median, median);
    assert.deepEqual(ranked(body), existing.map((a) => a.code).sort());
    for (const code of [
      'E10000002',
      'E10000021',
      'E10000006',
      'E10000023',
      'E10000027',
      'E06000028',
      'E06000029',
      'E10000009',
    ])
      assert.ok(ranked(body).includes(code), code);
    // Councils created later are not members then, rather than left out.
    assert.ok(!ranked(body).includes('E06000059'));
    assert.deepEqual(body.leftOut, []);
  });

  it('takes a custom group of up to 500 councils', async () => {
    const codes = (
      await t.database.db.selectFrom('areas').select('code').orderBy('code').limit(501).execute()
    ).map((a) => a.code);
    const body = await compare(`area=${hartlepool}&group=custom:${codes.slice(0, 500).join(',')}`);
    assert.ok(ranked(body).includes(middlesbrough));
    const tooMany = await get(
      `/api/v1/compare?metric=tier-tax&area=${hartlepool}&group=custom:${codes.join(',')}`,
    );
    assert.equal(tooMany.statusCode, 400);
    assert.match(tooMany.json().detail, /1 to 500 GSS codes/);
    // The same question by POST, for clients that would rather not build a long address.
    const posted = await t.app.inject({
      method: 'POST',
      url: '/api/v1/compare',
      payload: { metric: 'tier-tax', area: hartlepool, group: codes.slice(0, 500) },
    });
    assert.equal(posted.statusCode, 200, posted.body);
    assert.deepEqual(posted.json(), body);
  });

  it('describes the type groups in plain English', async () => {
    const upper = (await get('/api/v1/groups/tier:upper')).json().group;
    assert.equal(
      upper.description,
      'The English councils that run county services in the period compared: county councils, ' +
        'unitary authorities, metropolitan districts, London boroughs, sui generis authorities ' +
        '(City of London, Isles of Scilly).',
    );
    assert.equal(
      (await get('/api/v1/groups/type:london-borough')).json().group.label,
      'All London boroughs',
    );
    // Type and tier groups hold the councils of every period, each with its dates.
    const bucks = upper.areas.find((a: { code: string }) => a.code === 'E10000002');
    assert.deepEqual([bucks?.validFrom, bucks?.validTo], ['2005-06-19', '2020-03-31']);
  });

  it('renders a metric’s Markdown caveats safely', async () => {
    await importValues(
      t.database,
      'caveat-test',
      y2024,
      { [hartlepool]: 1 },
      {},
      {
        caveats: 'See [the guidance](https://www.gov.uk/x). <b onclick="x()">Bold</b>',
      },
    );
    const page = await get('/metrics/caveat-test');
    assert.equal(page.statusCode, 200);
    assert.match(
      page.body,
      /<a class="govuk-link" href="https:\/\/www.gov.uk\/x">the guidance<\/a>/,
    );
    assert.doesNotMatch(page.body, /\[the guidance\]|<b onclick/);
  });

  it('leaves the members of other tiers off the measure page’s chart and says why', async () => {
    const page = await get(`/metrics/tier-tax?area=${hartlepool}&group=tier:upper`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /id="left-out"/);
    assert.match(page.body, /Kent is a county council/);
  });
});
