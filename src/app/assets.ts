import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

const stylesheet = path.resolve(path.dirname(fileURLToPath(import.meta.url)), 'styles/openlg.scss');
const nodeModules = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../node_modules',
);

/**
 * Compiles the stylesheet in a worker thread that then exits: loaded in the server itself, the
 * Sass compiler would keep about 50 MB for the server's whole life, for one stylesheet.
 */
const compiler = `
const { parentPort, workerData } = require('node:worker_threads');
import(workerData.sass)
  .then((sass) => sass.compileAsync(workerData.stylesheet, {
    loadPaths: [workerData.nodeModules], style: 'compressed', quietDeps: true }))
  .then((result) => parentPort.postMessage(result.css));
`;

let compiled: Promise<string> | undefined;

/**
 * The stylesheet is compiled from govuk-frontend's Sass on first request and kept in memory:
 * nothing generated is committed, and no build step is needed before `npm start`.
 */
export function stylesheetCss(): Promise<string> {
  compiled ??= new Promise<string>((resolve, reject) => {
    const worker = new Worker(compiler, {
      eval: true,
      workerData: { sass: import.meta.resolve('sass'), stylesheet, nodeModules },
    });
    worker.once('message', (css: string) => resolve(css));
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`the stylesheet compiler stopped with exit code ${code}`));
    });
  });
  return compiled;
}

export const iconSvg =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="4" fill="#0b0c0c"/>' +
  '<rect x="6" y="18" width="5" height="8" fill="#fff"/><rect x="13.5" y="12" width="5" height="14" fill="#fff"/>' +
  '<rect x="21" y="6" width="5" height="20" fill="#1d70b8"/></svg>';
