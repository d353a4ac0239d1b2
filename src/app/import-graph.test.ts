import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const srcDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Every source file (tests aside) and the source files it imports, types included. */
function importGraph(): Map<string, string[]> {
  const files = readdirSync(srcDir, { recursive: true, encoding: 'utf8' }).filter(
    (f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !f.endsWith('.d.ts'),
  );
  const known = new Set(files);
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const text = readFileSync(path.join(srcDir, file), 'utf8');
    const imported = [...text.matchAll(/(?:import|export)[^'"]*?from\s+'(\.[^']+)'/g)]
      .map((m) => path.join(path.dirname(file), m[1] ?? ''))
      .filter((target) => known.has(target));
    graph.set(file, imported);
  }
  return graph;
}

/** The files from which `start` can be reached again: the files of its import cycles. */
function cycleThrough(graph: Map<string, string[]>, start: string): string[] {
  const reaches = (from: string, to: string) => {
    const seen = new Set<string>();
    const stack = [from];
    while (stack.length > 0) {
      const file = stack.pop() ?? '';
      if (file === to) return true;
      if (seen.has(file)) continue;
      seen.add(file);
      stack.push(...(graph.get(file) ?? []));
    }
    return false;
  };
  return [...graph.keys()].filter(
    (file) => file !== start && reaches(start, file) && reaches(file, start),
  );
}

describe('the import graph', () => {
  const graph = importGraph();

  // The app imports every feature's routes; a feature importing the app back (for the
  // Services type) made one cycle of 14 files, so any change to one re-checked them all. The
  // data formats once took their types from the data service, which writes CSV with them.
  const roots = [
    ['app', 'app.ts'],
    ['app', 'services.ts'],
    ['data', 'data.service.ts'],
  ];
  for (const file of roots.map((parts) => path.join(...parts)))
    it(`has no cycle through ${file}`, () => {
      assert.ok(graph.has(file));
      assert.deepEqual(cycleThrough(graph, file), []);
    });
});
