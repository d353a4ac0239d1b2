import { z } from 'zod';
import {
  areaTypes,
  groupKinds,
  identifierSchemes,
  nations,
  parentRelations,
  polarities,
  publicationStates,
  successionKinds,
  themes,
  valueStatuses,
} from '../db/vocabulary.ts';
import { challengeTypes } from '../peer-challenge/vocabulary.ts';
import { coverageStatuses, coveredCouncilTypes } from '../peer-challenge/coverage.ts';

/**
 * The documented shape of every /api/v1 response, for the OpenAPI document. Objects are strict
 * so that a test can prove each response carries exactly the documented fields; the document
 * itself leaves them open, because adding a field is not a breaking change. Named schemas live
 * in zod's global registry, beside the descriptions that `.describe()` keeps there.
 */
function component<T extends z.ZodType>(schema: T, id: string, description?: string): T {
  return schema.meta({ id, ...(description ? { description } : {}) });
}

const date = z.iso.date().describe('A date, YYYY-MM-DD');
const dateTime = z.iso.datetime().describe('A moment, ISO 8601 in UTC');
const gssCode = z.string().describe('ONS GSS code, such as E06000001');
const count = z.number().int().min(0);

export const problem = component(
  z.strictObject({
    type: z.string().describe('Always about:blank: the status and title say what went wrong'),
    status: z.number().int().describe('The HTTP status code'),
    title: z.string().describe('The status in words, such as "Bad request"'),
    detail: z.string().describe('What was wrong, in a sentence a person can act on'),
    parameter: z.string().optional().describe('The query parameter at fault, when there is one'),
    instance: z
      .string()
      .optional()
      .describe('The address that was asked for; absent when the address itself was refused'),
  }),
  'Problem',
  'An RFC 9457 problem document, served as application/problem+json.',
);

const areaType = z.enum(areaTypes);
const periodRef = component(
  z.strictObject({
    code: z.string().describe('ISO 8601 interval: start date and duration, such as 2023-04-01/P1Y'),
    label: z.string().describe('How people write the period, such as 2023/24'),
  }),
  'PeriodRef',
);
const namedArea = component(z.strictObject({ code: gssCode, name: z.string() }), 'NamedArea');
const areaRef = component(
  z.strictObject({ code: gssCode, name: z.string(), type: areaType }),
  'AreaRef',
);

const area = component(
  z.strictObject({
    code: gssCode,
    name: z.string().describe('Official name'),
    shortName: z.string().describe('The name people use, such as Hartlepool'),
    type: areaType,
    nation: z.enum(nations),
    validFrom: date.nullable().describe('When the area came into existence, if known'),
    validTo: date.nullable().describe('When it was abolished; null while it exists'),
    parents: z
      .strictObject(
        Object.fromEntries(parentRelations.map((r) => [r, namedArea.optional()])) as Record<
          (typeof parentRelations)[number],
          z.ZodOptional<typeof namedArea>
        >,
      )
      .describe('The areas it lies in, by relation'),
  }),
  'Area',
  'A local authority or other area in the register.',
);

const succession = z.strictObject({
  code: gssCode,
  name: z.string(),
  date: date.nullable(),
  kind: z.enum(successionKinds),
});

export const areaList = component(z.strictObject({ areas: z.array(area) }), 'AreaList');

export const areaDetail = component(
  area.extend({
    identifiers: z
      .strictObject(
        Object.fromEntries(
          identifierSchemes.map((s) => [s, z.array(z.string()).optional()]),
        ) as Record<(typeof identifierSchemes)[number], z.ZodOptional<z.ZodArray<z.ZodString>>>,
      )
      .describe('Other codes for the area, by scheme'),
    children: z.array(
      z.strictObject({
        code: gssCode,
        name: z.string(),
        type: areaType,
        relation: z.enum(parentRelations).describe('How the area is the child’s parent'),
        validTo: date.nullable(),
      }),
    ),
    predecessors: z.array(succession),
    successors: z.array(succession),
  }),
  'AreaDetail',
  'An area with its other codes, children, predecessors and successors.',
);

