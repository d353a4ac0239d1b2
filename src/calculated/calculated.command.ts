import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describeImport } from '../imports/imports.service.ts';
import { BadRequestError } from '../shared/errors.ts';
import type { Progress } from '../shared/progress.ts';
import { calculatedDefinition } from './calculated.schema.ts';
import {
  CalculatedDefinitionError,
  UnknownCalculatedError,
  type CalculatedService,
} from './calculated.service.ts';

export const calculatedUsage = `  calculated list       calculated metrics: slug, formula, whether shipped with openlg, title
  calculated recompute [<slug> …]
                        calculate the metrics again (all of them unless named) from the public
                        values of their inputs; imports do this for what they change
  calculated define <file.json>
                        add or change a calculated metric (fields as in
                        src/calculated/calculated.catalogue.ts), then calculate it`;

/** `openlg calculated …`: the operator's view of calculated metrics, and recalculating them. */
export async function calculatedCommand(
  calculated: CalculatedService,
  args: readonly string[],
  write: (text: string) => void,
  progress: Progress,
): Promise<number> {
  const [action, ...slugs] = args;
  // The definitions openlg ships are there to list, calculate and keep clear of, whether or not
  // it has served.
  await calculated.installReadyMade();
  switch (action) {
    case 'list': {
      if (slugs.length > 0) break;
      const metrics = await calculated.list();
      if (metrics.length === 0) write('No calculated metrics.\n');
      for (const { definition, readyMade } of metrics)
        write(
          `${definition.slug}\t${definition.formula}\t${readyMade ? 'ready-made' : 'defined here'}\t${definition.title}\n`,
        );
      return 0;
    }
    case 'recompute': {
      try {
        const summaries = await calculated.recompute(
          slugs.length > 0 ? slugs : undefined,
          progress,
        );
        if (summaries.length === 0) write('No calculated metrics.\n');
        for (const summary of summaries) write(`${describeImport(summary)}\n`);
        return 0;
      } catch (error) {
        if (error instanceof UnknownCalculatedError) throw new BadRequestError(error.message);
        throw error;
      }
    }
    case 'define': {
      const [file, ...rest] = slugs;
      if (!file || rest.length > 0) break;
      const definition = await readDefinition(file);
      try {
        await calculated.define(definition);
      } catch (error) {
        if (error instanceof CalculatedDefinitionError) throw new BadRequestError(error.message);
        throw error;
      }
      for (const summary of await calculated.recompute([definition.slug], progress))
        write(`${describeImport(summary)}\n`);
      return 0;
    }
  }
  throw new BadRequestError(`Usage:\n${calculatedUsage}`);
}

/** A definition from a JSON file, checked, every mistake named with its field. */
async function readDefinition(file: string) {
  const name = path.basename(file);
  let value: unknown;
  try {
    value = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new BadRequestError(`${name}: not a JSON file (${(error as Error).message})`);
  }
  const parsed = calculatedDefinition.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new BadRequestError(
    parsed.error.issues
      .map((issue) => `${name}: ${issue.path.join('.') || 'definition'}: ${issue.message}`)
      .join('\n'),
  );
}
