import { parseArgs } from 'node:util';
import { AccountsService } from '../accounts/accounts.service.ts';
import { announceDemoAccount, demoAccount, demoPeer } from '../accounts/demo-account.ts';
import { demoDashboard } from '../dashboards/demo-dashboard.ts';
import { demoReport } from '../reports/demo-report.ts';
import { usersCommand, usersUsage } from '../accounts/users.command.ts';
import { apiKeysCommand, apiKeysUsage } from '../accounts/api-keys.command.ts';
import { ApiKeysService } from '../accounts/api-keys.service.ts';
import { clubsCommand, clubsUsage } from '../accounts/clubs.command.ts';
import { ClubsService } from '../accounts/clubs.service.ts';
import { calculatedCommand, calculatedUsage } from '../calculated/calculated.command.ts';
import { overviewCommand, overviewUsage } from '../overview/overview.command.ts';
import { registerOverviewJobs } from '../overview/overview.jobs.ts';
import { registerCalculatedJobs } from '../calculated/calculated.jobs.ts';
import { withCalculated } from '../calculated/calculated.service.ts';
import { collectionsCommand, collectionsUsage } from '../collections/collections.command.ts';
import { collectionsService } from '../collections/collections.pages.ts';
import { ensureDemoCollection } from '../collections/demo-collection.ts';
import { secretBox } from '../accounts/secret-box.ts';
import { ssoCommand, ssoUsage } from '../accounts/single-sign-on.command.ts';
import { SingleSignOnService } from '../accounts/single-sign-on.service.ts';
import type { Services } from '../app/services.ts';
import { AreasService } from '../areas/areas.service.ts';
import { ConfigError, loadConfig, type Config } from '../config/config.ts';
import { createMailer } from '../mail/mailer.ts';
import { statementTimeoutMs } from '../app/admit.ts';
import { openDatabase, type Database } from '../db/database.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { StoreLockedError } from '../db/store-lock.ts';
import path from 'node:path';
import { GroupsService } from '../groups/groups.service.ts';
import { modelInputMetrics } from '../groups/models.ts';
import {
  channelPath,
  ChannelUnavailableError,
  handOver,
  openImportChannel,
  type ChannelRequest,
  type CommandOutput,
} from '../imports/import-channel.ts';
import { commandLine } from '../imports/command-line.ts';
import type { ImportOptions } from '../imports/imports.service.ts';
import {
  findSourceKind,
  importHelp,
  readMappingFile,
  sourceKinds,
  type SourceKind,
} from '../imports/sources.ts';
import {
  mappingFromFlags,
  tabularFlagNames,
  tabularFlagOptions,
  type TabularFlags,
} from '../imports/tabular/tabular.mapping.ts';
import { BadRequestError, collapseProblems, DataFileError } from '../shared/errors.ts';
import { terminalProgress } from '../shared/progress.ts';

const usage = `Usage: openlg <command> [options]

Commands:
  serve                 migrate, load the area register on first run, and serve the web site and API
  demo                  migrate and load what serve loads on first run (register, demo data, groups),
                        then stop: a store for benchmarks, or prepared ahead of serving
  db migrate            bring the database schema up to date
  areas import          (re)load the area register from OPENLG_DATA_DIR/areas
  import <kind> <path>  import a dataset; kinds: ${sourceKinds.map((k) => k.kind).join(', ')}
                        (openlg import <kind> --help: its flags, with examples)
                        (into an embedded database that openlg serve holds: handed to the server)
${usersUsage}
${apiKeysUsage}
${clubsUsage}
${collectionsUsage}
${calculatedUsage}
${overviewUsage}
${ssoUsage}
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
  openlg import <kind> --help lists each kind's flags, with examples; the mapping format is in
  docs/importing.md.

Configuration is read from the environment: PORT, HOST, DATABASE_URL, OPENLG_PGLITE_DIR,
OPENLG_DATA_DIR, LOG_LEVEL (see README.md).`;

/**
 * The web application (Fastify, its views, the spreadsheet writer…), loaded only by the commands
 * that serve or prepare it: half of what the rest would load, so that `openlg import` and `help`
 * start quickly (docs/performance.md).
 */
