import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import { GroupsService } from '../groups/groups.service.ts';
import { dataDir, openContextApp, type TestApp } from '../testing/app.ts';
import { workbookCells } from '../testing/workbook.ts';

interface Standing {
  area: string;
  comparable: boolean;
  value?: number;
  rank?: number;
  quartileBand?: number;
}

describe('groups, neighbours and comparisons over HTTP, on real data', () => {
  let t: TestApp;
  const get = (url: string) => t.app.inject({ method: 'GET', url });

  before(async () => {
    t = await openContextApp();
  });
  after(() => t.close());

  it('lists the groups an area belongs to', async () => {
    const response = await get('/api/v1/groups?area=E06000001');
    assert.equal(response.statusCode, 200);
    const ids = (response.json().groups as { id: string }[]).map((g) => g.id);
    for (const id of [
      'type:unitary',
      'tier:upper',
      'tier:lower',
      'region:upper:e12000001',
      'type-region:unitary:e12000001',
      'dfe-sn:e06000001',
      'nn:openlg-upper-tier:e06000001',
      'nn:openlg-lower-tier:e06000001',
    ])
      assert.ok(ids.includes(id), `${id} in ${ids.join(', ')}`);
    assert.ok(!ids.includes('dfe-sn:e06000002'), 'not another council’s neighbours');
  });

  it('describes a group with its members', async () => {
    const unitaries = (await get('/api/v1/groups/type:unitary')).json().group;
    // Today's 62 and the two abolished in 2019 (Bournemouth, Poole): a comparison keeps those
    // that existed in its period.
    assert.equal(unitaries.members, 64);
    assert.equal(unitaries.areas.length, 64);
    const kent = (await get('/api/v1/groups/county:e10000016')).json().group;
    assert.equal(kent.kind, 'county-districts');
    assert.equal(kent.members, 12);
    const dfe = (await get('/api/v1/groups/dfe-sn:e06000001')).json().group;
    assert.equal(dfe.subject, 'E06000001');
    // The DfE table's first statistical neighbour of Hartlepool (805) is Redcar and Cleveland (807).
    assert.equal(dfe.areas[0].code, 'E06000003');
    assert.equal(dfe.areas[0].band, 'very close');
    assert.equal(dfe.areas.length, 10);
    assert.equal((await get('/api/v1/groups?kind=region')).json().groups.length, 18);
    const missing = await get('/api/v1/groups/type:parish');
    assert.equal(missing.statusCode, 404);
    assert.match(missing.json().detail, /type:parish/);
    assert.equal((await get('/api/v1/groups?kind=club')).json().parameter, 'kind');
  });

  it('gives an area’s nearest neighbours with distances, bands and reasons', async () => {
    const response = await get('/api/v1/areas/E06000001/neighbours');
    assert.equal(response.statusCode, 200);
    const body = response.json();
    assert.equal(body.group.model, 'openlg-upper-tier');
    assert.equal(body.group.modelVersion, '2026.2');
    assert.equal(
      body.group.label,
      '15 most similar councils that run social care, children’s services and education (nearest neighbours)',
    );
    assert.equal(body.neighbours.length, 15);
    const distances = body.neighbours.map((n: { distance: number }) => n.distance);
    assert.deepEqual(
      distances,
      [...distances].sort((a, b) => a - b),
    );
    assert.ok(distances.every((d: number) => d > 0 && d <= 1));
    assert.ok(!body.neighbours.some((n: { code: string }) => n.code === 'E06000001'));
    const [first] = body.neighbours;
    assert.equal(first.mostAlike.length, 3);
    assert.ok(['very close', 'close', 'somewhat close'].includes(first.band));
    const shares = first.features.reduce((s: number, f: { share: number }) => s + f.share, 0);
    assert.ok(Math.abs(shares - 1) < 1e-9);

    assert.equal((await get('/api/v1/areas/E06000001/neighbours?k=5')).json().neighbours.length, 5);
    const dfe = (
      await get('/api/v1/areas/E06000001/neighbours?model=dfe-statistical-neighbours')
    ).json();
    assert.equal(dfe.neighbours.length, 10);
    const district = (await get('/api/v1/areas/E07000223/neighbours')).json();
    assert.equal(district.group.model, 'openlg-lower-tier');
    for (const k of ['0', '16', 'x'])
      assert.equal((await get(`/api/v1/areas/E06000001/neighbours?k=${k}`)).json().parameter, 'k');
    const model = await get('/api/v1/areas/E06000001/neighbours?model=cipfa');
    assert.equal(model.statusCode, 404);
    assert.match(model.json().detail, /cipfa/);
    assert.equal((await get('/api/v1/areas/E06009999/neighbours')).statusCode, 404);
  });

  it('agrees with the DfE statistical neighbours far better than region or chance', async () => {
    const validation = await new GroupsService(t.database.db).validateAgainstDfe();
    assert.equal(validation.subjects, 153);
    assert.ok(validation.openlg > 2 * validation.sameRegion, JSON.stringify(validation));
    assert.ok(validation.sameRegion > validation.random, JSON.stringify(validation));
  });

  it('ranks an area in a group exactly as an independent calculation over the source CSV', async () => {
    const period = '2023-09-01/P1Y';
    const response = await get(
      `/api/v1/compare?metric=gcses-in-english-and-maths&area=E06000001&group=type:unitary&period=${encodeURIComponent(period)}`,
    );
    assert.equal(response.statusCode, 200);
    const body = response.json();
    assert.equal(body.value.value, 74.064);
    assert.equal(body.period.label, '2023/24');

    // Independently: the unitaries' values straight from the published CSV.
    const unitaries = new Set<string>(
      (await get('/api/v1/groups/type:unitary'))
        .json()
        .group.areas.map((a: { code: string }) => a.code),
    );
    unitaries.add('E06000001');
    const csv = parse(
      await readFile(
        path.join(dataDir, 'metrics/ons-explore-local-statistics/gcses-in-english-and-maths.csv'),
      ),
      { bom: true, columns: true },
    ) as Record<string, string>[];
    const values = csv
      .filter((r) => r.period === period && unitaries.has(r.areacd ?? '') && r.observation !== '')
      .map((r) => ({ area: r.areacd ?? '', value: Number(r.observation) }));
    const sorted = values.map((v) => v.value).sort((a, b) => a - b);
    const mid = Math.floor(sorted.length / 2);
    const median =
      sorted.length % 2 ? sorted[mid] : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
    assert.equal(body.statistics.n, values.length);
    assert.equal(body.statistics.median, median);
    const standings = body.standings as Standing[];
    for (const { area, value } of values) {
      const higher = values.filter((v) => v.value > value).length;
      assert.equal(standings.find((s) => s.area === area)?.rank, higher + 1, area);
    }
    assert.equal(body.standing.rank, values.filter((v) => v.value > 74.064).length + 1);
    assert.ok(body.benchmarks.england.value > 0);
    assert.ok(['better', 'similar', 'worse', 'not-tested'].includes(body.significance.england));
    assert.ok(body.directionOfTravel.from.code === '2022-09-01/P1Y');
    assert.ok(body.recentTrend.periods >= 3);
  });

  it('compares with the nearest neighbours by default, and with a custom list', async () => {
    const neighbours = (await get('/api/v1/compare?metric=employment-rate&area=E06000001')).json();
    assert.equal(neighbours.group.id, 'nn:openlg-upper-tier:e06000001');
    assert.equal(neighbours.group.size, 16);
    assert.equal(neighbours.period.code, '2023-01-01/P1Y');
    // Employment rates carry confidence intervals, so significance is tested.
    assert.notEqual(neighbours.significance.england, 'not-tested');
    const custom = (
      await get(
        '/api/v1/compare?metric=employment-rate&area=E06000001&group=custom:E06000002,E06000003',
      )
    ).json();
    assert.equal(custom.group.size, 3);
    assert.equal(custom.statistics.n, 3);
  });

  it('shows an area profile of headline metrics against the chosen group', async () => {
    const page = await get('/areas/E06000001');
    assert.equal(page.statusCode, 200);
    assert.match(
      page.body,
      /<h2 class="govuk-heading-l" id="how-it-compares">How Hartlepool compares<\/h2>/,
    );
    assert.match(page.body, /its 15 nearest neighbours<\/strong> \(16 councils/);
    assert.match(page.body, /href="\/metrics\/gcses-in-english-and-maths\?area=E06000001"/);
    assert.match(
      page.body,
      /<caption[^>]*>Headline measures: Children and young people<\/caption>/,
    );
    // GCSEs 2024/25: the latest figure, with its rank and a sparkline with a text alternative.
    assert.match(page.body, />70\.2%<br><span class="govuk-body-s">2024\/25<\/span>/);
    assert.match(page.body, /\d+(st|nd|rd|th) of 16, (best|second|third|worst) quarter/);
    assert.match(page.body, /<svg[^>]*role="img"/);
    assert.match(
      page.body,
      /<option value="dfe-sn:e06000001"[^>]*>DfE statistical neighbours<\/option>/,
    );
    assert.match(page.body, /<option value="nn:openlg-upper-tier:e06000001" selected>/);

    const unitaries = await get('/areas/E06000001?group=type:unitary');
    assert.match(unitaries.body, /All unitary authorities<\/strong> \(62 councils/);
    assert.match(unitaries.body, /<option value="type:unitary" selected>/);
    assert.match(
      unitaries.body,
      /href="\/metrics\/gcses-in-english-and-maths\?area=E06000001&amp;group=type%3Aunitary"/,
    );
    const abolished = await get('/areas/E10000006');
    assert.match(abolished.body, /How Cumbria compares/);
    assert.match(abolished.body, /All county councils<\/strong>/);
    assert.equal((await get('/areas/E06000001?group=type:parish')).statusCode, 404);
    const bad = await get('/areas/E06000001?group=custom:E0600000X');
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /E0600000X/);
  });

  it('names a metropolitan district’s neighbours in plain words, saying why it is among them', async () => {
    const page = await get('/metrics/gcses-in-english-and-maths?area=E08000016');
    assert.equal(page.statusCode, 200);
    assert.match(
      page.body,
      /Barnsley among 15 most similar councils that run social care, children’s services and education \(nearest neighbours\)/,
    );
    assert.doesNotMatch(page.body, /counties and unitaries|openlg nearest/);
    const neighbours = await get('/areas/E08000016/neighbours');
    assert.match(
      neighbours.body,
      /Barnsley is among them because a metropolitan district runs social care, children’s services and education itself/,
    );
  });

  it('shows a metric page: ranked group, time series and map, each with its table and downloads', async () => {
    const page = await get(
      '/metrics/gcses-in-english-and-maths?area=E06000001&group=type:unitary&period=2023-09-01%2FP1Y',
    );
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<h1 class="govuk-heading-xl">GCSEs in English and Maths<\/h1>/);
    assert.match(page.body, /Higher is better/);
    assert.match(page.body, /Hartlepool among All unitary authorities, 2023\/24/);
    const charts = page.body.match(/<svg[^>]*role="img"/g) ?? [];
    assert.equal(charts.length, 3);
    assert.match(page.body, /◆ Hartlepool/);
    assert.match(page.body, /74\.1%/);
    // The over-time chart's title names its span, the council and its comparators.
    assert.match(
      page.body,
      /<caption[^>]*>GCSEs in English and Maths, \d{4}\/\d{2} to 2023\/24: Hartlepool, the median of All unitary authorities and England/,
    );
    assert.match(
      page.body,
      /href="\/api\/v1\/data\?metric=gcses-in-english-and-maths&amp;group=type%3Aunitary&amp;period=2023-09-01%2FP1Y&amp;format=csv"/,
    );
    assert.match(page.body, /<option value="2023-09-01\/P1Y" selected>2023\/24<\/option>/);
    const chooser = await get('/metrics/gcses-in-english-and-maths');
    assert.equal(chooser.statusCode, 200);
    assert.match(chooser.body, /Choose a council/);
    assert.equal((await get('/metrics/no-such-metric')).statusCode, 404);
    assert.equal((await get('/metrics/gcses-in-english-and-maths?area=E06009999')).statusCode, 404);
    assert.equal(
      (await get('/metrics/gcses-in-english-and-maths?area=E06000001&period=soon')).statusCode,
      400,
    );
  });

  it('shows similar councils with distances, bands and what makes them alike', async () => {
    const profile = await get('/areas/E07000223');
    assert.match(profile.body, /href="\/areas\/E07000223\/neighbours"/);
    const page = await get('/areas/E07000223/neighbours');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<h1 class="govuk-heading-xl">Councils similar to Adur<\/h1>/);
    assert.equal((page.body.match(/<tr class="govuk-table__row">/g) ?? []).length, 16);
    assert.match(
      page.body,
      /<td class="govuk-table__cell govuk-table__cell--numeric">0\.\d{3}<\/td>/,
    );
    assert.match(page.body, /(Very close|Close|Somewhat close)<\/td>/);
    assert.match(page.body, /Population density|Resident population|Deprivation score/);
    const dfe = await get('/areas/E06000001/neighbours?model=dfe-statistical-neighbours');
    assert.match(dfe.body, /DfE statistical neighbours, nearest first/);
    assert.match(dfe.body, /<option value="dfe-statistical-neighbours" selected>/);
    assert.equal((await get('/areas/E06000001/neighbours?model=cipfa')).statusCode, 404);
    const moved = await get('/areas/E08000020/neighbours');
    assert.equal(moved.statusCode, 301);
    assert.equal(moved.headers.location, '/areas/E08000037/neighbours');
  });

  it('finds measures from the one search box, and lists them by theme', async () => {
    const search = await get('/areas?q=employment');
    assert.match(search.body, /href="\/metrics\/employment-rate">Employment rate<\/a>/);
    const home = await get('/');
    assert.match(
      home.body,
      /href="\/metrics\?theme=economy-and-skills">Economy and skills<\/a> <span class="govuk-body-s">\(\d+\)/,
    );
    const list = await get('/metrics?theme=culture-tourism-and-sport');
    assert.equal(list.statusCode, 200);
    assert.match(list.body, /4 measures in Culture, tourism and sport/);
    assert.match(list.body, /href="\/metrics\/visited-a-public-library"/);
    const words = await get('/metrics?q=healthy+life&theme=');
    assert.match(words.body, /2 measures for “healthy life”/);
    assert.equal((await get('/metrics?theme=sport')).statusCode, 400);
  });

  /** The page's text as a reader sees it, without tags. */
  const text = (html: string) =>
    html
      .replace(/<svg[\s\S]*?<\/svg>/g, ' ')
      .replace(/<[^>]+>/g, ' ')
      .replace(/&#39;|&rsquo;/g, '’')
      .replace(/\s+/g, ' ');
  const errorSummary = (html: string) =>
    text(/<div class="govuk-error-summary"[\s\S]*?<\/ul>/.exec(html)?.[0] ?? '');

  it('compares councils typed by name or code, results first, ranked, with England', async () => {
    const page = await get(
      '/compare?areas=hartlepool%0AE06000002%0ARedcar+%26+Cleveland&metrics=employment-rate&metrics=gcses-in-english-and-maths&action=compare',
    );
    assert.equal(page.statusCode, 200);
    const body = text(page.body);
    assert.match(body, /Latest figures/);
    assert.ok(
      body.indexOf('Latest figures') < body.indexOf('Change the comparison'),
      'results come before the form',
    );
    assert.match(
      body,
      /Hartlepool 67\.9% 70\.2% Middlesbrough 64\.4% 63\.6% Redcar and Cleveland 74\.3% 74\.7% England \d/,
    );
    // Employment: Redcar best of the three, Middlesbrough last; England is not ranked.
    assert.match(
      body,
      /Redcar and Cleveland 74\.3% 1st of 3 Hartlepool 67\.9% 2nd of 3 Middlesbrough 64\.4% 3rd of 3 England [\d.]+% Not ranked: for reference/,
    );
    // The names resolved are written back with their codes, for the next submission.
    assert.match(page.body, /Hartlepool \(E06000001\)\nMiddlesbrough \(E06000002\)/);
    assert.match(page.body, /<input[^>]*value="employment-rate"[^>]*checked/);
    // Each measure's trend: one line for each council and England, with its table.
    const trend =
      /<svg[^>]*>[\s\S]*?<\/svg>/.exec(page.body.slice(page.body.indexOf('Over time')))?.[0] ?? '';
    assert.match(trend, /role="img"/);
    for (const name of ['Hartlepool', 'Middlesbrough', 'Redcar and Cleveland', 'England'])
      assert.match(trend, new RegExp(`>${name}</text>`));
    assert.match(body, /The figures over time/);
    assert.match(
      page.body,
      /href="\/compare\.csv\?areas=E06000001%2CE06000002%2CE06000003&amp;metrics=employment-rate&amp;metrics=gcses-in-english-and-maths"/,
    );
  });

  it('downloads exactly the rows shown, as CSV and as a workbook', async () => {
    const query =
      'areas=E06000001%2CE06000002%2CE06000003&metrics=employment-rate&metrics=gcses-in-english-and-maths';
    const csv = await get(`/compare.csv?${query}`);
    assert.equal(csv.statusCode, 200);
    assert.match(csv.headers['content-type'] as string, /text\/csv/);
    const rows = parse(csv.body.replace(/^\uFEFF/, ''), { columns: true }) as Record<
      string,
      string
    >[];
    assert.deepEqual(
      rows
        .filter((r) => r.measure === rows[0]?.measure)
        .map((r) => [r.area_name, r.value_shown, r.rank]),
      [
        ['Redcar and Cleveland', '74.3%', '1st of 3'],
        ['Hartlepool', '67.9%', '2nd of 3'],
        ['Middlesbrough', '64.4%', '3rd of 3'],
        ['England', rows[3]?.value_shown ?? '', 'reference'],
      ],
    );
    assert.equal(rows.length, 8);
    assert.ok(Number(rows[0]?.value) > 74.2 && Number(rows[0]?.value) < 74.4, 'unrounded value');
    const xlsx = await get(`/compare.xlsx?${query}`);
    assert.equal(xlsx.statusCode, 200);
    const cells = await workbookCells(xlsx.rawPayload);
    for (const want of ['Redcar and Cleveland', '74.3%', '1st of 3', 'England', 'reference'])
      assert.ok(cells.includes(want), `${want} in the workbook`);
    assert.equal(
      (await get('/compare.csv?areas=Nowhereton&metrics=employment-rate')).statusCode,
      400,
    );
  });

  it('asks which council an ambiguous name means, keeping every other choice', async () => {
    const ask = await get(
      '/compare?areas=Kingston%0AHartlepool&metrics=employment-rate&q=library&action=compare',
    );
    assert.equal(ask.statusCode, 400);
    assert.match(errorSummary(ask.body), /Choose which council “Kingston” means/);
    assert.match(ask.body, /href="#pick0"/);
    assert.match(text(ask.body), /Which “Kingston” do you mean\?/);
    assert.match(
      ask.body,
      /<input[^>]*id="pick0"[^>]*name="pick0"[^>]*type="radio"[^>]*value="E06000010"/,
    );
    assert.match(ask.body, /value="E09000021"/);
    assert.match(ask.body, /<input[^>]*value="employment-rate"[^>]*checked/);
    assert.match(ask.body, /<input[^>]*name="q"[^>]*value="library"/);
    assert.match(ask.body, /<title>Error: /);
    const answered = await get(
      '/compare?areas=Kingston%0AHartlepool&pick0=E09000021&metrics=employment-rate&action=compare',
    );
    assert.equal(answered.statusCode, 200);
    assert.match(
      text(answered.body),
      /Latest figures Council .* Kingston upon Thames [\d.]+% Hartlepool 67\.9%/,
    );
    assert.match(answered.body, /Kingston upon Thames \(E09000021\)/);
    // A misspelt name finds its nearest councils, and asks rather than guesses.
    const typo = await get('/compare?areas=Hartlepol&metrics=employment-rate&action=compare');
    assert.match(errorSummary(typo.body), /Choose which council “Hartlepol” means/);
    assert.match(typo.body, /<input[^>]*name="pick0"[^>]*type="radio"[^>]*value="E06000001"/);
  });

  it('searches the whole catalogue for measures, without losing those chosen', async () => {
    const search = await get(
      '/compare?areas=Hartlepool&metrics=employment-rate&q=library&action=search',
    );
    assert.equal(search.statusCode, 200);
    assert.equal(errorSummary(search.body), '');
    assert.match(text(search.body), /\d+ measures? match(es)? “library”/);
    assert.match(search.body, /<input[^>]*value="visited-a-public-library"/);
    assert.match(search.body, /<input[^>]*value="employment-rate"[^>]*checked/);
    assert.match(search.body, /<textarea[^>]*>Hartlepool \(E06000001\)<\/textarea>/);
    const chosen = await get(
      '/compare?areas=Hartlepool&metrics=employment-rate&metrics=visited-a-public-library&action=compare',
    );
    assert.equal(chosen.statusCode, 200);
    assert.match(text(chosen.body), /Visited a public library/i);
  });

  it('says what is missing or wrong in the error summary, in plain words', async () => {
    const empty = await get('/compare?areas=&q=&action=compare');
    assert.equal(empty.statusCode, 400);
    assert.equal(
      errorSummary(empty.body),
      ' There is a problem Enter the councils to compare, by name or code Choose at least one measure to compare ',
    );
    assert.match(empty.body, /href="#areas"/);
    assert.match(empty.body, /href="#metrics"/);
    // Each message is also said above its own field.
    assert.match(
      empty.body,
      /id="areas-error"[^>]*>\s*<span[^>]*>Error:<\/span> Enter the councils/,
    );
    assert.match(
      empty.body,
      /id="metrics-error"[^>]*>\s*<span[^>]*>Error:<\/span> Choose at least/,
    );
    const unknown = await get(
      '/compare?areas=Nowhereton%0AHartlepool&metrics=employment-rate&action=compare',
    );
    assert.match(errorSummary(unknown.body), /No council is called “Nowhereton”/);
    assert.match(unknown.body, /<textarea[^>]*>Nowhereton\nHartlepool \(E06000001\)<\/textarea>/);
    const eleven = Array.from(
      { length: 11 },
      (_, i) => `E060000${String(i + 1).padStart(2, '0')}`,
    ).join(',');
    const many = await get(`/compare?areas=${eleven}&metrics=employment-rate`);
    assert.match(errorSummary(many.body), /Enter at most 10 councils: there are 11/);
    const gone = await get('/compare?areas=E06000001&metrics=nothing-like-it');
    assert.match(errorSummary(gone.body), /A measure you chose is no longer published/);
    for (const page of [empty, unknown, many, gone])
      assert.doesNotMatch(errorSummary(page.body), /areas|metrics|slug|GSS/);
    // A link that only fills in councils is not a failed comparison.
    const prefilled = await get('/compare?areas=E06000001,E06000002');
    assert.equal(prefilled.statusCode, 200);
    assert.equal(errorSummary(prefilled.body), '');
  });

  it('fills in the councils from the neighbours page and from a group', async () => {
    const neighbours = await get('/areas/E06000001/neighbours');
    const link = /href="(\/compare\?areas=[^"]+)"/
      .exec(neighbours.body)?.[1]
      ?.replaceAll('&amp;', '&');
    assert.ok(link, 'a compare link on the neighbours page');
    const codes = decodeURIComponent(link.split('=')[1] ?? '').split(',');
    assert.equal(codes.length, 10);
    assert.equal(codes[0], 'E06000001');
    const filled = await get(link);
    assert.match(filled.body, /<textarea[^>]*>Hartlepool \(E06000001\)\n/);
    const group = await get('/compare?group=dfe-sn:e06000001');
    assert.equal(group.statusCode, 200);
    assert.match(
      group.body,
      /<textarea[^>]*>Hartlepool \(E06000001\)\nRedcar and Cleveland \(E06000003\)/,
    );
    assert.match(text(group.body), /has 11 councils: the first 10 are filled in/);
    const missing = await get('/compare?group=nope:nothing');
    assert.match(errorSummary(missing.body), /no longer exists/);
  });

  it('answers unknown things with 404 naming them and bad parameters with 400', async () => {
    const cases: [string, number, RegExp | string][] = [
      ['metric=no-such&area=E06000001', 404, /no-such/],
      ['metric=employment-rate&area=E06009999', 404, /E06009999/],
      ['metric=employment-rate&area=E06000001&group=region:nowhere', 404, /region:nowhere/],
      ['metric=employment-rate&area=E06000001&period=1999-01-01/P5Y', 404, /1999-01-01\/P5Y/],
      [
        'metric=employment-rate&area=E06000001&period=2024-09-01/P1Y',
        404,
        /no data|Data for employment-rate/i,
      ],
      // Smoking prevalence is published for districts and unitaries, not counties.
      [
        'metric=cigarette-smokers&area=E10000016&group=type:county',
        404,
        /in the group type:county/,
      ],
      ['metric=employment-rate&area=E06000001&period=2019', 400, 'period'],
      ['metric=employment-rate&area=E06000001&group=custom:E0600000X', 400, 'group'],
      ['metric=employment-rate&area=Hartlepool', 400, 'area'],
      ['area=E06000001', 400, 'metric'],
    ];
    for (const [query, status, expected] of cases) {
      const response = await get(`/api/v1/compare?${query}`);
      assert.equal(response.statusCode, status, query);
      assert.match(response.headers['content-type'] as string, /problem\+json/);
      if (typeof expected === 'string') assert.equal(response.json().parameter, expected, query);
      else assert.match(response.json().detail, expected, query);
    }
  });
});
