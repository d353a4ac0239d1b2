import { nameKey } from '../areas/register/register.reader.ts';
import type { Db } from '../db/database.ts';
import { publicSight, type Sight } from '../db/visibility.ts';
import * as repository from './search.repository.ts';
import type { SearchAreaResult, SearchMetricResult } from './search.schema.ts';

/** Narrows the councils a search finds: by type, current or abolished. */
export type AreaFilter = repository.AreaFilter;

/** How many councils and measures one search lists at most. */
export const searchLimits = { areas: 50, metrics: 50 } as const;

/** What a search found: one place to go, or ranked councils and measures (maybe none). */
export type SearchOutcome =
  | { kind: 'exact'; location: string }
  | { kind: 'results'; areas: SearchAreaResult[]; metrics: SearchMetricResult[] }
  | { kind: 'empty' };

export class SearchService {
  constructor(private readonly db: Db) {}

  /**
   * A GSS code (current or former), a council's exact name (any known spelling) or a measure's
   * exact title or slug goes straight to its page; anything else lists what matches, best first.
   * Measures are those a reader with `sight` (the public's by default) may know.
   */
  async search(
    query: string,
    filter: AreaFilter = {},
    sight: Sight = publicSight,
  ): Promise<SearchOutcome> {
    const key = nameKey(query);
    if (key === '') return { kind: 'empty' };
    const exact = await this.exact(query.trim(), key, filter, sight);
    if (exact) return { kind: 'exact', location: exact };
    return { kind: 'results', ...(await this.ranked(key, filter, sight)) };
  }

  /** For the API: the page an exact match goes to (or null), and everything that matches. */
  async find(query: string, sight: Sight = publicSight) {
    const key = nameKey(query);
    if (key === '') return { exact: null, areas: [], metrics: [] };
    return {
      exact: (await this.exact(query.trim(), key, {}, sight)) ?? null,
      ...(await this.ranked(key, {}, sight)),
    };
  }

  private async ranked(key: string, filter: AreaFilter, sight: Sight) {
    const terms = { key, words: key.split(' ') };
    const { areas, metrics } = await this.db.transaction().execute(async (trx) => {
      await repository.preferIndexes(trx);
      return {
        areas: await repository.searchAreas(trx, terms, filter, searchLimits.areas),
        // A search narrowed to kinds of council is a search for councils.
        metrics: filter.types
          ? []
          : await repository.searchMetrics(trx, terms, searchLimits.metrics, sight),
      };
    });
    return {
      areas: areas.map((a) => ({
        code: a.code,
        name: a.short_name,
        type: a.type,
        abolished: a.valid_to,
        score: round(a.score),
      })),
      metrics: metrics.map((m) => ({ ...m, score: round(m.score) })),
    };
  }

  private async exact(text: string, key: string, filter: AreaFilter, sight: Sight) {
    const areas = await repository.exactAreas(this.db, key, text.toUpperCase());
    const wanted = areas.filter(
      (a) =>
        (filter.current === undefined || a.current === filter.current) &&
        (!filter.types || filter.types.includes(a.type)),
    );
    // A name an abolished council shared with its successor means the council there now.
    const current = wanted.filter((a) => a.current);
    const only = current.length === 1 ? current[0] : wanted.length === 1 ? wanted[0] : undefined;
    if (only) return `/areas/${only.code}`;
    if (wanted.length > 1 || filter.types) return undefined;
    const slug = await repository.exactMetric(this.db, text, sight);
    return slug ? `/metrics/${slug}` : undefined;
  }
}

function round(score: number): number {
  return Math.round(score * 1000) / 1000;
}