async function webApplication() {
  const [app, services, builder] = await Promise.all([
    import('../app/app.ts'),
    import('../app/services.ts'),
    import('../comparison/profile.builder.ts'),
  ]);
  return {
    buildApp: app.buildApp,
    createServices: services.createServices,
    ProfileBuilder: builder.ProfileBuilder,
  };
}

/** This process's own terminal. */
const terminal = (): CommandOutput => ({
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  progress: terminalProgress(),
});

/** Opens the database (migrated first unless the command is the migration itself). */
async function withDatabase<T>(
  config: Config,
  command: string,
  work: (database: Database) => Promise<T>,
  { migrate = true } = {},
) {
  const database = await openDatabase(config.database, { command });
  try {
    if (migrate) await migrateToLatest(database.db);
    return await work(database);
  } finally {
    await database.close();
  }
}

/**
 * The peer challenge programme's demo (issue 20): the seeds' history, marked illustrative, a
 * fictitious peer pool to propose teams from, illustrative survey responses that reproduce the
 * seeds' 2012/13 results, a few illustrative published documents, and one live challenge,
 * Hartlepool's, to which the demo's peer account is invited.
 */
async function loadProgrammeDemo(services: Services, accounts: AccountsService) {
  await services.peerChallenges.loadScenario();
  await services.peerPool.loadDemoPool();
  await services.peerFeedback.loadIllustrative();
  // And the days its peers gave, by giving council, reaching the seeds' "more than 15,000".
  await services.peerDays.loadIllustrative();
  // And a few published reports and action plans, illustrative PDFs, for the public list.
  await services.peerDocuments.loadIllustrative();
  const peerUser = await accounts.userIdByEmail(demoPeer.email);
  if (peerUser === null) return;
  const live = await services.peerChallenges.loadLiveDemo(new Date().toISOString().slice(0, 10));
  await services.peerPool.inviteDemoPeer(live, peerUser);
}

/**
 * What serve makes sure of before it listens: the schema, the register, the demo, the groups.
 * Whether it wrote anything.
 */
async function prepare(config: Config, database: Database, services: Services) {
  const migrated = (await migrateToLatest(database.db)).length > 0;
  const register = await services.areas.ensureRegister(config.dataDir, terminalProgress());
  // Before the demo, whose imports then calculate them as their inputs arrive.
  const defined = await services.calculated.installReadyMade();
  const demo = (await services.imports.loadDemo(config.dataDir, terminalProgress())).length > 0;
  // A store loaded before these definitions were shipped (or changed) calculates them now.
  const calculated =
    !demo &&
    defined.length > 0 &&
    (await services.calculated.recompute(defined, terminalProgress())).some(
      (s) => s.importId !== null,
    );
  const groups = await services.groups.ensureGroups(config.dataDir);
  // A store from before the overview, or before a basket's new version, works it out now.
  const overview = (await services.overview.recomputeIfDue(terminalProgress())) !== null;
  // Then the early-warning flags, which read the overview's directions.
  const flags = (await services.earlyWarning.recomputeIfDue(terminalProgress())) !== null;
  const accounts = new AccountsService(database.db, config.sessions);
  await announceDemoAccount(accounts, config, (text) => process.stderr.write(text));
  // With the demo data, an illustrative collection to fill in (issue 17's data collections).
  if (demo) await ensureDemoCollection(collectionsService(services, accounts));
  // And a dashboard for the demo account's council, which it lands on when it signs in.
  if (demo)
    await services.dashboards.createForDemo(
      demoAccount.organisation,
      demoAccount.organisation,
      demoDashboard,
    );
  if (demo) await loadProgrammeDemo(services, accounts);
  // And an open budget simulation for the demo council: services illustrative, tax real.
  if (demo) await services.simulations.loadDemo();
  // And a report the demo account built, to show the builder's work beside the ready-made ones.
  const demoOwner = demo ? await accounts.userIdByEmail(demoAccount.email) : null;
  if (demoOwner !== null)
    await services.storedReports.createForDemo(demoOwner, demoAccount.organisation, demoReport);
  return migrated || register || demo || groups || calculated || overview || flags;
}

/**
 * Lets `openlg import` hand its work to this server while it holds an embedded store: the import
 * runs here, through the same code as a local one, and the pages see it at once.
 */
