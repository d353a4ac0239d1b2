import { sql } from 'kysely';
import type { Executor } from '../db/database.ts';
import {
  coverageSeenBy,
  definitionPublicAt,
  publicCoverage,
  type Sight,
} from '../db/visibility.ts';
import type { AreaType, Theme } from '../db/vocabulary.ts';

/** What the search reads of a query: its text as typed and its words, normalised. */
export interface SearchTerms {
  /** The area name key of the query (lower case, letters and digits, single spaces). */
  key: string;
  /** The query's words: letters and digits only, so they are safe inside a tsquery. */
  words: readonly string[];
}

export interface AreaFilter {
  types?: readonly AreaType[];
  current?: boolean;
}

export interface AreaHit {
  code: string;
  name: string;
  short_name: string;
  type: AreaType;
  valid_to: string | null;
  score: number;
}

export interface MetricHit {
  slug: string;
  title: string;
  theme: Theme | null;
  score: number;
}

/*
 * pg_trgm's operators are costed like plain comparisons, so on tables this small the planner
 * prefers reading every row and computing its trigrams to using the trigram and text indexes:
 * on the demo store, 18 ms instead of 0.5 ms for councils and 30 ms instead of 1 ms for
 * measures, on PostgreSQL (more on PGlite). Inside the search's transaction only, it is told
 * to use them.
 */
export async function preferIndexes(trx: Executor): Promise<void> {
  await sql`select set_config('enable_seqscan', 'off', true),
    set_config('enable_indexonlyscan', 'off', true)`.execute(trx);
}

/*
 * Areas are matched on every spelling the register knows (area_names), by trigram word
 * similarity: "kingston" is a whole word of "kingston upon hull" (1.0) and "hartlepol" shares
 * most trigrams with "hartlepool". A fragment anywhere in a name still matches, as it always did.
 */
export async function searchAreas(
  db: Executor,
  terms: SearchTerms,
  filter: AreaFilter,
  limit: number,
): Promise<AreaHit[]> {
  const types = filter.types && filter.types.length > 0 ? filter.types : null;
  const current =
    filter.current === undefined
      ? sql``
      : filter.current
        ? sql`and a.valid_to is null`
        : sql`and a.valid_to is not null`;
  const result = await sql<AreaHit>`
    with n as materialized (select area_code, name_key from area_names
      where ${terms.key} <% name_key or name_key like ${likeInfix(terms.key)})
    select a.code, a.name, a.short_name, a.type, a.valid_to, max(
        word_similarity(${terms.key}, n.name_key)
        + case when n.name_key like ${likePrefix(terms.key)} then 0.2 else 0 end
        + case when n.name_key = ${terms.key} then 0.3 else 0 end)::float8 as score
    from n
    join areas a on a.code = n.area_code
    where (${types}::text[] is null or a.type = any(${types}::text[])) ${current}
    group by a.code, a.name, a.short_name, a.type, a.valid_to
    order by score desc, a.valid_to desc nulls first, a.short_name
    limit ${limit}`.execute(db);
  return result.rows;
}

/*
 * The metrics a reader with `sight` may know (the public's when empty), each read through the
 * newest version of its definition they may see (the rule of visibility.ts), matched by its words (any word, as a prefix: "gcse" finds
 * "GCSEs") or by trigram similarity of its title (typos). Rank: every word found counts most,
 * then full-text rank (title words weigh most), then how like the title the query is.
 */
export async function searchMetrics(
  db: Executor,
  terms: SearchTerms,
  limit: number,
  sight: Sight,
): Promise<MetricHit[]> {
  const prefixes = terms.words.map((w) => `${w}:*`);
  const any = prefixes.join(' | ');
  const all = prefixes.join(' & ');
  const result = await sql<MetricHit>`
    with q as (select to_tsquery('english', ${any}) as any_words,
        to_tsquery('english', ${all}) as all_words)
    select m.slug, v.title, v.theme,
      ((case when v.search_vector @@ q.all_words then 0.5 else 0 end)
        + ts_rank(v.search_vector, q.any_words, 1)
        + 0.5 * word_similarity(${terms.key}, v.title))::float8 as score
    from metric_definitions v
    cross join q
    join metrics m on m.id = v.metric_id
    where (v.search_vector @@ q.any_words or ${terms.key} <% v.title)
      and v.id = ${visibleDefinitionId(sight)} and ${hasVisibleValues(sight)}
    order by score desc, v.title, m.slug
    limit ${limit}`.execute(db);
  return result.rows;
}

/*
 * The id of the version of the definition of the metric of the version aliased `v` that a
 * reader with `sight` sees now (as metricsPublicAt picks it): versions are matched through the
 * indexes first, and only those are checked, rather than finding every metric's visible
 * version and then matching.
 */
function visibleDefinitionId(sight: Sight) {
  return sql<number>`(select d.id from metric_definitions d
    where d.metric_id = v.metric_id and d.written_at <= now()
      and ${definitionPublicAt(sql`now()`, sight)}
    order by d.id desc limit 1)`;
}

/** The metric aliased `m` has a value the reader may see (else it does not exist for them). */
function hasVisibleValues(sight: Sight) {
  return sql<boolean>`exists (select 1 from ${coverageSeenBy(sight)} c
    where c.metric_id = m.id and ${publicCoverage})`;
}

export interface ExactArea {
  code: string;
  type: AreaType;
  current: boolean;
}

/** Areas named exactly this (any known spelling) or with this current or former GSS code. */
export async function exactAreas(db: Executor, key: string, code: string): Promise<ExactArea[]> {
  const result = await sql<ExactArea>`
    select a.code, a.type, a.valid_to is null as current from areas a
    where a.code = ${code}
      or a.code in (select area_code from area_names where name_key = ${key})
      or a.code in (select area_code from area_identifiers
        where scheme = 'former-gss' and identifier = ${code})
    order by a.code`.execute(db);
  return result.rows;
}

/**
 * The metric a reader with `sight` may know whose slug or title (as they see it) is exactly
 * this (case aside), if only one is.
 */
export async function exactMetric(
  db: Executor,
  text: string,
  sight: Sight,
): Promise<string | undefined> {
  // The few versions so named first: visibility is checked for those only.
  const result = await sql<{ slug: string }>`
    with v as materialized (select v.id, v.metric_id, m.slug from metric_definitions v
      join metrics m on m.id = v.metric_id
      where m.slug = lower(${text}) or lower(v.title) = lower(${text}))
    select distinct m.slug from v join metrics m on m.id = v.metric_id
    where v.id = ${visibleDefinitionId(sight)} and ${hasVisibleValues(sight)}
    order by m.slug limit 2`.execute(db);
  return result.rows.length === 1 ? result.rows[0]?.slug : undefined;
}

function likePrefix(key: string): string {
  return `${escapeLike(key)}%`;
}

function likeInfix(key: string): string {
  return `%${escapeLike(key)}%`;
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, '\\$&');
}
