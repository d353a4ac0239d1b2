import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { openContextApp, openTestApp, type TestApp } from '../testing/app.ts';

interface ApiArea {
  code: string;
  name: string;
  type: string;
  validFrom: string | null;
  validTo: string | null;
  parents: Record<string, { code: string; name: string }>;
}

describe('areas over HTTP', () => {
  let t: TestApp;
  before(async () => {
    t = await openTestApp();
  });
  after(() => t.close());

  const get = (url: string) => t.app.inject({ method: 'GET', url });

  it('lists the 317 current English principal councils', async () => {
    const response = await get(
      '/api/v1/areas?type=county,district,unitary,metropolitan-district,london-borough,sui-generis&current=true',
    );
    assert.equal(response.statusCode, 200);
    assert.match(response.headers['content-type'] as string, /application\/json/);
    const { areas } = response.json() as { areas: ApiArea[] };
    assert.equal(areas.length, 317);
    const byType: Record<string, number> = {};
    for (const a of areas) byType[a.type] = (byType[a.type] ?? 0) + 1;
    assert.deepEqual(byType, {
      county: 21,
      district: 164,
      unitary: 62,
      'metropolitan-district': 36,
      'london-borough': 32,
      'sui-generis': 2,
    });
    const adur = areas.find((a) => a.code === 'E07000223');
    assert.equal(adur?.parents['upper-tier']?.code, 'E10000032');
    assert.equal(adur?.parents.region?.name, 'South East');
  });

  it('lists abolished councils with current=false', async () => {
    const { areas } = (await get('/api/v1/areas?type=district&current=false')).json() as {
      areas: ApiArea[];
    };
    assert.ok(areas.some((a) => a.code === 'E07000026' && a.validTo === '2023-04-01'));
    assert.ok(areas.every((a) => a.validTo !== null && a.type === 'district'));
  });

  it('gives an area with parents, children and history', async () => {
    const cumbria = (await get('/api/v1/areas/E10000006')).json() as ApiArea & {
      children: { code: string; relation: string }[];
      successors: { code: string }[];
    };
    assert.equal(cumbria.type, 'county');
    assert.equal(cumbria.validTo, '2023-04-01');
    assert.deepEqual(cumbria.successors.map((s) => s.code).sort(), ['E06000063', 'E06000064']);
    assert.ok(cumbria.children.some((c) => c.code === 'E07000026' && c.relation === 'upper-tier'));

    const cumberland = (await get('/api/v1/areas/E06000063')).json() as {
      predecessors: { code: string; date: string }[];
    };
    const allerdale = cumberland.predecessors.find((p) => p.code === 'E07000026');
    assert.equal(allerdale?.date, '2023-04-01');
  });

  it('answers codes case-insensitively', async () => {
    const response = await get('/api/v1/areas/e06000001');
    assert.equal(response.statusCode, 200);
    assert.equal((response.json() as ApiArea).name, 'Hartlepool Borough Council');
  });

  it('gives problem+json 404 for an unknown area', async () => {
    const response = await get('/api/v1/areas/E06999999');
    assert.equal(response.statusCode, 404);
    assert.match(response.headers['content-type'] as string, /application\/problem\+json/);
    const problem = response.json() as { status: number; detail: string; title: string };
    assert.equal(problem.status, 404);
    assert.match(problem.detail, /E06999999/);
  });

  it('gives problem+json 400 naming a bad parameter', async () => {
    for (const [url, parameter] of [
      ['/api/v1/areas?type=parish', 'type'],
      ['/api/v1/areas?current=yes', 'current'],
      ['/api/v1/areas?colour=blue', 'colour'],
    ] as const) {
      const response = await get(url);
      assert.equal(response.statusCode, 400, url);
      const problem = response.json() as { detail: string; parameter?: string };
      if (parameter) assert.equal(problem.parameter, parameter, url);
      assert.match(problem.detail, parameter ? new RegExp(parameter) : /colour/, url);
    }
  });

  it('never shows a stack trace', async () => {
    const response = await get('/api/v1/areas?type=%ZZ');
    assert.ok(response.statusCode < 500);
    assert.doesNotMatch(response.body, /at .*\.ts:\d+/);
  });

  it('reports health', async () => {
    const response = await get('/healthz');
    assert.equal(response.statusCode, 200);
    assert.equal((response.json() as { status: string }).status, 'ok');
  });

  it('renders the home page with councils by type', async () => {
    const response = await get('/');
    assert.equal(response.statusCode, 200);
    const html = response.body;
    assert.match(html, /<title>Compare councils with councils like them – openlg<\/title>/);
    assert.match(html, /County councils \(21\)/);
    assert.match(html, /District councils \(164\)/);
    assert.match(html, /href="\/areas\/E06000001">Hartlepool</);
    // Browse by region too: the North East has 7 unitaries and 5 metropolitan districts.
    assert.match(
      html,
      /href="\/areas\/E12000001">North East<\/a> <span class="govuk-body-s">\(12 councils\)/,
    );
    assert.equal((html.match(/href="\/areas\/E12\d{6}"/g) ?? []).length, 9);
    assert.match(html, /class="govuk-skip-link"/);
    assert.match(html, /Open Government Licence v3\.0/);
    assert.doesNotMatch(html, /govuk-header__logotype|GOV\.UK/);
  });

  it('renders an area page with its facts, parents and boundary map', async () => {
    const html = (await get('/areas/E07000223')).body;
    assert.match(html, /<h1 class="govuk-heading-xl">Adur<\/h1>/);
    assert.match(html, /District council/);
    assert.match(html, /href="\/areas\/E10000032">West Sussex</);
    assert.match(html, /Police force area/);
    assert.match(html, /<svg[^>]*role="img"/);
    assert.match(html, /<title[^>]*>Map of Adur<\/title>/);
  });

  it('tells readers an abolished council was replaced', async () => {
    const html = (await get('/areas/E07000026')).body;
    assert.match(html, /abolished on 1 April 2023/);
    assert.match(html, /href="\/areas\/E06000063">Cumberland</);
  });

  it('finds councils by name variant and code', async () => {
    const byName = (await get('/areas?q=bournemouth+christchurch')).body;
    assert.match(byName, /href="\/areas\/E06000058"/);
    // An exact code is not a search: it opens the council's page (src/search).
    const byCode = await get('/areas?q=e06000001');
    assert.equal(byCode.statusCode, 302);
    assert.equal(byCode.headers.location, '/areas/E06000001');
  });

  it('renders a GOV.UK style 404 page with a search box', async () => {
    const response = await get('/areas/E06999999');
    assert.equal(response.statusCode, 404);
    assert.match(response.headers['content-type'] as string, /text\/html/);
    assert.match(response.body, /Page not found/);
    assert.match(response.body, /name="q"/);
  });

  it('renders a 400 page naming the field at fault by its label, not its parameter', async () => {
    const response = await get('/areas?type=parish');
    assert.equal(response.statusCode, 400);
    assert.match(response.body, /There is a problem with the request/);
    assert.match(response.body, /Type of council: choose one of the options offered/);
    assert.doesNotMatch(response.body, /type: each type must be one of/);
  });

  it('serves the stylesheet without the GDS Transport font', async () => {
    const response = await get('/assets/openlg.css');
    assert.equal(response.statusCode, 200);
    assert.match(response.body, /system-ui/);
    assert.doesNotMatch(response.body, /GDS Transport/);
  });

  it('documents the area endpoints with working examples', async () => {
    const html = (await get('/api')).body;
    const examples = [...html.matchAll(/href="(\/api\/v1\/[^"]+)"/g)].map((m) =>
      m[1]!.replaceAll('&amp;', '&'),
    );
    assert.ok(examples.length >= 2);
    for (const url of examples) {
      const response = await get(url);
      assert.equal(response.statusCode, 200, url);
    }
  });
});

