import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import nunjucks from 'nunjucks';
import { formatDate } from '../shared/format.ts';

const srcDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
/** govuk-frontend's dist folder, holding govuk/template.njk, the components and the assets. */
export const govukDistDir = path.resolve(
  path.dirname(require.resolve('govuk-frontend/package.json')),
  'dist',
);

/**
 * Templates are named from src/, e.g. "areas/views/area.njk", so every feature keeps its views
 * beside its code; govuk-frontend's templates resolve as "govuk/...". Autoescaping is on.
 */
export function createViews(): nunjucks.Environment {
  const env = new nunjucks.Environment(
    new nunjucks.FileSystemLoader([srcDir, govukDistDir], { noCache: false }),
    { autoescape: true, throwOnUndefined: false, trimBlocks: true, lstripBlocks: true },
  );
  env.addFilter('date', (value: unknown) => formatDate(value));
  env.addFilter('number', (value: unknown, places = 0) =>
    typeof value === 'number'
      ? value.toLocaleString('en-GB', {
          minimumFractionDigits: Number(places),
          maximumFractionDigits: Number(places),
        })
      : '',
  );
  return env;
}
