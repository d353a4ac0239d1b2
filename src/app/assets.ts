import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as sass from 'sass';

const stylesheet = path.resolve(path.dirname(fileURLToPath(import.meta.url)), 'styles/openlg.scss');
const nodeModules = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../node_modules',
);

let compiled: Promise<string> | undefined;

/**
 * The stylesheet is compiled from govuk-frontend's Sass on first request and kept in memory:
 * nothing generated is committed, and no build step is needed before `npm start`.
 */
export function stylesheetCss(): Promise<string> {
  compiled ??= sass
    .compileAsync(stylesheet, { loadPaths: [nodeModules], style: 'compressed', quietDeps: true })
    .then((result) => result.css);
  return compiled;
}

export const iconSvg =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="4" fill="#0b0c0c"/>' +
  '<rect x="6" y="18" width="5" height="8" fill="#fff"/><rect x="13.5" y="12" width="5" height="14" fill="#fff"/>' +
  '<rect x="21" y="6" width="5" height="20" fill="#1d70b8"/></svg>';
