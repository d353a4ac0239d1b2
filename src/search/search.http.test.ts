import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openTestApp, type TestApp } from '../testing/app.ts';
import { loadSearchData } from './search.fixture.ts';

describe('search over HTTP', () => {
  let t: TestApp;
  const get = (url: string) => t.app.inject({ method: 'GET', url });
  before(async () => {
    t = await openTestApp();
    await loadSearchData(t.database);
  });
  after(() => t.close());

  it('goes straight to the page of an exact name, code, former code or measure', async () => {
    for (const [url, location] of [
      ['/search?q=Hartlepool', '/areas/E06000001'],
      ['/search?q=e06000001', '/areas/E06000001'],
      ['/areas?q=E06000001', '/areas/E06000001'],
      ['/areas?q=E08000020', '/areas/E08000037'],
      ['/search?q=bournemouth%2C+christchurch+%26+poole', '/areas/E06000058'],
      ['/search?q=Employment+rate', '/metrics/employment-rate'],
      ['/search?q=gcses-in-english-and-maths', '/metrics/gcses-in-english-and-maths'],
    ] as const) {
      const response = await get(url);
      assert.equal(response.statusCode, 302, url);
      assert.equal(response.headers.location, location, url);
    }
  });

  it('lists councils and measures by relevance, tolerating typos', async () => {
    const typo = await get('/search?q=Hartlepol');
    assert.equal(typo.statusCode, 200);
    assert.match(typo.body, /1 council for “Hartlepol”/);
    assert.match(typo.body, /href="\/areas\/E06000001">Hartlepool</);

    const gcse = (await get('/areas?q=gcse+english+maths')).body;
    const first =
      /aria-labelledby="measures-heading">\s*<li><a class="govuk-link" href="([^"]+)"/.exec(gcse);
    assert.equal(first?.[1], '/metrics/gcses-in-english-and-maths');

    const kingston = (await get('/search?q=kingston')).body;
    const links = [...kingston.matchAll(/href="\/(areas|metrics)\/[^"]+">([^<]+)</g)].map(
      (m) => m[2],
    );
    assert.deepEqual(links.slice(0, 2), ['Kingston upon Hull', 'Kingston upon Thames']);
  });

  it('marks abolished councils and keeps /areas narrowing by type', async () => {
    const harrogate = (await get('/search?q=harrogat')).body;
    assert.match(
      harrogate,
      /Harrogate<\/a>\s*<span class="govuk-body-s">District council, E07000165, <strong>abolished 1 April 2023<\/strong>/,
    );
    const unitary = (await get('/areas?q=kingston&type=unitary')).body;
    assert.match(unitary, /1 council for “kingston”/);
    assert.doesNotMatch(unitary, /measures-heading/);
    const listed = await get('/areas?type=county&current=true');
    assert.match(listed.body, /21 councils/);
  });

  it('shows the form for an empty search and refuses an overlong one', async () => {
    const empty = await get('/search?q=');
    assert.equal(empty.statusCode, 200);
    assert.match(empty.body, /<h1 class="govuk-heading-l">Find a council or a measure<\/h1>/);
    assert.doesNotMatch(empty.body, /results-heading/);
    assert.equal((await get('/search')).statusCode, 200);
    const long = await get(`/search?q=${'x'.repeat(101)}`);
    assert.equal(long.statusCode, 400);
    assert.match(long.body, /must be at most 100 characters/);
  });

  it('puts one search form in the header of every page but the search pages', async () => {
    const headerForm =
      /<form class="openlg-header-search" action="\/search" method="get" role="search" aria-label="Search councils and measures">\s*<label class="govuk-visually-hidden" for="header-search">[^<]+<\/label>\s*<input class="govuk-input openlg-header-search__input" id="header-search" name="q" type="search"[^>]*>\s*<button class="govuk-button openlg-header-search__button"[^>]*>Search<\/button>\s*<\/form>/g;
    for (const url of [
      '/areas/E06000001',
      '/metrics',
      '/metrics/employment-rate',
      '/compare',
      '/compare?areas=nowhere-at-all&metrics=employment-rate',
      '/methodology',
      '/api',
      '/status',
      '/accessibility',
      '/privacy',
      '/contact',
      '/metrics/employment-rate?sort=population',
    ]) {
      const response = await get(url);
      assert.ok(response.statusCode < 500, `${url}: ${response.statusCode}`);
      assert.equal((response.body.match(headerForm) ?? []).length, 1, url);
    }
    // Where the page itself is that search, a second box would compete with it.
    for (const url of ['/', '/search', '/search?q=Hartlepol', '/areas?q=kingston', '/nowhere'])
      assert.doesNotMatch((await get(url)).body, /openlg-header-search/, url);
  });

  it('answers the same search as JSON, naming the exact match', async () => {
    const response = await get('/api/v1/search?q=Kingston');
    assert.equal(response.statusCode, 200);
    const body = response.json() as {
      q: string;
      exact: string | null;
      areas: { code: string; name: string; abolished: string | null; score: number }[];
      metrics: { slug: string; score: number }[];
    };
    assert.equal(body.exact, null);
    assert.deepEqual(
      body.areas.slice(0, 2).map((a) => a.name),
      ['Kingston upon Hull', 'Kingston upon Thames'],
    );
    const exact = (await get('/api/v1/search?q=hartlepool')).json() as typeof body;
    assert.equal(exact.exact, '/areas/E06000001');
    assert.equal(exact.areas[0]?.code, 'E06000001');
  });
});
