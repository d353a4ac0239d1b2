import { createServices } from '../app/services.ts';
import { parseArgs } from 'node:util';
import { buildApp, type Services } from '../app/app.ts';
import { AreasService } from '../areas/areas.service.ts';
import { ConfigError, loadConfig, type Config } from '../config/config.ts';
import { openDatabase, type Database } from '../db/database.ts';
import { migrateToLatest } from '../db/migrate.ts';
import path from 'node:path';
import { GroupsService } from '../groups/groups.service.ts';
import { modelInputMetrics } from '../groups/models.ts';
import { ImportService, type ImportOptions } from '../imports/imports.service.ts';
import {
  findSourceKind,
  readMappingFile,
  sourceKinds,
  type SourceKind,
} from '../imports/sources.ts';
import { mappingFromFlags, type TabularFlags } from '../imports/tabular/tabular.mapping.ts';
import { BadRequestError, DataFileError, formatProblem } from '../shared/errors.ts';
import { terminalProgress } from '../shared/progress.ts';

const usage = `Usage: openlg <command> [options]

Commands:
  serve                 migrate, load the area register on first run, and serve the web site and API
  demo                  migrate and load what serve loads on first run (register, demo data, groups),
                        then stop: a store for benchmarks, or prepared ahead of serving
  db migrate            bring the database schema up to date
  areas import          (re)load the area register from OPENLG_DATA_DIR/areas
  import <kind> <path>  import a dataset; kinds: ${sourceKinds.map((k) => k.kind).join(', ')}
  help                  show this message

Options:
  --data-dir <path>     read the data from here instead of OPENLG_DATA_DIR
  --dry-run             (import) check and count everything, write nothing
  --skip-invalid        (import) import the valid rows and list every rejected one
  --publish-at <date>   (import) keep new and changed values embargoed until this date and time
                        (a value already public and unchanged stays public)
  --restricted          (import) keep the values out of every public page, API and download
  --synthetic           (import) generated data for scale tests: flagged, titles must say (synthetic)

Column mapping for tidy-csv and wide-csv (a JSON mapping file, flags, or both; flags win):
  --mapping <file.json>     the mapping (see catalogue/mappings/ for an example)
  --area-column <name>      the column naming the area
  --area-scheme <scheme>    gss (default), dfe-la, mysociety or name
  --period-column <name>    (tidy) the period column;  --period <period>  one period for every row
  --year-pair <kind>        read "2019-20" as financial-year (default) or academic-year
  --metric <slug>           the metric every value belongs to
  --metric-column <name>    (tidy) or the column holding each row's metric slug
  --value-column <name>     (tidy) the value column; --lci-column, --uci-column, --status-column
  --missing <token=status>  a cell text meaning a missing value, e.g. "-=not-available" (repeatable)
  --delimiter <char>        , (default), ; | or \t
  --title, --unit, --polarity, --theme, --decimal-places   define the --metric if openlg lacks it

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

/** What serve makes sure of before it listens: the schema, the register, the demo, the groups. */
async function prepare(config: Config, database: Database, services: Services) {
  await migrateToLatest(database.db);
  await services.areas.ensureRegister(config.dataDir, terminalProgress());
  await services.imports.loadDemo(config.dataDir, terminalProgress());
  await services.groups.ensureGroups(config.dataDir);
}

async function serve(config: Config): Promise<number> {
  const database = await openDatabase(config.database);
  const services = createServices(database);
  await prepare(config, database, services);
  const app = await buildApp(config, services);
  // A clean close matters most for PGlite, whose files are only consistent after a checkpoint,
  // so a repeated signal (Ctrl-C reaches the server from the terminal and from bin/openlg.js)
  // must not cut it short.
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'shutting down');
    await app.close();
    await database.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  const address = await app.listen({ port: config.port, host: config.host });
  process.stderr.write(`openlg is serving on ${address} (${database.engine} database)\n`);
  return new Promise<number>(() => {});
}

interface ImportFlags extends TabularFlags {
  'dry-run'?: boolean;
  synthetic?: boolean;
  'skip-invalid'?: boolean;
  'publish-at'?: string;
  restricted?: boolean;
}

function publicationFrom(flags: ImportFlags): ImportOptions['publication'] {
  if (flags.restricted && flags['publish-at'])
    throw new BadRequestError('use either --publish-at or --restricted, not both', 'publish-at');
  if (flags.restricted) return { state: 'restricted' };
  if (flags['publish-at']) {
    const until = new Date(flags['publish-at']);
    if (Number.isNaN(until.getTime()))
      throw new BadRequestError(
        `--publish-at "${flags['publish-at']}" is not a date; use e.g. 2026-12-01T09:30`,
        'publish-at',
      );
    return { state: 'embargoed', until };
  }
  return { state: 'published' };
}

const tabularFlagNames = [
  'mapping',
  'delimiter',
  'area-column',
  'area-scheme',
  'period-column',
  'period',
  'year-pair',
  'metric',
  'metric-column',
  'value-column',
  'lci-column',
  'uci-column',
  'status-column',
  'title',
  'unit',
  'polarity',
  'theme',
  'decimal-places',
] as const;

async function mappingFrom(kind: SourceKind, flags: ImportFlags) {
  const given = tabularFlagNames.filter((name) => flags[name] !== undefined);
  if (!kind.mapped) {
    if (given.length > 0 || flags.missing)
      throw new BadRequestError(
        `${kind.kind} reads its own columns; --${given[0] ?? 'missing'} is only for tidy-csv and wide-csv`,
        given[0] ?? 'missing',
      );
    return undefined;
  }
  if (given.length === 0 && !flags.missing) return undefined;
  const fromFile = flags.mapping ? await readMappingFile(path.resolve(flags.mapping)) : {};
  const name = flags.mapping
    ? `${path.basename(flags.mapping)}${given.length > 1 ? ' with the command-line flags' : ''}`
    : 'the command-line flags';
  return {
    name,
    value: mappingFromFlags(kind.kind === 'wide-csv' ? 'wide-csv' : 'tidy-csv', flags, fromFile),
  };
}

async function runImport(config: Config, args: string[], flags: ImportFlags, argv: string[]) {
  const [kindName, target] = args;
  const kind = kindName ? findSourceKind(kindName) : undefined;
  if (!kind || !target) {
    process.stderr.write(
      `Usage: openlg import <kind> <path>; kinds:\n${sourceKinds
        .map((k) => `  ${k.kind}  ${k.description}`)
        .join('\n')}\n`,
    );
    return 2;
  }
  const publication = publicationFrom(flags);
  const absolute = path.resolve(target);
  const parsed = await kind.read(absolute, path.dirname(absolute), await mappingFrom(kind, flags));
  return withDatabase(config, async (database) => {
    // Values are keyed by area: on a new database the register must be there first.
    await new AreasService(database.db).ensureRegister(config.dataDir, terminalProgress());
    const summary = await new ImportService(database).run(
      parsed,
      {
        dryRun: flags['dry-run'] ?? false,
        skipInvalid: flags['skip-invalid'] ?? false,
        synthetic: flags.synthetic ?? false,
        publication,
        command: `openlg ${argv.join(' ')}`,
      },
      terminalProgress(),
    );
    for (const problem of summary.rejected)
      process.stdout.write(`rejected: ${formatProblem(problem)}\n`);
    for (const note of summary.notes) process.stdout.write(`note: ${note}\n`);
    // Neighbours are computed from contextual metrics: when one of them changes, so may they.
    const changed = summary.valuesInserted + summary.valuesUpdated > 0 && !summary.dryRun;
    if (changed && parsed.observations.some((o) => modelInputMetrics.has(o.metricSlug))) {
      const groups = new GroupsService(database.db);
      if (!(await groups.ensureGroups(config.dataDir))) await groups.rebuildNeighbours();
      process.stdout.write('Nearest neighbours recomputed.\n');
    }
    return 0;
  });
}

export async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      'data-dir': { type: 'string' },
      'dry-run': { type: 'boolean' },
      'skip-invalid': { type: 'boolean' },
      'publish-at': { type: 'string' },
      restricted: { type: 'boolean' },
      synthetic: { type: 'boolean' },
      ...Object.fromEntries(tabularFlagNames.map((name) => [name, { type: 'string' as const }])),
      missing: { type: 'string', multiple: true },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const command = positionals[0] === 'import' ? 'import' : positionals.join(' ');
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
      case 'demo':
        return await withDatabase(
          config,
          async (database) => {
            await prepare(config, database, createServices(database));
            return 0;
          },
          { migrate: false },
        );
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
          const groups = await new GroupsService(database.db).rebuildRegisterGroups(config.dataDir);
          for (const note of groups.notes) process.stdout.write(`note: ${note}\n`);
          return 0;
        });
      case 'import':
        return await runImport(config, positionals.slice(1), values, argv);
      default:
        process.stderr.write(`Unknown command "${command}".\n\n${usage}\n`);
        return 2;
    }
  } catch (error) {
    if (error instanceof BadRequestError) {
      process.stderr.write(`${error.message}\n`);
      return 2;
    }
    if (error instanceof ConfigError || error instanceof DataFileError) {
      process.stderr.write(`${error.message}\nNothing was changed.\n`);
      return error instanceof ConfigError ? 2 : 1;
    }
    throw error;
  }
}