const metricFields = {
  slug: z.string().describe('Kebab-case identifier, stable across releases'),
  title: z.string(),
  subtitle: z.string().nullable(),
  unit: z.string().nullable().describe('Such as "%" or "£ per head"'),
  measure: z.string().nullable(),
  decimalPlaces: count.describe('Decimal places to show the values with'),
  polarity: z.enum(polarities).describe('Whether a higher value is better'),
  theme: z.enum(themes).nullable(),
  source: z.strictObject({
    organisation: z.string().nullable(),
    url: z.string().nullable(),
    licence: z.string().nullable(),
  }),
  synthetic: z.boolean().describe('True for made-up demonstration data'),
  areaTypes: z.array(areaType).describe('The area types with published values'),
  firstPeriod: periodRef.nullable(),
  lastPeriod: periodRef.nullable(),
  lastUpdated: dateTime.nullable().describe('When a published value last changed'),
};

const metricSummary = component(z.strictObject(metricFields), 'MetricSummary');

export const metricList = component(
  z.strictObject({
    metrics: z.array(metricSummary),
    total: count.describe('How many metrics match, across every page'),
    limit: count,
    offset: count,
  }),
  'MetricList',
);

const valueCounts = z.strictObject({
  observations: count.describe('Rows held, with a value or a status saying why not'),
  values: count.describe('Rows with a value'),
});

export const metricDetail = component(
  z.strictObject({
    metric: component(
      z.strictObject({
        ...metricFields,
        description: z.string().nullable(),
        caveats: z.string().nullable(),
        periodicity: z.string().nullable(),
        periods: z.array(
          periodRef.extend({
            type: z.string(),
            startDate: date,
            endDate: date,
            areaTypes: z
              .strictObject(
                Object.fromEntries(areaTypes.map((t) => [t, valueCounts.optional()])) as Record<
                  (typeof areaTypes)[number],
                  z.ZodOptional<typeof valueCounts>
                >,
              )
              .describe('Published values held for the period, by area type'),
          }),
        ),
      }),
      'MetricDetail',
      'A metric with its metadata and every period the public may see.',
    ),
  }),
  'MetricResponse',
);

const groupFields = {
  id: z.string().describe('Such as type:unitary or nn:openlg-upper-tier:e06000001'),
  kind: z.enum(groupKinds),
  label: z.string(),
  description: z.string().nullable(),
  subject: gssCode.nullable().describe('For neighbour groups, the area they are neighbours of'),
  model: z.string().nullable(),
  modelVersion: z.string().nullable(),
  members: count,
  updatedAt: dateTime,
};
const group = component(z.strictObject(groupFields), 'Group', 'A comparison group of areas.');

export const groupList = component(z.strictObject({ groups: z.array(group) }), 'GroupList');

const member = {
  code: gssCode,
  name: z.string(),
  type: areaType,
  position: count.describe('1 for the first (nearest) member'),
  distance: z.number().nullable().describe('Distance from the subject, for neighbour groups'),
  band: z.string().nullable().describe('Closeness in words, for neighbour groups'),
};

export const groupDetail = component(
  z.strictObject({
    group: component(
      z.strictObject({
        ...groupFields,
        areas: z.array(
          z.strictObject({
            ...member,
            validFrom: z.string().nullable().describe('When the council came into being, if known'),
            validTo: z
              .string()
              .nullable()
              .describe(
                'When it was abolished: type, tier and region groups compare a period only among the councils that existed then',
              ),
          }),
        ),
      }),
      'GroupDetail',
      'A comparison group with its members in order.',
    ),
  }),
  'GroupResponse',
);

export const neighbours = component(
  z.strictObject({
    area: areaRef,
    group,
    neighbours: z.array(
      z.strictObject({
        ...member,
        features: z
          .array(
            z.strictObject({
              metric: z.string(),
              label: z.string(),
              share: z.number().describe('Share of the distance this feature contributes'),
              difference: z.number().nullable().describe('Neighbour minus subject, standardised'),
            }),
          )
          .optional(),
        mostAlike: z.array(z.string()).optional(),
        mostDifferent: z.string().nullable().optional(),
      }),
    ),
  }),
  'Neighbours',
  'An area’s nearest neighbours under a model, nearest first.',
);

