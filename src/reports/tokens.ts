/**
 * The tokens a report's words may hold, and how each is said in plain words: "{area.name}'s
 * rate is {metric:employment-rate.rank} and {metric:employment-rate.direction}" reads
 * "Hartlepool's rate is 4th of 16 similar councils and improving". A pure leaf: it knows the
 * figures only as the facts below, worked out elsewhere, and imports nothing.
 */

/** Tokens about the report's subject, group and period, by name. */
export const plainTokens = [
  'area.name',
  'area.possessive',
  'area.code',
  'group.label',
  'group.size',
  'group.councils',
  'period.label',
] as const;
export type PlainToken = (typeof plainTokens)[number];

/** What a `{metric:slug.field}` token may say of a measure. */
export const metricFields = [
  'title',
  'value',
  'period',
  'rank',
  'quartile',
  'england',
  'direction',
  'change',
  'median',
  'sentence',
] as const;
export type MetricField = (typeof metricFields)[number];

export type Token =
  { kind: 'plain'; name: PlainToken } | { kind: 'metric'; slug: string; field: MetricField };

/** One piece of a text: words as written, or a token to fill in. */
export type TextPart = { kind: 'words'; text: string } | { kind: 'token'; token: Token };

export type Significance = 'better' | 'similar' | 'worse' | 'higher' | 'lower' | 'not-tested';
export type Direction =
  'improved' | 'worsened' | 'no-significant-change' | 'increased' | 'decreased' | 'not-comparable';

/** What the words know of one measure for the report's area, group and period. */
export interface MetricFacts {
  title: string;
  /** The figure as shown ("74.1%"), or null when the area has none. */
  value: string | null;
  period: string | null;
  /** Its place in the group, or null when it is not ranked. */
  rank: { rank: number; outOf: number; band: 1 | 2 | 3 | 4 } | null;
  /** True when neither higher nor lower is better: ranked highest first, quarters unjudged. */
  unjudged: boolean;
  england: Significance | null;
  /** The change since the previous period: its direction, the amount as shown and when from. */
  travel: { direction: Direction; amount: string | null; rising: boolean; from: string } | null;
  median: string | null;
}

export interface TokenContext {
  area: { name: string; code: string };
  /** `councils` names the group's members in a sentence: "similar councils". */
  group: { label: string; size: number; councils: string };
  period: { label: string };
  /** The facts of a measure the report names, or undefined when the store has no such one. */
  metric(slug: string): MetricFacts | undefined;
}

const slugPattern = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** A token's inner text ("metric:employment-rate.rank") as a token, or null if none. */
export function readToken(inner: string): Token | null {
  if ((plainTokens as readonly string[]).includes(inner))
    return { kind: 'plain', name: inner as PlainToken };
  const match = /^metric:([^.]+)\.(.+)$/.exec(inner);
  if (!match?.[1] || !match[2] || !slugPattern.test(match[1])) return null;
  if (!(metricFields as readonly string[]).includes(match[2])) return null;
  return { kind: 'metric', slug: match[1], field: match[2] as MetricField };
}

export type TextProblem = { kind: 'unknown-token'; token: string } | { kind: 'stray-brace' };

/**
 * A text as words and tokens, or its problems: every `{…}` not a known token, and any brace
 * left unpaired (a token typed without its closing brace would otherwise print as written).
 */
export function parseText(text: string): { parts: TextPart[]; problems: TextProblem[] } {
  const parts: TextPart[] = [];
  const problems: TextProblem[] = [];
  const words = (t: string) => {
    if (t.includes('{') || t.includes('}')) problems.push({ kind: 'stray-brace' });
    if (t) parts.push({ kind: 'words', text: t });
  };
  let at = 0;
  for (const match of text.matchAll(/\{([^{}]*)\}/g)) {
    words(text.slice(at, match.index));
    const inner = match[1] ?? '';
    const token = readToken(inner);
    if (token) parts.push({ kind: 'token', token });
    else problems.push({ kind: 'unknown-token', token: `{${inner}}` });
    at = match.index + match[0].length;
  }
  words(text.slice(at));
  return { parts, problems };
}

/** The slugs of the measures a text's tokens name, in order, each once. */
export function metricsNamed(text: string): string[] {
  return [
    ...new Set(
      parseText(text).parts.flatMap((p) =>
        p.kind === 'token' && p.token.kind === 'metric' ? [p.token.slug] : [],
      ),
    ),
  ];
}

const ordinalSuffixes: Record<number, string> = { 1: 'st', 2: 'nd', 3: 'rd' };

export function ordinal(n: number): string {
  const tens = n % 100;
  return `${n}${tens >= 11 && tens <= 13 ? 'th' : (ordinalSuffixes[n % 10] ?? 'th')}`;
}

/** "Hartlepool's", "St Helens'". */
export function possessive(name: string): string {
  return name.endsWith('s') ? `${name}’` : `${name}’s`;
}