/** The rows of a profile page as a reader sees them: measure, figure and rank, in order. */
function shownRows(html: string) {
  const text = (s: string) =>
    s
      .replace(/<[^>]+>/g, ' ')
      .replaceAll('&amp;', '&')
      .replaceAll('&#39;', "'")
      .replace(/\s+/g, ' ')
      .trim();
  return [
    ...html.matchAll(
      /<th scope="row" class="govuk-table__header"><a[^>]*>([^<]+)<\/a><\/th>\s*<td class="govuk-table__cell govuk-table__cell--numeric">([^<]+)(?:<br>.*?)?<\/td>\s*<td class="govuk-table__cell"[^>]*>(.*?)<\/td>/gs,
    ),
  ].map((m) => ({ measure: text(m[1] ?? ''), value: text(m[2] ?? ''), rank: text(m[3] ?? '') }));
}

describe('council profiles on real data', () => {
  let t: TestApp;
  const get = (url: string) => t.app.inject({ method: 'GET', url });
  before(async () => {
    t = await openContextApp();
  });
  after(() => t.close());

  it('answers at a glance, in words beside every colour', async () => {
    const page = await get('/areas/E08000016');
    assert.equal(page.statusCode, 200);
    const html = page.body;
    assert.match(html, /<title>Barnsley compared with its 15 nearest neighbours – openlg<\/title>/);
    assert.match(
      html,
      /Of the \d+ measures with a figure for Barnsley, \d+ (is|are) in the worst quarter of the group and \d+ in the best; \d+ got worse since the previous figure and \d+ got better; \d+ (is|are) significantly worse than England/,
    );
    assert.match(html, /Where Barnsley is in the worst quarter \(\d+\)/);
    // Each coloured tag says what it means; the interval is given where there is one.
    assert.match(
      html,
      /<strong class="govuk-tag govuk-tag--red">worst quarter<\/strong><br>1\d(st|nd|rd|th) of 16/,
    );
    assert.match(
      html,
      /<strong class="govuk-tag govuk-tag--red">Worse than England<\/strong><br>England /,
    );
    assert.match(html, /95% interval [\d.]+ yrs to [\d.]+ yrs/);
    // Headlines by theme, then every other measure the council has, folded by theme.
    assert.match(html, /<h4 class="govuk-heading-m">Children and young people<\/h4>/);
    assert.match(html, /Every other measure Barnsley has/);
    assert.match(
      html,
      /<span class="govuk-details__summary-text">Economy and skills \(\d+ measures?\)/,
    );
    assert.match(html, />Economically inactive</);
  });

  it('says which group a metropolitan district is ranked in, and why', async () => {
    const html = (await get('/areas/E08000016')).body;
    assert.match(html, /ranked within\s+<strong>its 15 nearest neighbours<\/strong>/);
    assert.match(
      html,
      /A metropolitan district runs social care, children’s services and education itself/,
    );
    assert.doesNotMatch(html, /counties and unitaries/);
    assert.match(
      html,
      /<option value="nn:openlg-upper-tier:e08000016" selected>Nearest neighbours among councils running social care and education/,
    );
  });

  it('gives the reason for every missing figure', async () => {
    const adur = (await get('/areas/E07000223')).body;
    assert.match(
      adur,
      />Persistent absences for all pupils<\/a><\/th>\s*<td[^>]*>No figure<\/td>\s*<td[^>]*>Not collected for district councils</,
    );
    const cumberland = (await get('/areas/E06000063')).body;
    assert.match(
      cumberland,
      />No figure<\/td>\s*<td[^>]*>The council did not exist in the periods published</,
    );
    for (const html of [adur, cumberland])
      assert.doesNotMatch(html, />No figure<\/td>\s*<td[^>]*><\/td>/);
  });

  it('sorts the rows without JavaScript, worst in the group first', async () => {
    const html = (await get('/areas/E08000016?sort=worst')).body;
    assert.match(html, /<strong aria-current="true">worst in the group first<\/strong>/);
    assert.match(html, /href="\/areas\/E08000016\?sort=name#measures">measure name, A to Z</);
    const bands = ['worst quarter', 'third quarter', 'second quarter', 'best quarter'];
    const firstTable = html.slice(
      html.indexOf('id="measures"'),
      html.indexOf('</table>', html.indexOf('id="measures"')),
    );
    const order = shownRows(firstTable).map((r) => bands.findIndex((b) => r.rank.startsWith(b)));
    assert.ok(order.length > 2);
    assert.deepEqual(
      order,
      [...order].sort((a, b) => a - b),
      order.join(),
    );
    assert.equal((await get('/areas/E08000016?sort=best')).statusCode, 400);
  });

  it('takes a theme and page of other measures, and refuses ones that are not', async () => {
    // Below the folding limit the page is the same whichever theme is asked for.
    const opened = await get('/areas/E08000016?theme=workforce&page=2');
    assert.equal(opened.statusCode, 200);
    assert.match(opened.body, /Every other measure Barnsley has/);
    for (const query of ['theme=gardening', 'theme=workforce&page=0', 'page=two'])
      assert.equal((await get(`/areas/E08000016?${query}`)).statusCode, 400, query);
  });

  it('downloads the profile exactly as shown, as CSV and Excel', async () => {
    const query = 'group=type:metropolitan-district&sort=worst';
    const html = (await get(`/areas/E08000016?${query}`)).body;
    assert.match(
      html,
      /href="\/areas\/E08000016\.csv\?group=type%3Ametropolitan-district&amp;sort=worst"/,
    );
    const shown = shownRows(html);
    const csv = await get(`/areas/E08000016.csv?${query}`);
    assert.equal(csv.statusCode, 200);
    assert.match(csv.headers['content-type'] as string, /^text\/csv/);
    assert.match(csv.headers['content-disposition'] as string, /E08000016-profile\.csv/);
    assert.equal((await get(`/areas/E08000016?${query}&format=csv`)).body, csv.body);
    const records = parse(csv.body, { columns: true, bom: true }) as Record<string, string>[];
    assert.equal(records.length, shown.length);
    records.forEach((r, i) => {
      const row = shown[i];
      assert.equal(r.measure, row?.measure, `row ${i}`);
      assert.equal(r.value_shown, row?.value, r.measure);
      if (r.rank)
        assert.match(
          row?.rank ?? '',
          new RegExp(`^\\D*${r.rank}(st|nd|rd|th) of ${r.out_of}\\b`),
          r.measure,
        );
      else if (r.no_figure_reason) assert.equal(row?.rank, r.no_figure_reason, r.measure);
      assert.equal(r.group, 'All metropolitan districts');
      assert.ok(r.source && r.licence, r.measure);
    });
    const gcse = records.find((r) => r.measure_id === 'gcses-in-english-and-maths');
    assert.equal(gcse?.unit, '%');
    assert.equal(gcse?.period, '2024/25');
    const shownValue = gcse?.value_shown?.replace('%', '');
    assert.notEqual(gcse?.value, shownValue, 'the unrounded value');
    assert.equal(Number(gcse?.value).toFixed(1), shownValue);

    const xlsx = await get(`/areas/E08000016.xlsx?${query}`);
    assert.equal(xlsx.statusCode, 200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('Profile');
    const measures: string[] = [];
    sheet?.eachRow((row, n) => {
      if (n > 1) measures.push(String(row.getCell(3).value));
    });
    assert.deepEqual(
      measures,
      records.map((r) => r.measure),
    );
    // Every cell as the CSV has it: numbers as numbers, unrounded, figures shown to the row's
    // decimal places (a CSV's text that a spreadsheet would run as a formula has a quote ahead).
    const columns = Object.keys(records[0] ?? {});
    assert.deepEqual((sheet?.getRow(1).values as unknown[]).slice(1), columns);
    records.forEach((record, i) => {
      const row = sheet?.getRow(i + 2);
      columns.forEach((column, j) => {
        const cell = row?.getCell(j + 1);
        const text = record[column] ?? '';
        const value = cell?.value ?? null;
        if (typeof value === 'number') {
          assert.equal(String(value), text, `${record.measure_id} ${column}`);
          const decimals = /\.(\d+)/.exec(record.value_shown ?? '')?.[1]?.length ?? 0;
          if (column === 'value')
            assert.equal(
              cell?.numFmt ?? '0',
              decimals > 0 ? `0.${'0'.repeat(decimals)}` : '0',
              `${record.measure_id} shown as on the page`,
            );
        } else
          assert.equal(
            value ?? '',
            text.replace(/^'(?=[=+\-@])/, ''),
            `${record.measure_id} ${column}`,
          );
      });
    });
    const about = workbook.getWorksheet('About');
    assert.equal(about?.getCell('A1').value, 'Barnsley compared with All metropolitan districts');
  });

  it('keeps the download when a council has a new code', async () => {
    const moved = await get('/areas/E08000020.csv?sort=name');
    assert.equal(moved.statusCode, 301);
    assert.equal(moved.headers.location, '/areas/E08000037.csv?sort=name');
    assert.equal((await get('/areas/E07000223.txt')).statusCode, 404);
  });
});