const measured = {
  value: z.number().nullable(),
  lci: z.number().nullable().describe('Lower limit of the 95% confidence interval'),
  uci: z.number().nullable().describe('Upper limit of the 95% confidence interval'),
  status: z.enum(valueStatuses).describe('Why a value is missing, or the caveat it carries'),
};

const standing = z.discriminatedUnion('comparable', [
  z.strictObject({
    area: gssCode,
    comparable: z.literal(true),
    value: z.number(),
    rank: count.describe('1 = best; tied values share the best rank of their tie'),
    outOf: count.describe('Areas with a comparable value'),
    percentile: z.number().describe('100 = best, 0 = worst'),
    quartileBand: z.number().int().min(1).max(4).describe('1 = best quarter'),
    differenceFromMedian: z.number(),
  }),
  z.strictObject({
    area: gssCode,
    comparable: z.literal(false),
    reason: z
      .string()
      .describe(
        'The missing value’s status, no-value, or outside-lifetime for a council abolished by then',
      ),
  }),
]);

const significance = z.enum(['better', 'similar', 'worse', 'higher', 'lower', 'not-tested']);
const direction = z.enum([
  'improved',
  'worsened',
  'no-significant-change',
  'increased',
  'decreased',
  'not-comparable',
]);

export const comparison = component(
  z.strictObject({
    metric: z.strictObject({
      slug: z.string(),
      title: z.string(),
      unit: z.string().nullable(),
      decimalPlaces: count,
      polarity: z.enum(polarities),
    }),
    area: areaRef,
    group: z.strictObject({
      id: z.string(),
      label: z.string(),
      kind: z.string(),
      size: count.describe('Areas compared, the subject included'),
      membershipPeriod: periodRef.describe(
        'The period whose councils the group holds: type, tier and region groups hold the councils that existed then',
      ),
    }),
    period: periodRef,
    value: z.strictObject(measured),
    leftOut: z
      .array(
        z.strictObject({
          code: gssCode,
          name: z.string(),
          reason: z.enum(['other-tier', 'outside-lifetime']),
          explanation: z.string(),
        }),
      )
      .describe(
        'Members not compared: of a tier the measure does not compare with the subject’s, or not in existence in the period (the subject too, when the period is after its abolition)',
      ),
    standing: standing.optional().describe('The subject’s place in the group'),
    rankedBy: z.enum(['higher-is-better', 'lower-is-better', 'value-descending']),
    benchmarks: z.strictObject({
      england: z.strictObject({ code: gssCode, ...measured }),
      region: z.strictObject({ code: gssCode, ...measured }).nullable(),
      groupMedian: z.number(),
    }),
    significance: z.strictObject({
      england: significance,
      region: significance,
      groupMedian: significance,
    }),
    directionOfTravel: z
      .strictObject({
        from: periodRef,
        direction,
        method: z.enum(['confidence-intervals', 'tolerance']),
        change: z.number().nullable(),
      })
      .nullable()
      .describe('Change since the previous period'),
    recentTrend: z
      .strictObject({
        from: periodRef.nullable(),
        direction,
        test: z.enum(['weighted-linear-regression', 'mann-kendall', 'none']),
        statistic: z.number().nullable(),
        pValue: z.number().nullable(),
        periods: count,
      })
      .describe('The trend over the latest five periods'),
    statistics: z.strictObject({
      n: count,
      min: z.number(),
      max: z.number(),
      mean: z.number(),
      median: z.number(),
      lowerQuartile: z.number(),
      upperQuartile: z.number(),
    }),
    standings: z.array(
      z.union([
        standing.options[0].extend({ name: z.string() }),
        standing.options[1].extend({ name: z.string() }),
      ]),
    ),
  }),
  'Comparison',
  'One area against a group for one metric and period. /methodology explains each method.',
);

