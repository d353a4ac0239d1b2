import { z } from 'zod';

export const importListQuery = z
  .object({
    limit: z.coerce
      .number({ message: 'must be a whole number' })
      .int('must be a whole number')
      .min(1, 'must be between 1 and 1000')
      .max(1000, 'must be between 1 and 1000')
      .default(100),
  })
  .strict();
