import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import { z } from 'zod';
import { polarities, themes, valueStatuses } from '../../db/vocabulary.ts';
import { tabularFlagHelp, tidyMappingSchema, wideMappingSchema } from './tabular.mapping.ts';

/** Every property name anywhere in a JSON schema. */
function fieldNames(schema: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(schema)) for (const item of schema) fieldNames(item, into);
  else if (typeof schema === 'object' && schema !== null)
    for (const [key, value] of Object.entries(schema)) {
      if (key === 'properties' && typeof value === 'object' && value !== null)
        for (const name of Object.keys(value)) into.add(name);
      fieldNames(value, into);
    }
  return into;
}

describe('docs/importing.md', () => {
  it('documents every mapping field, flag, theme, polarity and status', async () => {
    const docs = await readFile('docs/importing.md', 'utf8');
    const fields = fieldNames([
      z.toJSONSchema(tidyMappingSchema, { io: 'input' }),
      z.toJSONSchema(wideMappingSchema, { io: 'input' }),
    ]);
    assert.ok(fields.has('unmapped') && fields.has('sourceUrl'), [...fields].join(', '));
    for (const field of fields)
      assert.match(docs, new RegExp(`[\`.]${field}\`|\`${field}[.[\`]`), `field ${field}`);
    for (const flag of Object.keys(tabularFlagHelp)) assert.ok(docs.includes(`--${flag}`), flag);
    for (const word of [...themes, ...polarities, ...valueStatuses])
      assert.ok(docs.includes(`\`${word}\``), word);
  });
});