export const importList = component(
  z.strictObject({
    imports: z.array(
      component(
        z.strictObject({
          id: z
            .string()
            .describe(
              'Stable identifier, made from the files read and the time: the same on every copy',
            ),
          kind: z.string().describe('The importer, such as ons-els or tidy-csv'),
          source: z.string().describe('The file or folder imported, by name'),
          files: z
            .array(
              z.strictObject({
                name: z.string().describe('The file name, without the folder it was read from'),
                sha256: z.string().describe('SHA-256 of the file, in hex'),
              }),
            )
            .describe('The files read'),
          publisher: z.string().describe('Who published the figures'),
          startedAt: dateTime,
          finishedAt: dateTime,
          publication: z.enum(publicationStates),
          embargoUntil: dateTime.nullable(),
          synthetic: z.boolean(),
          summary: z.record(z.string(), z.unknown()).describe('What the import read and wrote'),
        }),
        'Import',
        'One import: which files, with which checksum, wrote the values it names.',
      ),
    ),
  }),
  'ImportList',
);

export const auditList = component(
  z.strictObject({
    events: z.array(
      component(
        z.strictObject({
          id: z.string().describe("The event's number: later events have larger ones"),
          at: dateTime,
          userEmail: z.string().nullable().describe('The account that acted, if any'),
          actor: z
            .string()
            .nullable()
            .describe('Who acted, in words: an email address, or the command line'),
          address: z.string().nullable().describe('The client address the request came from'),
          action: z.string().describe('What happened, such as sign-in or api-key-revoked'),
          subject: z.string().nullable().describe('Whom or what it was done to'),
          before: z.unknown().describe('What was so before, where it says'),
          after: z.unknown().describe('What is so after, where it says'),
        }),
        'AuditEvent',
        'One event of the append-only audit trail.',
      ),
    ),
    page: z.number().int().min(1),
    pageSize: z.number().int().min(1),
    next: z.string().nullable().describe('The address of the next page, or null on the last'),
  }),
  'AuditList',
);

export const health = component(
  z.strictObject({
    status: z.enum(['ok', 'unavailable']),
    database: z.strictObject({
      engine: z.enum(['pglite', 'postgres']),
      reachable: z.boolean(),
    }),
  }),
  'Health',
);

const metricMetadata = component(
  z.strictObject({
    slug: metricFields.slug,
    title: z.string(),
    subtitle: z.string().nullable(),
    unit: metricFields.unit,
    measure: z.string().nullable(),
    decimalPlaces: metricFields.decimalPlaces,
    polarity: metricFields.polarity,
    theme: metricFields.theme,
    source: metricFields.source,
    licence: z.string().nullable(),
  }),
  'MetricMetadata',
);

const observation = component(
  z.strictObject({
    metric: z.string().describe('The metric’s slug'),
    area: gssCode,
    areaName: z.string(),
    period: z.string().describe('ISO 8601 interval, such as 2023-09-01/P1Y'),
    periodLabel: z.string(),
    value: measured.value,
    lci: measured.lci.optional().describe('With include=ci'),
    uci: measured.uci.optional().describe('With include=ci'),
    status: measured.status
      .optional()
      .describe('With include=status, and always when the value is missing'),
    rank: count.nullable().optional().describe('With include=rank: 1 = best; null if unranked'),
    quartileBand: z
      .number()
      .int()
      .min(1)
      .max(4)
      .nullable()
      .optional()
      .describe('With include=rank: 1 = best quarter'),
    rankNote: z
      .string()
      .nullable()
      .optional()
      .describe(
        'With include=rank: why the value is ranked among only the areas of its tier (a measure ' +
          'not comparable across tiers) or not at all (the area did not exist in the period); ' +
          'null when ranked among every area of the request',
      ),
    benchmark: z
      .number()
      .nullable()
      .optional()
      .describe('With include=benchmark: England’s value for the metric and period'),
  }),
  'Observation',
  'One value: a metric, an area and a period.',
);