/**
 * A title in a sentence: "Employment rate" is "employment rate", and a title in title case
 * ("Claimant Count") is lower-cased whole; "GCSEs in English" and "Band D" keep their capitals.
 */
export function inSentence(title: string): string {
  const words = title.split(' ');
  if (words.length > 1 && words.every((w) => /^[A-Z][a-z]+$/.test(w))) return title.toLowerCase();
  return /^[A-Z][a-z]/.test(title) ? title.charAt(0).toLowerCase() + title.slice(1) : title;
}

const quarterWords = {
  judged: {
    1: 'in the best quarter',
    2: 'in the second quarter',
    3: 'in the third quarter',
    4: 'in the worst quarter',
  },
  unjudged: {
    1: 'in the highest quarter',
    2: 'in the second highest quarter',
    3: 'in the second lowest quarter',
    4: 'in the lowest quarter',
  },
} as const;

const englandWords: Record<Significance, string> = {
  better: 'better than England',
  similar: 'similar to England',
  worse: 'worse than England',
  higher: 'higher than England',
  lower: 'lower than England',
  'not-tested': 'not tested against England',
};

const directionWords: Record<Direction, string> = {
  improved: 'improving',
  worsened: 'getting worse',
  'no-significant-change': 'broadly unchanged',
  increased: 'rising',
  decreased: 'falling',
  'not-comparable': 'not comparable with the period before',
};

function rankWords(facts: MetricFacts, context: TokenContext): string {
  if (!facts.rank) return 'not ranked';
  const { rank, outOf } = facts.rank;
  const among = `of ${outOf} ${context.group.councils}`;
  if (!facts.unjudged) return `${ordinal(rank)} ${among}`;
  // Ranked highest first without a judgement: "the highest", never "1st highest".
  if (rank === 1) return `the highest ${among}`;
  if (rank === outOf) return `the lowest ${among}`;
  return `${ordinal(rank)} highest ${among}`;
}

function changeWords(facts: MetricFacts): string {
  const travel = facts.travel;
  if (!travel) return 'no earlier figure to compare with';
  if (travel.amount === null) return `not comparable with ${travel.from}`;
  if (travel.direction === 'no-significant-change') return `broadly unchanged since ${travel.from}`;
  return `${travel.rising ? 'up' : 'down'} ${travel.amount} since ${travel.from}`;
}

function metricWords(facts: MetricFacts, field: MetricField, context: TokenContext): string {
  if (field === 'title') return inSentence(facts.title);
  if (facts.value === null) {
    if (field === 'sentence')
      return `${context.area.name} has no figure for ${inSentence(facts.title)}`;
    return field === 'period' ? 'no period' : 'not available';
  }
  switch (field) {
    case 'value':
      return facts.value;
    case 'period':
      return facts.period ?? 'no period';
    case 'rank':
      return rankWords(facts, context);
    case 'quartile':
      return facts.rank
        ? quarterWords[facts.unjudged ? 'unjudged' : 'judged'][facts.rank.band]
        : 'not ranked';
    case 'england':
      return englandWords[facts.england ?? 'not-tested'];
    case 'direction':
      return facts.travel ? directionWords[facts.travel.direction] : 'without an earlier figure';
    case 'change':
      return changeWords(facts);
    case 'median':
      return facts.median ?? 'not available';
    case 'sentence': {
      const travel = facts.travel ? ` and ${directionWords[facts.travel.direction]}` : '';
      const standing = facts.rank ? rankWords(facts, context) : 'not ranked';
      return (
        `${possessive(context.area.name)} ${inSentence(facts.title)} is ${facts.value} ` +
        `(${facts.period}), ${standing}${travel}`
      );
    }
  }
}

function tokenWords(token: Token, context: TokenContext): string {
  if (token.kind === 'metric') {
    const facts = context.metric(token.slug);
    return facts ? metricWords(facts, token.field, context) : 'not available';
  }
  switch (token.name) {
    case 'area.name':
      return context.area.name;
    case 'area.possessive':
      return possessive(context.area.name);
    case 'area.code':
      return context.area.code;
    case 'group.label':
      return context.group.label;
    case 'group.size':
      return String(context.group.size);
    case 'group.councils':
      return context.group.councils;
    case 'period.label':
      return context.period.label;
  }
}

/**
 * A text with its tokens said in words. A text with problems is refused: definitions are
 * validated when read (report.schema.ts), so one reaching here is a defect, not a reader's typo.
 */
export function renderText(text: string, context: TokenContext): string {
  const { parts, problems } = parseText(text);
  if (problems.length > 0) throw new Error(`text has ${problems.length} token problem(s): ${text}`);
  const said = parts.map((p) => (p.kind === 'words' ? p.text : tokenWords(p.token, context)));
  // A token that opens a sentence ("{metric:x.direction} since…") starts it with a capital.
  return said
    .join('')
    .replace(
      /(^|[.!?]\s+)([a-z])/g,
      (_m, before: string, letter: string) => `${before}${letter.toUpperCase()}`,
    );
}
