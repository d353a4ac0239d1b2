/**
 * A report's changes as an Atom 1.0 feed (RFC 4287): each publication or revision of one of its
 * figures for an area, in words. Pure: the states come from the value history, public only.
 */
import { formatValue, shown } from '../charts/format.ts';
import { escapeXml } from '../shared/svg.ts';
import type { PublishedState } from '../values/values.service.ts';
import { describeChange, type FigureChange } from './report.changes.ts';

/** The most entries a feed holds: the newest. */
export const feedSize = 50;

export interface FeedEntry {
  id: string;
  published: Date;
  title: string;
  link: string;
}

const say = (s: PublishedState) =>
  formatValue(shown(s), { decimalPlaces: s.decimal_places, unit: s.unit });

/**
 * Each state told as a change from the state of the same figure shown before it (none: a new
 * figure), newest first, up to `feedSize`; a state shown again unchanged is no news.
 */
export function feedEntries(
  states: readonly PublishedState[],
  link: (s: PublishedState) => string,
): FeedEntry[] {
  const before = new Map<string, PublishedState>();
  const entries: FeedEntry[] = [];
  for (const s of [...states].sort((a, b) => a.published_at.getTime() - b.published_at.getTime())) {
    const key = `${s.slug} ${s.period_code}`;
    const old = before.get(key);
    before.set(key, s);
    const base = { slug: s.slug, title: s.title, period: s.period_label };
    const change: FigureChange = old
      ? { ...base, kind: 'revised', from: say(old), to: say(s) }
      : { ...base, kind: 'new-period', value: say(s), before: null };
    if (change.kind === 'revised' && change.from === change.to) continue;
    const at = s.published_at;
    entries.push({
      id: `${link(s)}#${s.period_code}-${at.getTime()}`,
      published: at,
      title: describeChange(change),
      link: link(s),
    });
  }
  return entries.reverse().slice(0, feedSize);
}

export interface Feed {
  /** The feed's own address, absolute: its id too. */
  self: string;
  /** The report page it tells of. */
  alternate: string;
  title: string;
  author: string;
  entries: readonly FeedEntry[];
}

/** The feed as Atom XML. Its `updated` is its newest entry's, else the moment it was asked for. */
export function atomFeed(feed: Feed, now: Date = new Date()): string {
  const x = escapeXml;
  const updated = (feed.entries[0]?.published ?? now).toISOString();
  const entries = feed.entries.map(
    (e) => `  <entry>
    <id>${x(e.id)}</id>
    <title>${x(e.title)}</title>
    <updated>${e.published.toISOString()}</updated>
    <published>${e.published.toISOString()}</published>
    <link rel="alternate" type="text/html" href="${x(e.link)}"/>
    <summary>${x(e.title)}</summary>
  </entry>`,
  );
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom">',
    `  <id>${x(feed.self)}</id>`,
    `  <title>${x(feed.title)}</title>`,
    `  <updated>${updated}</updated>`,
    `  <author><name>${x(feed.author)}</name></author>`,
    `  <link rel="self" type="application/atom+xml" href="${x(feed.self)}"/>`,
    `  <link rel="alternate" type="text/html" href="${x(feed.alternate)}"/>`,
    ...entries,
    '</feed>',
    '',
  ].join('\n');
}
