import { z } from 'zod';
import { programmeYear } from './peer-challenge.schema.ts';

/** The query of GET /api/v1/peer-challenge/peer-days and of the /peer-challenge/peer-days page. */
export const peerDaysQuery = z
  .object({
    from: programmeYear.optional(),
    to: programmeYear.optional(),
    format: z.enum(['json', 'csv'], { error: 'must be json or csv' }).optional(),
  })
  .strict();
export type PeerDaysQuery = z.infer<typeof peerDaysQuery>;
