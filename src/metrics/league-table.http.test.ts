import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import { GroupsService } from '../groups/groups.service.ts';
import { dataDir, openTestApp, type TestApp } from '../testing/app.ts';
import { importValues } from '../testing/values.ts';

const hartlepool = 'E06000001';
const middlesbrough = 'E06000002';
const cumberland = 'E06000063';
const kent = 'E10000016';
const surrey = 'E10000030';
const allerdale = 'E07000026';
const dartford = 'E07000107';
const england = 'E92000001';
const northEast = 'E12000001';
const southEast = 'E12000008';
const y2023 = '2023-04-01/P1Y';
const y2024 = '2024-04-01/P1Y';
const pounds = { unit: '£', decimalPlaces: 2 };

/** The text of the page with tags and runs of white space collapsed, as a reader sees it. */
const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;/g, "'")
    .replace(/\s+/g, ' ');

/** One league table's rows as "rank name figure", in the order shown. */
function tableRows(html: string, id: string): string[] {
  const table = html.match(new RegExp(`<table[^>]*id="${id}"[\\s\\S]*?</table>`))?.[0] ?? '';
  const bodies = table.match(/<tbody class="govuk-table__body">[\s\S]*?<\/tbody>/g) ?? [];
  const ranked = bodies.at(-1) ?? '';
  return (ranked.match(/<tr[\s\S]*?<\/tr>/g) ?? []).map((row) => text(row).trim());
}