async function openChannel(config: Config, database: Database, log: (error: unknown) => void) {
  if (config.database.kind !== 'pglite' || config.database.dataDir === 'memory://') return null;
  const socket = channelPath(config.database.dataDir);
  if (!socket) return null;
  return openImportChannel(
    socket,
    (request, output) => runHandedOver(config, database, request, output),
    log,
  );
}

async function serve(config: Config, command: string): Promise<number> {
  const web = await webApplication();
  const opened = await openDatabase(config.database, { command, statementTimeoutMs });
  // An embedded engine that has just loaded the demo would serve on with the memory the load
  // needed: a fresh one holds 150–200 MB less (docs/performance.md).
  const database = (await prepare(config, opened, web.createServices(opened)))
    ? await opened.renew()
    : opened;
  const services = web.createServices(database, { secretKey: config.secretKey });
  const app = await web.buildApp(config, services);
  // Values whose embargo ends while it serves reach the measures calculated from them.
  registerCalculatedJobs(app, services.calculated);
  // And the sector overview, when an embargo on a basket's measure ends.
  registerOverviewJobs(app, services.overview, services.earlyWarning);
  const channel = await openChannel(config, database, (error) =>
    app.log.error({ err: error }, 'a handed-over import failed'),
  );
  // Councils' profiles are built again after each change before anyone asks (issue 15).
  const profiles = new web.ProfileBuilder(services.comparison, {
    onError: (error, profile) =>
      app.log.warn({ err: error, profile }, 'building a kept council profile failed'),
  });
  // A clean close matters most for PGlite, whose files are only consistent after a checkpoint,
  // so a repeated signal (Ctrl-C reaches the server from the terminal and from bin/openlg.js)
  // must not cut it short.
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'shutting down');
    await app.close();
    await profiles.stop();
    await channel?.close();
    await database.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  const address = await app.listen({ port: config.port, host: config.host });
  process.stderr.write(`openlg is serving on ${address} (${database.engine} database)\n`);
  profiles.start();
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

async function mappingFrom(kind: SourceKind, flags: ImportFlags, cwd: string) {
  const given = tabularFlagNames.filter((name) => flags[name] !== undefined);
  if (!kind.mapped) {
    if (given[0])
      throw new BadRequestError(
        `${kind.kind} reads its own columns; --${given[0]} is only for tidy-csv and wide-csv`,
        given[0],
      );
    return undefined;
  }
  if (given.length === 0) return undefined;
  const fromFile = flags.mapping ? await readMappingFile(path.resolve(cwd, flags.mapping)) : {};
  const name = flags.mapping
    ? `${path.basename(flags.mapping)}${given.length > 1 ? ' with the command-line flags' : ''}`
    : 'the command-line flags';
  return {
    name,
    value: mappingFromFlags(kind.kind === 'wide-csv' ? 'wide-csv' : 'tidy-csv', flags, fromFile),
  };
}

interface ImportRequest {
  args: string[];
  flags: ImportFlags;
  argv: string[];
  /** Paths on the command line are read from here: the importer's folder, not the server's. */
  cwd: string;
}

async function runImport(config: Config, request: ImportRequest): Promise<number> {
  const { args, flags, argv, cwd } = request;
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
  publicationFrom(flags);
  let database: Database;
  try {
    database = await openDatabase(config.database, { command: `openlg ${argv.join(' ')}` });
  } catch (error) {
    if (!(error instanceof StoreLockedError)) throw error;
    return handOverImport(error, { argv, cwd });
  }
  try {
    await migrateToLatest(database.db);
    return await importInto(config, database, kind, request, terminal());
  } finally {
    await database.close();
  }
}

/** The store is held: a server takes the import over its channel; anyone else refuses it. */
async function handOverImport(locked: StoreLockedError, request: ChannelRequest) {
  const socket = channelPath(locked.store);
  if (socket) {
    try {
      return await handOver(socket, request, terminal());
    } catch (error) {
      if (!(error instanceof ChannelUnavailableError)) throw error;
    }
  }
  throw locked;
}

