import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PublishedState } from '../values/values.service.ts';
import { atomFeed, feedEntries, feedSize } from './report-feed.ts';

const at = (minute: number) => new Date(Date.UTC(2026, 10, 1, 9, minute));

function state(period: string, value: number, minute: number): PublishedState {
  return {
    slug: 'employment-rate',
    title: 'Employment rate',
    unit: '%',
    decimal_places: 1,
    period_code: period,
    period_label: period,
    value,
    lci: null,
    uci: null,
    status: 'ok',
    published_at: at(minute),
  };
}

const link = (s: PublishedState) => `https://openlg.example/metrics/${s.slug}/areas/E06000001`;

describe('a report feed', () => {
  it('tells each state as a new figure or a revision of the one before, newest first', () => {
    const entries = feedEntries(
      [state('2023', 74.1, 5), state('2022', 70, 1), state('2023', 74.1, 7), state('2022', 71, 3)],
      link,
    );
    assert.deepEqual(
      entries.map((e) => e.title),
      [
        'Employment rate: new figure for 2023, 74.1%',
        'Employment rate, 2022: revised from 70.0% to 71.0%',
        'Employment rate: new figure for 2022, 70.0%',
      ],
      'the same figure again is no news',
    );
    assert.deepEqual(
      entries.map((e) => e.published),
      [at(5), at(3), at(1)],
    );
    assert.equal(new Set(entries.map((e) => e.id)).size, 3, 'each entry has its own id');
  });

  it(`keeps the newest ${feedSize}`, () => {
    const many = Array.from({ length: 60 }, (_v, i) => state(String(1960 + i), i, i));
    const entries = feedEntries(many, link);
    assert.equal(entries.length, feedSize);
    assert.match(entries[0]?.title ?? '', /new figure for 2019/);
  });

  it('writes Atom with the feed and entry elements it requires, escaped', () => {
    const xml = atomFeed({
      self: 'https://openlg.example/reports/x/changes.atom?area=E06000001&a=1',
      alternate: 'https://openlg.example/reports/x?area=E06000001',
      title: 'Tom & Jerry <council>',
      author: 'openlg',
      entries: feedEntries([state('2023', 1, 1)], link),
    });
    assert.match(xml, /<title>Tom &amp; Jerry &lt;council&gt;<\/title>/);
    assert.match(xml, /<link rel="self" [^>]*href="[^"]*area=E06000001&amp;a=1"\/>/);
    assert.match(xml, /<feed[^>]*>\n {2}<id>[\s\S]*<updated>2026-11-01T09:01:00.000Z<\/updated>/);
    for (const tag of ['id', 'title', 'updated'])
      assert.match(xml, new RegExp(`<entry>[\\s\\S]*<${tag}>[^<]+</${tag}>[\\s\\S]*</entry>`));
    const empty = atomFeed(
      { self: 's', alternate: 'a', title: 't', author: 'o', entries: [] },
      at(9),
    );
    assert.match(empty, /<updated>2026-11-01T09:09:00.000Z<\/updated>/);
    assert.doesNotMatch(empty, /<entry>/);
  });
});