describe('a measure page with no council chosen: the league table of every council', () => {
  let t: TestApp;
  const get = (url: string) => t.app.inject({ method: 'GET', url });
  const page = async (url: string) => {
    const response = await get(url);
    assert.equal(response.statusCode, 200, response.body);
    return response.body;
  };

  before(async () => {
    t = await openTestApp();
    // Allerdale was abolished on 1 April 2023; a 2024/25 value is published for it all the same.
    await importValues(
      t.database,
      'tier-tax',
      y2024,
      {
        [hartlepool]: 2100,
        [middlesbrough]: 2200,
        [cumberland]: 2000,
        [kent]: 1600,
        [surrey]: 1700,
        [allerdale]: 250,
        [dartford]: 230,
        [england]: 2171,
        [northEast]: 2300,
        [southEast]: 2250,
      },
      {},
      pounds,
    );
    await importValues(
      t.database,
      'tier-tax',
      y2023,
      { [hartlepool]: 2000, [kent]: 1500 },
      {},
      pounds,
    );
    // As the council tax catalogue declares for Band D: three tiers, each ranked on its own.
    await t.database.db
      .updateTable('metric_definitions')
      .set({
        comparable_across:
          'county|district|london-borough,metropolitan-district,sui-generis,unitary',
      })
      .execute();
    await importValues(t.database, 'district-only', y2024, { [dartford]: 10, [allerdale]: 12 });
    await new GroupsService(t.database.db).ensureGroups(dataDir);
  });
  after(() => t.close());

  it('ranks every council within the sets the measure compares, abolished ones unranked', async () => {
    const body = await page('/metrics/tier-tax');
    assert.match(body, /<title>Test tier-tax: every council ranked, 2024\/25 – openlg<\/title>/);
    assert.match(text(body), /Every council, 2024\/25/);
    assert.match(text(body), /each type is ranked on its own/);
    // Sets largest first: unitaries (3), then county councils and district councils (2 each).
    assert.deepEqual(tableRows(body, 'league-1'), [
      '1 Middlesbrough £2,200.00',
      '2 Hartlepool £2,100.00',
      '3 Cumberland £2,000.00',
    ]);
    assert.deepEqual(tableRows(body, 'league-2'), ['1 Surrey £1,700.00', '2 Kent £1,600.00']);
    assert.deepEqual(tableRows(body, 'league-3'), [
      '1 Dartford £230.00',
      'Not ranked: did not exist then Allerdale £250.00',
    ]);
    assert.match(text(body), /Allerdale was abolished on 1 April 2023/);
    assert.match(body, /<a class="govuk-link" href="\/areas\/E06000002">Middlesbrough<\/a>/);
    // One dot plot a set, each council labelled.
    assert.equal((body.match(/<svg[^>]*class="app-chart app-chart--dot-plot"/g) ?? []).length, 3);
    assert.match(body, /<text[^>]*>1\. Middlesbrough<\/text>/);
    // England's whole bill is no tier's figure: it heads the tables but is not drawn.
    assert.doesNotMatch(body, />England £/);
  });

  it('shows England and the regions as reference rows, apart from the ranking', async () => {
    const body = await page('/metrics/tier-tax');
    const table = body.match(/<table[^>]*id="league-1"[\s\S]*?<\/table>/)?.[0] ?? '';
    const reference = table.match(/<tbody[^>]*openlg-league__reference[\s\S]*?<\/tbody>/)?.[0];
    assert.ok(reference, 'a reference row group');
    assert.deepEqual(
      (reference.match(/<tr[\s\S]*?<\/tr>/g) ?? []).map((r) => text(r).trim()),
      [
        'Reference England £2,171.00',
        'Reference North East £2,300.00',
        'Reference South East £2,250.00',
      ],
    );
    const filtered = await page(`/metrics/tier-tax?region=${southEast}`);
    assert.doesNotMatch(text(filtered), /Reference North East/);
    assert.match(text(filtered), /Reference South East/);
  });

  it('filters by type, tier and region with a GET form, blanks meaning all', async () => {
    const counties = await page('/metrics/tier-tax?type=county&region=');
    assert.match(text(counties), /County councils, 2024\/25/);
    assert.deepEqual(tableRows(counties, 'league-1'), ['1 Surrey £1,700.00', '2 Kent £1,600.00']);
    assert.doesNotMatch(counties, /id="league-2"/);
    assert.match(counties, /<option value="county" selected>County councils<\/option>/);
    const southEastOnly = await page(`/metrics/tier-tax?region=${southEast}&type=&period=`);
    assert.match(text(southEastOnly), /Every council in South East, 2024\/25/);
    const shown = [...southEastOnly.matchAll(/href="\/areas\/(E0[67]\d+|E10\d+)"/g)].map(
      (m) => m[1],
    );
    assert.deepEqual(shown.sort(), [dartford, kent, surrey].sort());
    const upper = await page(`/metrics/tier-tax?type=upper-tier&region=${northEast}`);
    assert.deepEqual(tableRows(upper, 'league-1'), [
      '1 Middlesbrough £2,200.00',
      '2 Hartlepool £2,100.00',
    ]);
    const none = await page(`/metrics/tier-tax?type=london-borough`);
    assert.match(text(none), /No council of this type in this region has a figure/);
    assert.equal((await get('/metrics/tier-tax?type=parish')).statusCode, 400);
    assert.equal((await get('/metrics/tier-tax?region=E06000001')).statusCode, 400);
  });

  it('shows an earlier period when asked, and keeps it in the sort links', async () => {
    const body = await page(`/metrics/tier-tax?period=${encodeURIComponent(y2023)}`);
    assert.match(text(body), /Every council, 2023\/24/);
    // One council in each set: county councils, then unitaries, by name.
    assert.deepEqual(tableRows(body, 'league-1'), ['1 Kent £1,500.00']);
    assert.deepEqual(tableRows(body, 'league-2'), ['1 Hartlepool £2,000.00']);
    assert.match(
      body,
      /href="\/metrics\/tier-tax\?period=2023-04-01%2FP1Y&amp;sort=name&amp;order=asc#league-table"/,
    );
    assert.match(body, /<input type="hidden" name="period" value="2023-04-01\/P1Y">/);
  });

  it('sorts by the column links, without script, unranked councils always last', async () => {
    const byName = await page('/metrics/tier-tax?type=district&sort=name&order=desc');
    assert.deepEqual(tableRows(byName, 'league-1'), [
      '1 Dartford £230.00',
      'Not ranked: did not exist then Allerdale £250.00',
    ]);
    const byValue = await page('/metrics/tier-tax?sort=value&order=asc');
    assert.deepEqual(tableRows(byValue, 'league-1'), [
      '3 Cumberland £2,000.00',
      '2 Hartlepool £2,100.00',
      '1 Middlesbrough £2,200.00',
    ]);
    assert.match(
      byValue,
      /aria-sort="ascending"><a class="govuk-link" href="\/metrics\/tier-tax\?sort=value&amp;order=desc#league-table">Figure/,
    );
    assert.match(
      byValue,
      /aria-sort="none"><a class="govuk-link" href="\/metrics\/tier-tax\?sort=rank&amp;order=asc#league-table">Rank/,
    );
    const worstFirst = await page('/metrics/tier-tax?sort=rank&order=desc');
    assert.deepEqual(
      tableRows(worstFirst, 'league-1').map((r) => r.split(' ')[1]),
      ['Cumberland', 'Hartlepool', 'Middlesbrough'],
    );
    assert.equal((await get('/metrics/tier-tax?sort=population')).statusCode, 400);
  });

  it('downloads each set as shown, reference rows heading each, unranked councils saying why', async () => {
    const csv = await get('/metrics/tier-tax.csv?sort=value&order=asc');
    assert.equal(csv.statusCode, 200, csv.body);
    const records = parse(csv.body, { bom: true }) as string[][];
    const lines = records.map((fields) => fields.slice(4, 12).join('|'));
    const unitaries =
      'London boroughs, metropolitan districts, sui generis authorities and unitary authorities';
    const reference = (among: string) => [
      `${among}|reference|Reference||E92000001|England|Nation|£2,171.00`,
      `${among}|reference|Reference||E12000001|North East|Region|£2,300.00`,
      `${among}|reference|Reference||E12000008|South East|Region|£2,250.00`,
    ];
    assert.deepEqual(lines.slice(1), [
      ...reference(unitaries),
      `${unitaries}|council|3|3|${cumberland}|Cumberland|Unitary authority|£2,000.00`,
      `${unitaries}|council|2|2|${hartlepool}|Hartlepool|Unitary authority|£2,100.00`,
      `${unitaries}|council|1|1|${middlesbrough}|Middlesbrough|Unitary authority|£2,200.00`,
      ...reference('county councils'),
      `county councils|council|2|2|${kent}|Kent|County council|£1,600.00`,
      `county councils|council|1|1|${surrey}|Surrey|County council|£1,700.00`,
      ...reference('district councils'),
      `district councils|council|1|1|${dartford}|Dartford|District council|£230.00`,
      `district councils|council|Not ranked: did not exist then||${allerdale}|Allerdale|District council|£250.00`,
    ]);
  });

  it('offers only the councils whose type has the measure, and says why when one has none', async () => {
    const league = await page('/metrics/district-only');
    assert.match(league, /<option value="E07000107">Dartford<\/option>/);
    assert.doesNotMatch(league, /<option value="E10000016"/, 'no county in the picker');
    assert.doesNotMatch(league, /<option value="E06000001"/, 'no unitary in the picker');
    const kentPage = await page(`/metrics/district-only?area=${kent}`);
    assert.match(
      text(kentPage),
      /Kent is a county council\. Test district-only is published for district councils only, so there is no figure for Kent\./,
    );
    assert.doesNotMatch(kentPage, /<table/);
  });

  it('names the council, group and period, and links back to the profile with the group', async () => {
    const group = `custom:${hartlepool},${middlesbrough}`;
    const body = await page(`/metrics/tier-tax?area=${hartlepool}&group=${group}`);
    assert.match(
      body,
      /<title>Test tier-tax: Hartlepool among Custom group, 2024\/25 – openlg<\/title>/,
    );
    assert.match(
      body,
      /<option value="custom:E06000001,E06000002" selected>Custom group \(2 councils\)<\/option>/,
    );
    assert.match(
      body,
      /class="govuk-breadcrumbs__link" href="\/metrics\/tier-tax">Test tier-tax<\/a>/,
    );
    assert.match(
      body,
      /<a class="govuk-link" id="profile-link" href="\/areas\/E06000001\?group=custom%3AE06000001%2CE06000002">Back to Hartlepool&#39;s profile, compared with Custom group<\/a>/,
    );
    const stored = await page(`/metrics/tier-tax?area=${hartlepool}&group=tier:upper`);
    assert.match(stored, /href="\/areas\/E06000001\?group=tier%3Aupper"/);
    assert.equal((stored.match(/ selected>/g) ?? []).length, 3, 'one choice per select');
  });
});
