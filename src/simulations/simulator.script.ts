import path from 'node:path';
import type { FastifyInstance } from 'fastify';

/*
 * The sliders' script, bundled from simulator.client.ts with the balance maths it imports, on
 * the first request and kept in memory: the page runs balance.ts itself, never a copy, and
 * nothing generated is committed (as the stylesheet, app/assets.ts).
 */

const entry = path.join(import.meta.dirname, 'simulator.client.ts');

let bundled: Promise<string> | undefined;

export function simulatorScript(): Promise<string> {
  // Loaded on first use: a server that never serves the script does without esbuild's 12 MB.
  bundled ??= import('esbuild')
    .then(({ build }) =>
      build({
        entryPoints: [entry],
        bundle: true,
        write: false,
        format: 'esm',
        platform: 'browser',
        target: 'es2020',
        minify: true,
        legalComments: 'none',
        logLevel: 'silent',
      }),
    )
    .then((result) => {
      const [file] = result.outputFiles;
      if (!file) throw new Error('esbuild wrote no simulator script');
      return file.text;
    })
    .catch((error: unknown) => {
      bundled = undefined;
      throw error;
    });
  return bundled;
}

/** /assets/simulator.js, loaded by the resident's page (views/simulation.njk). */
export function registerSimulatorScript(app: FastifyInstance) {
  app.get('/assets/simulator.js', async (_request, reply) =>
    reply
      .type('text/javascript; charset=utf-8')
      .header('cache-control', 'public, max-age=86400')
      .send(await simulatorScript()),
  );
}
