import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { buildApp } from '../app/app.ts';
import { createServices } from '../app/services.ts';
import { loadConfig } from '../config/config.ts';
import type { Database } from '../db/database.ts';
import { dataDir, openContextDatabase } from '../testing/app.ts';

const slug = 'gcses-in-english-and-maths';

/** A cell's text as a reader sees it: tags dropped, entities read, white space collapsed. */
const text = (html: string) =>
  html
    .replace(/<span class="govuk-visually-hidden">[\s\S]*?<\/span>/g, '')
    .replace(/<[^>]+>/g, '')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();

/** Every row of every league table on the page, in order, as [rank cell, name, figure]. */
function shownRows(html: string): string[][] {
  const tables = html.match(/<table class="govuk-table openlg-league"[\s\S]*?<\/table>/g) ?? [];
  return tables.flatMap((table) =>
    (table.match(/<tbody[\s\S]*?<\/tbody>/g) ?? []).flatMap((body) =>
      (body.match(/<tr[\s\S]*?<\/tr>/g) ?? []).map((row) =>
        (row.match(/<t[hd][^>]*>[\s\S]*?<\/t[hd]>/g) ?? []).map(text),
      ),
    ),
  );
}

const withoutNonces = (html: string) => html.replaceAll(/nonce="[^"]*"/g, '');

type Record = { [column: string]: string };

