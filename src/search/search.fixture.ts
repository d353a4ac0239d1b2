import type { Database } from '../db/database.ts';
import { ImportService } from '../imports/imports.service.ts';
import { demoTargets } from '../imports/sources.ts';
import { dataDir } from '../testing/app.ts';

/**
 * The real measure titles the search tests rank: the ONS and mySociety demo sets (no groups,
 * and not the DfE and council tax sets, which take most of a full demo load).
 */
export async function loadSearchData(database: Database): Promise<void> {
  const imports = new ImportService(database);
  for (const { kind, target, mapping } of await demoTargets(dataDir))
    if (kind.kind === 'ons-els' || kind.kind === 'tidy-csv')
      await imports.run(await kind.read(target, dataDir, mapping));
}