export const dataAnswer = component(
  z.strictObject({
    metrics: z.array(metricMetadata),
    observations: z.array(observation),
    total: count.describe('Observations in the whole selection, across every page'),
    limit: count.nullable(),
    offset: count,
    attribution: z.string().describe('Who to credit, to be shown with the figures'),
    licence: z.string(),
    asOf: dateTime.optional().describe('With asOf: the moment the values are shown as of'),
  }),
  'DataAnswer',
  'Values with their metrics’ metadata, attribution and licence.',
);

const relevance = z.number().describe('How well it matches: higher is better');

export const searchResults = component(
  z.strictObject({
    q: z.string().describe('The search as given, trimmed'),
    exact: z
      .string()
      .nullable()
      .describe(
        'The page an exact name, code or measure title opens (the search page goes straight there), or null',
      ),
    areas: z.array(
      z.strictObject({
        code: gssCode,
        name: z.string(),
        type: areaType,
        abolished: date
          .nullable()
          .describe('When the council was abolished; null if it is current'),
        score: relevance,
      }),
    ),
    metrics: z.array(
      z.strictObject({
        slug: z.string(),
        title: z.string(),
        theme: z.enum(themes).nullable(),
        score: relevance,
      }),
    ),
  }),
  'SearchResults',
  'Councils and measures matching a search, best first (at most 50 of each).',
);

const directionTally = z.strictObject({
  improved: count,
  noChange: count,
  worsened: count,
  notComparable: count,
  total: count,
  percent: z
    .strictObject({ improved: z.number(), noChange: z.number(), worsened: z.number() })
    .nullable()
    .describe('Shares of the comparable measures, to one decimal place; null if none is'),
});

const figureAt = z.strictObject({ period: z.string().nullable(), value: z.number().nullable() });

const measureDirection = z.strictObject({
  metric: z.string(),
  title: z.string(),
  theme: z.string(),
  direction: z.enum(['improved', 'no-change', 'worsened', 'not-comparable']),
  reason: z
    .string()
    .nullable()
    .describe(
      'Why it cannot be compared: not-held, no-baseline, no-latest, no-later-period, method-change or no-judgement',
    ),
  decidedBy: z.enum(['intervals', 'tolerance']).nullable(),
  baseline: figureAt,
  latest: figureAt,
});

const overviewBaseline = z.strictObject({ id: z.string(), label: z.string() });

export const overviewAnswer = component(
  z.strictObject({
    basket: z.strictObject({ slug: z.string(), version: count, title: z.string() }),
    baseline: overviewBaseline,
    builtAt: dateTime.nullable().describe('When the overview was last worked out'),
    area: namedArea,
    measures: z.array(measureDirection),
    totals: directionTally,
    byTheme: z.array(directionTally.extend({ theme: z.string() })),
    councils: z
      .array(
        z.strictObject({
          metric: z.string(),
          title: z.string(),
          theme: z.string(),
          improved: count,
          noChange: count,
          worsened: count,
          notComparable: count,
        }),
      )
      .optional()
      .describe('The sector only: for each measure, how many councils went each way'),
    sector: directionTally.optional().describe("A council only: England's totals"),
    neighbours: z
      .strictObject({
        group: z.strictObject({ id: z.string(), label: z.string() }),
        councils: count,
        improved: z.number().nullable(),
        noChange: z.number().nullable(),
        worsened: z.number().nullable(),
        notComparable: z.number().nullable(),
      })
      .optional()
      .describe("A council only: its nearest neighbours' average counts"),
  }),
  'Overview',
  'The direction of travel of each measure of a basket since a baseline, for England or a council.',
);

export const overviewBaskets = component(
  z.strictObject({
    baskets: z.array(
      z.strictObject({
        slug: z.string(),
        version: count,
        title: z.string(),
        description: z.string(),
        baselines: z.array(overviewBaseline),
        measures: z.array(
          z.strictObject({
            metric: z.string(),
            polarity: z
              .strictObject({ value: z.enum(polarities), reason: z.string() })
              .nullable()
              .describe("Stated by the basket; null: the metric's own"),
            useIntervals: z.boolean(),
            tolerance: z.union([
              z.strictObject({ relative: z.number() }),
              z.strictObject({ absolute: z.number() }),
            ]),
            baselinePeriods: z.record(z.string(), z.string()),
            methodChanges: z.array(z.strictObject({ from: z.string(), note: z.string() })),
          }),
        ),
      }),
    ),
  }),
  'OverviewBaskets',
  'The baskets of the sector overview, each measure with its rule for improved.',
);