describe('measure page downloads hold the table shown', () => {
  let database: Database;
  let app: Awaited<ReturnType<typeof buildApp>>;
  const get = (url: string) => app.inject({ method: 'GET', url });

  before(async () => {
    database = await openContextDatabase();
    app = await buildApp(
      loadConfig({ LOG_LEVEL: 'silent', OPENLG_DATA_DIR: dataDir }),
      createServices(database),
    );
  });
  after(async () => {
    await app.close();
    await database.close();
  });

  /** The page, the link it offers and the CSV behind the link, parsed. */
  async function pageAndCsv(query: string) {
    const page = await get(`/metrics/${slug}${query}`);
    assert.equal(page.statusCode, 200, page.body);
    const link = /<a class="govuk-link" href="([^"]+\.csv[^"]*)" download>CSV/.exec(page.body)?.[1];
    assert.ok(link, 'a CSV link on the page');
    const csv = await get(link.replaceAll('&amp;', '&'));
    assert.equal(csv.statusCode, 200, csv.body);
    assert.match(String(csv.headers['content-type']), /^text\/csv/);
    const records = parse(csv.body, { columns: true, bom: true }) as Record[];
    return { html: page.body, link, records };
  }

  for (const [what, query, expectedLink] of [
    ['every council, best first', '', `/metrics/${slug}.csv`],
    [
      'London boroughs by name, Z to A',
      '?type=london-borough&region=&sort=name&order=desc',
      `/metrics/${slug}.csv?type=london-borough&amp;sort=name&amp;order=desc`,
    ],
    [
      'upper-tier councils in the North West by figure, an earlier period',
      '?type=upper-tier&region=E12000002&sort=value&order=asc&period=2022-09-01%2FP1Y',
      `/metrics/${slug}.csv?type=upper-tier&amp;region=E12000002&amp;period=2022-09-01%2FP1Y&amp;sort=value&amp;order=asc`,
    ],
  ] as const)
    it(`has the same rows, order, ranks and rounding as the page: ${what}`, async () => {
      const { html, link, records } = await pageAndCsv(query);
      assert.equal(link, expectedLink);
      const shown = shownRows(html);
      assert.ok(shown.length > 5, `${shown.length} rows shown`);
      assert.deepEqual(
        records.map((r) => [r.rank_shown, r.area_name, r.value_shown]),
        shown,
      );
      const reference = records.filter((r) => r.row === 'reference');
      assert.equal(reference[0]?.area_name, 'England');
      assert.ok(reference.every((r) => r.rank === '' && r.rank_shown === 'Reference'));
      for (const r of records.filter((r) => r.value !== '')) {
        // The figure shown is the unrounded value to the measure's one decimal place.
        assert.equal(`${Number(r.value).toFixed(1)}%`, r.value_shown, JSON.stringify(r));
        assert.equal(r.measure, 'GCSEs in English and Maths');
        assert.equal(r.unit, '%');
        assert.match(r.licence ?? '', /Open Government Licence/);
        assert.notEqual(r.source, '');
      }
      const ranked = records.filter((r) => r.row === 'council' && r.rank !== '');
      assert.ok(ranked.every((r) => (r.rank_shown ?? '').replace('=', '') === r.rank));
      assert.ok(
        records.some((r) => r.value !== '' && r.value !== (r.value_shown ?? '').replace('%', '')),
        'some value is unrounded',
      );
    });

  it('holds the same in the workbook, with the title, period and licence', async () => {
    const query = '?type=london-borough&sort=name&order=desc';
    const { records } = await pageAndCsv(query);
    const xlsx = await get(`/metrics/${slug}.xlsx${query}`);
    assert.equal(xlsx.statusCode, 200);
    assert.match(String(xlsx.headers['content-disposition']), /\.xlsx"$/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('League table');
    const header = (sheet?.getRow(1).values as unknown[]).slice(1);
    const rows: string[][] = [];
    sheet?.eachRow((row, n) => {
      if (n > 1) rows.push(header.map((_, i) => String(row.getCell(i + 1).value ?? '')));
    });
    assert.deepEqual(
      rows,
      records.map((r) => header.map((name) => r[String(name)] ?? '')),
    );
    assert.equal(sheet?.getCell('M2').numFmt, '0.0', 'figures shown to one decimal place');
    const about = workbook.getWorksheet('About');
    assert.match(String(about?.getCell('A1').value), /^GCSEs in English and Maths: /);
    const facts = new Map<string, string>();
    about?.eachRow((row) => facts.set(String(row.getCell(1).value), String(row.getCell(2).value)));
    assert.equal(facts.get('Unit'), '%');
    assert.match(facts.get('Licence') ?? '', /Open Government Licence/);
    assert.equal(facts.get('Period'), records[0]?.period);
  });

  it('downloads a council page’s tables as shown: over time, ranked and the map', async () => {
    const page = await get(`/metrics/${slug}?area=E06000001`);
    assert.equal(page.statusCode, 200, page.body);
    for (const chart of ['over-time', 'ranked', 'map']) {
      const at = page.body.search(new RegExp(`href="/metrics/${slug}/charts/${chart}\\.csv\\?`));
      assert.ok(at > 0, `a link to the ${chart} table`);
      const link = /href="([^"]+)"/.exec(page.body.slice(at))?.[1]?.replaceAll('&amp;', '&');
      const before = page.body.slice(0, at);
      const table = before.slice(before.lastIndexOf('<table class="govuk-table">'));
      const shown = (table.match(/<tr[\s\S]*?<\/tr>/g) ?? []).map((row) =>
        (row.match(/<t[hd][^>]*>[\s\S]*?<\/t[hd]>/g) ?? []).map((c) => text(c).replace(/^◆ /, '')),
      );
      const csv = await get(link ?? '');
      assert.equal(csv.statusCode, 200, csv.body);
      const [header = [], ...rows] = parse(csv.body, { bom: true }) as string[][];
      const asShown = (fields: readonly string[]) =>
        fields.filter((_, i) => {
          const name = header[i] ?? '';
          return (
            !name.endsWith(' (unrounded)') && !['table', 'unit', 'source', 'licence'].includes(name)
          );
        });
      assert.ok(shown.length > 2, `${chart}: ${shown.length} rows`);
      assert.deepEqual([asShown(header), ...rows.map(asShown)], shown, chart);
      const caption = text(/<caption[^>]*>([\s\S]*?)<\/caption>/.exec(table)?.[1] ?? '');
      assert.ok(
        rows.every(
          (r) => r[header.indexOf('table')] === caption && r[header.indexOf('unit')] === '%',
        ),
      );
      // Each figure's unrounded value, rounded to the measure's one place, is the cell shown.
      const figure = header.findIndex((name) => name.endsWith(' (unrounded)'));
      assert.ok(figure > 0, `${chart}: an unrounded column`);
      const figures = rows.filter((r) => r[figure] !== '');
      assert.ok(figures.length > 0);
      for (const r of figures) assert.equal(`${Number(r[figure]).toFixed(1)}%`, r[figure - 1]);
      const xlsx = await get((link ?? '').replace('.csv?', '.xlsx?'));
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
      const sheet = workbook.getWorksheet('Table');
      assert.equal(sheet?.rowCount, rows.length + 1);
      assert.equal(workbook.getWorksheet('About')?.getCell('A1').value, caption);
    }
  });

  it('refuses a bad query as the page does', async () => {
    for (const query of ['?type=parish', '?sort=population', '?region=E06000001']) {
      const page = await get(`/metrics/${slug}${query}`);
      assert.equal(page.statusCode, 400);
      for (const format of ['csv', 'xlsx']) {
        const file = await get(`/metrics/${slug}.${format}${query}`);
        assert.equal(file.statusCode, 400, query);
        assert.equal(withoutNonces(file.body), withoutNonces(page.body));
      }
    }
    assert.equal((await get('/metrics/no-such-measure.csv')).statusCode, 404);
    // With a council chosen the page shows other tables: each downloads from its own link.
    const council = await get(`/metrics/${slug}.csv?area=E06000001`);
    assert.equal(council.statusCode, 400);
    assert.match(council.body, /download each table from the link below it/);
    assert.equal(
      (await get(`/metrics/${slug}/charts/over-time.ods?area=E06000001`)).statusCode,
      400,
    );
  });
});
