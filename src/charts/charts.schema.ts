import { z } from 'zod';
import { metricPageQuery } from '../comparison/comparison.schema.ts';

/** The charts of a measure page that can be downloaded, by the id they have on the page. */
export const downloadableCharts = ['ranked', 'over-time', 'map'] as const;
export type DownloadableChart = (typeof downloadableCharts)[number];

export const chartFormats = ['svg', 'png'] as const;

export const chartFileParams = z.object({
  slug: z.string().max(200),
  file: z
    .string()
    .max(40)
    .regex(/^(ranked|over-time|map)\.(svg|png|csv|xlsx)$/, {
      message:
        'must be a chart of the page (ranked, over-time or map) as .svg or .png, or its table as .csv or .xlsx',
    }),
});

/** The measure page's own query, with the council it is about required. */
export const chartQuery = metricPageQuery.required({ area: true });