const challengeTally = {
  delivered: count.describe('On site and feedback given (feedback given to closed)'),
  confirmed: count.describe('Not yet delivered: the team assembled, on site, or a window booked'),
  inDiscussion: count.describe('Requested, being scoped or its position statement received'),
};

export const peerChallengeFigures = component(
  z.strictObject({
    asAt: date.nullable().describe('The day counted as at; null: as the records stand now'),
    illustrative: z
      .boolean()
      .describe("Whether the records include the demo's illustrative reconstruction"),
    years: z.array(
      z.strictObject({
        year: z.string().describe('The programme (financial) year, such as 2012-13'),
        label: z.string().describe('As the programme writes it, such as 2012/13'),
        total: z.strictObject(challengeTally),
        byType: z.array(z.strictObject({ type: z.enum(challengeTypes), ...challengeTally })),
      }),
    ),
  }),
  'PeerChallengeFigures',
  'The peer challenge programme’s challenges delivered, confirmed and in discussion, by year and type.',
);

const statusCounts = z.strictObject({
  current: count.describe(
    'Had a corporate peer challenge or finance peer review within four years',
  ),
  due: count.describe('None within four years, but one within five'),
  overdue: count.describe('None within five years, or none recorded'),
  total: count,
});

const daysTally = {
  days: count.describe('Peer days: on site, preparing and writing the report'),
  places: count.describe('Places on teams (one peer on one challenge), or carried-over entries'),
};

export const peerDays = component(
  z.strictObject({
    from: z.string().nullable().describe('The first programme year counted; null: the first'),
    to: z.string().nullable().describe('The last programme year counted; null: the latest'),
    illustrative: z
      .boolean()
      .describe("Whether the days include the demo's illustrative reconstruction"),
    sinceStart: z
      .strictObject({ from: z.string(), days: count })
      .describe('Days since the programme began, whatever the range'),
    total: z.strictObject(daysTally),
    years: z.array(z.strictObject({ year: z.string(), label: z.string(), ...daysTally })),
    councils: z.array(
      z.strictObject({
        areaCode: z.string().describe('The giving council’s GSS code'),
        name: z.string().nullable(),
        ...daysTally,
      }),
    ),
  }),
  'PeerDays',
  'The days councils gave their peers to other councils’ challenges, by programme year and by giving council; never naming a peer.',
);

export const peerChallengeCoverage = component(
  z.strictObject({
    asAt: date.describe('The day the coverage is as at'),
    illustrative: z
      .boolean()
      .describe("Whether the records include the demo's illustrative reconstruction"),
    councils: z.array(
      z.strictObject({
        code: z.string().describe('The council’s GSS code'),
        name: z.string(),
        type: z.enum(coveredCouncilTypes),
        region: z.string().nullable(),
        last: z
          .strictObject({ type: z.enum(challengeTypes), on: date.describe('Its last day on site') })
          .nullable()
          .describe(
            'The last corporate peer challenge or finance peer review delivered; null: none',
          ),
        status: z.enum(coverageStatuses),
        dueFrom: date.nullable().describe('From this day one is due; null: none recorded'),
        overdueFrom: date.nullable().describe('From this day one is overdue; null: none recorded'),
      }),
    ),
    table: z.strictObject({
      byType: z.array(
        z
          .strictObject({ type: z.enum(coveredCouncilTypes), title: z.string() })
          .extend(statusCounts.shape),
      ),
      byRegion: z.array(z.strictObject({ region: z.string() }).extend(statusCounts.shape)),
      total: statusCounts,
    }),
  }),
  'PeerChallengeCoverage',
  'Every current English council’s last corporate peer challenge or finance peer review, and whether another is due, with the counts by type and region.',
);