/** Reads the source and imports it into an open database, reporting as the command does. */
async function importInto(
  config: Config,
  database: Database,
  kind: SourceKind,
  { args, flags, argv, cwd }: ImportRequest,
  out: CommandOutput,
): Promise<number> {
  const publication = publicationFrom(flags);
  const absolute = path.resolve(cwd, args[1] ?? '');
  const mapping = await mappingFrom(kind, flags, cwd);
  const parsed = await kind.read(absolute, path.dirname(absolute), mapping);
  // Values are keyed by area: on a new database the register must be there first.
  await new AreasService(database.db).ensureRegister(config.dataDir, out.progress);
  // Through every service, so that the import is followed as on the server (the overview too).
  const { createServices } = await import('../app/services.ts');
  const summary = await createServices(database).imports.run(
    parsed,
    {
      dryRun: flags['dry-run'] ?? false,
      skipInvalid: flags['skip-invalid'] ?? false,
      synthetic: flags.synthetic ?? false,
      publication,
      command: commandLine('openlg', argv),
      ...(mapping ? { mapping: mapping.value } : {}),
    },
    out.progress,
  );
  for (const line of collapseProblems(summary.rejected)) out.stdout(`rejected: ${line}\n`);
  for (const note of summary.notes) out.stdout(`note: ${note}\n`);
  // Neighbours are computed from contextual metrics: when one of them changes, so may they.
  const changed = summary.valuesInserted + summary.valuesUpdated > 0 && !summary.dryRun;
  if (changed && parsed.observations.some((o) => modelInputMetrics.has(o.metricSlug))) {
    const groups = new GroupsService(database.db);
    if (!(await groups.ensureGroups(config.dataDir))) await groups.rebuildNeighbours();
    out.stdout('Nearest neighbours recomputed.\n');
  }
  return 0;
}

/** Runs an import handed over by `openlg import`, in the server that holds the store. */
async function runHandedOver(
  config: Config,
  database: Database,
  { argv, cwd }: ChannelRequest,
  out: CommandOutput,
): Promise<number> {
  return reportErrors(out, async () => {
    const { positionals, values } = parseCommandLine(argv);
    const kind = findSourceKind(positionals[1] ?? '');
    if (positionals[0] !== 'import' || !kind || !positionals[2]) {
      out.stderr('openlg: a running server takes only `openlg import <kind> <path>`\n');
      return 2;
    }
    return importInto(
      config,
      database,
      kind,
      { args: positionals.slice(1), flags: values, argv, cwd },
      out,
    );
  });
}

/** The command's expected failures, as messages and exit codes; anything else is a bug. */
async function reportErrors(out: CommandOutput, work: () => Promise<number>): Promise<number> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof BadRequestError) {
      out.stderr(`${error.message}\n`);
      return 2;
    }
    if (
      error instanceof ConfigError ||
      error instanceof DataFileError ||
      error instanceof StoreLockedError
    ) {
      out.stderr(`${error.message}\nNothing was changed.\n`);
      return error instanceof ConfigError ? 2 : 1;
    }
    throw error;
  }
}

