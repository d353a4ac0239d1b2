import { AccountsService } from '../accounts/accounts.service.ts';
import { AreasService } from '../areas/areas.service.ts';
import type { Config } from '../config/config.ts';
import type { Database } from '../db/database.ts';
import { ImportService } from '../imports/imports.service.ts';
import { BadRequestError } from '../shared/errors.ts';
import { collectionReminders } from './collections.jobs.ts';
import { collectionsService } from './collections.pages.ts';
import { returnStates } from './collections.tables.ts';

export const collectionsUsage = `  collections list      data collections, with how many councils' returns are in each state
  collections remind    email the reminders due now to councils yet to submit (the server
                        sends them every 15 minutes too; none is ever sent twice)`;

/** `openlg collections …`: the operator's view of data collections, and their reminders. */
export async function collectionsCommand(
  config: Config,
  database: Database,
  args: readonly string[],
  write: (text: string) => void,
): Promise<number> {
  const [action, ...rest] = args;
  if (rest.length > 0) throw new BadRequestError(`Usage:\n${collectionsUsage}`);
  const areas = new AreasService(database.db);
  switch (action) {
    case 'list': {
      const accounts = new AccountsService(database.db, config.sessions);
      const service = collectionsService(
        { database, areas, imports: new ImportService(database) },
        accounts,
      );
      const collections = await service.listForOperator();
      if (collections.length === 0) write('No data collections.\n');
      for (const c of collections) {
        const counts = returnStates.map((state) => `${c.counts[state]} ${state}`).join(', ');
        write(`${c.id}\t${c.title}\tdue ${c.deadline.toISOString()}\t${counts}\n`);
      }
      return 0;
    }
    case 'remind': {
      const run = await collectionReminders(config, { database, areas }, (line) =>
        write(`${line}\n`),
      ).run();
      write(`Reminders sent: ${run.sent}, in ${run.emails} emails.\n`);
      for (const missing of run.noSteward)
        write(`note: return ${missing} is due, but its council has no data steward to remind\n`);
      return 0;
    }
  }
  throw new BadRequestError(`Usage:\n${collectionsUsage}`);
}
