import { parseArgs } from 'node:util';
import { buildApp } from '../app/app.ts';
import { AreasService } from '../areas/areas.service.ts';
import { ConfigError, loadConfig, type Config } from '../config/config.ts';
import { openDatabase, type Database } from '../db/database.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { DataFileError } from '../shared/errors.ts';
import { terminalProgress } from '../shared/progress.ts';

const usage = `Usage: openlg <command> [options]

Commands:
  serve                 migrate, load the area register on first run, and serve the web site and API
  db migrate            bring the database schema up to date
  areas import          (re)load the area register from OPENLG_DATA_DIR/areas
  help                  show this message

Options for areas import:
  --data-dir <path>     read the data from here instead of OPENLG_DATA_DIR

Configuration is read from the environment: PORT, HOST, DATABASE_URL, OPENLG_PGLITE_DIR,
OPENLG_DATA_DIR, LOG_LEVEL (see README.md).`;

/** Opens the database (migrated first unless the command is the migration itself). */
async function withDatabase<T>(
  config: Config,
  work: (database: Database) => Promise<T>,
  { migrate = true } = {},
) {
  const database = await openDatabase(config.database);
  try {
    if (migrate) await migrateToLatest(database.db);
    return await work(database);
  } finally {
    await database.close();
  }
}

async function serve(config: Config): Promise<number> {
  const database = await openDatabase(config.database);
  await migrateToLatest(database.db);
  const areas = new AreasService(database.db);
  await areas.ensureRegister(config.dataDir, terminalProgress());
  const app = await buildApp(config, { areas, database });
  // A clean close matters most for PGlite, whose files are only consistent after a checkpoint.
  const stop = async (signal: string) => {
    app.log.info({ signal }, 'shutting down');
    await app.close();
    await database.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
  const address = await app.listen({ port: config.port, host: config.host });
  process.stderr.write(`openlg is serving on ${address} (${database.engine} database)\n`);
  return new Promise<number>(() => {});
}

export async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: { 'data-dir': { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  const command = positionals.join(' ');
  if (values.help || command === 'help' || command === '') {
    process.stdout.write(`${usage}\n`);
    return command === '' && !values.help ? 2 : 0;
  }
  try {
    const config = loadConfig({
      ...process.env,
      ...(values['data-dir'] ? { OPENLG_DATA_DIR: values['data-dir'] } : {}),
    });
    switch (command) {
      case 'serve':
        return await serve(config);
      case 'db migrate':
        return await withDatabase(
          config,
          async (database) => {
            const applied = await migrateToLatest(database.db);
            process.stdout.write(
              applied.length > 0 ? `Applied: ${applied.join(', ')}\n` : 'Schema is up to date.\n',
            );
            return 0;
          },
          { migrate: false },
        );
      case 'areas import':
        return await withDatabase(config, async (database) => {
          const summary = await new AreasService(database.db).importRegister(
            config.dataDir,
            terminalProgress(),
          );
          for (const note of summary.notes) process.stdout.write(`note: ${note}\n`);
          return 0;
        });
      default:
        process.stderr.write(`Unknown command "${command}".\n\n${usage}\n`);
        return 2;
    }
  } catch (error) {
    if (error instanceof ConfigError || error instanceof DataFileError) {
      process.stderr.write(`${error.message}\nNothing was changed.\n`);
      return error instanceof ConfigError ? 2 : 1;
    }
    throw error;
  }
}