function parseCommandLine(argv: string[]) {
  return parseArgs({
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
      ...tabularFlagOptions,
      name: { type: 'string' },
      org: { type: 'string' },
      role: { type: 'string' },
      user: { type: 'string' },
      council: { type: 'string' },
      issuer: { type: 'string' },
      'client-id': { type: 'string' },
      'client-secret-file': { type: 'string' },
      domains: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

/**
 * A command line parseArgs refuses (an unknown flag, a flag without its value), as one line: the
 * user mistyped, so there is no stack to show.
 */
function commandLineMistake(error: unknown): string | undefined {
  if (!(error instanceof TypeError) || !('code' in error)) return undefined;
  const code = String(error.code);
  if (!code.startsWith('ERR_PARSE_ARGS_')) return undefined;
  const flag = /'(-[^' ]+)/.exec(error.message)?.[1] ?? '';
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return `unknown option ${flag}`;
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') return `${flag} needs a value`;
  return error.message.split('. ')[0] ?? error.message;
}

export async function main(argv: string[]): Promise<number> {
  let parsed: ReturnType<typeof parseCommandLine>;
  try {
    parsed = parseCommandLine(argv);
  } catch (error) {
    const mistake = commandLineMistake(error);
    if (mistake === undefined) throw error;
    const kind = argv[0] === 'import' && argv[1] ? findSourceKind(argv[1]) : undefined;
    const help = kind ? `openlg import ${kind.kind} --help` : 'openlg help';
    process.stderr.write(`openlg: ${mistake} (see ${help})\n`);
    return 2;
  }
  const { positionals, values } = parsed;
  const command = [
    'import',
    'users',
    'api-keys',
    'sso',
    'clubs',
    'collections',
    'calculated',
    'overview',
  ].includes(positionals[0] ?? '')
    ? (positionals[0] ?? '')
    : positionals.join(' ');
  const helpKind = command === 'import' ? findSourceKind(positionals[1] ?? '') : undefined;
  if (values.help && helpKind) {
    process.stdout.write(`${importHelp(helpKind)}\n`);
    return 0;
  }
  if (values.help || command === 'help' || command === '') {
    process.stdout.write(`${usage}\n`);
    return command === '' && !values.help ? 2 : 0;
  }
  const out = terminal();
  return reportErrors(out, async () => {
    const config = loadConfig({
      ...process.env,
      ...(values['data-dir'] ? { OPENLG_DATA_DIR: values['data-dir'] } : {}),
    });
    const named = `openlg ${argv.join(' ')}`;
    switch (command) {
      case 'serve':
        return await serve(config, named);
      case 'demo':
        return await withDatabase(
          config,
          named,
          async (database) => {
            await prepare(config, database, (await webApplication()).createServices(database));
            return 0;
          },
          { migrate: false },
        );
      case 'db migrate':
        return await withDatabase(
          config,
          named,
          async (database) => {
            const applied = await migrateToLatest(database.db);
            out.stdout(
              applied.length > 0 ? `Applied: ${applied.join(', ')}\n` : 'Schema is up to date.\n',
            );
            return 0;
          },
          { migrate: false },
        );
      case 'areas import':
        return await withDatabase(config, named, async (database) => {
          const summary = await new AreasService(database.db).importRegister(
            config.dataDir,
            out.progress,
          );
          for (const note of summary.notes) out.stdout(`note: ${note}\n`);
          const groups = await new GroupsService(database.db).rebuildRegisterGroups(config.dataDir);
          for (const note of groups.notes) out.stdout(`note: ${note}\n`);
          return 0;
        });
      case 'import':
        return await runImport(config, {
          args: positionals.slice(1),
          flags: values,
          argv,
          cwd: process.cwd(),
        });
      case 'users':
        return await withDatabase(config, named, (database) =>
          usersCommand(
            new AccountsService(database.db, config.sessions),
            config,
            positionals.slice(1),
            values,
            out.stdout,
            // The command says itself where each message went.
            createMailer(config.mail, () => undefined),
          ),
        );
      case 'api-keys':
        return await withDatabase(config, named, (database) =>
          apiKeysCommand(new ApiKeysService(database.db), positionals.slice(1), values, out.stdout),
        );
      case 'clubs':
        return await withDatabase(config, named, (database) =>
          clubsCommand(
            new ClubsService(database.db, new AccountsService(database.db, config.sessions)),
            positionals.slice(1),
            values,
            out.stdout,
          ),
        );
      case 'collections':
        return await withDatabase(config, named, (database) =>
          collectionsCommand(config, database, positionals.slice(1), out.stdout),
        );
      case 'calculated':
        return await withDatabase(config, named, (database) =>
          calculatedCommand(
            withCalculated(database).calculated,
            positionals.slice(1),
            out.stdout,
            out.progress,
          ),
        );
      case 'overview':
        return await withDatabase(config, named, async (database) =>
          overviewCommand(
            (await webApplication()).createServices(database),
            positionals.slice(1),
            out.stdout,
            out.progress,
          ),
        );
      case 'sso':
        return await withDatabase(config, named, (database) => {
          const accounts = new AccountsService(database.db, config.sessions);
          const box = secretBox(config.secretKey);
          const sso = new SingleSignOnService(
            database.db,
            accounts,
            box,
            config.secretKey !== null,
          );
          return ssoCommand(sso, positionals.slice(1), values, out.stdout);
        });
      default:
        out.stderr(`Unknown command "${command}".\n\n${usage}\n`);
        return 2;
    }
  });
}
