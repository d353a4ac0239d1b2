/**
 * Which councils replaced which, from mySociety's successors and the ONS changes.
 */
import { examples, plural, yearDate } from './register.cells.ts';
import type { Context } from './register.model.ts';
import type { Change } from './register.other-areas.ts';

export function addSuccessions(context: Context, changes: Change[]): void {
  const { register, authorities, registry, problems, tables, notes } = context;
  const terminated = new Set(changes.filter((c) => c.type === 'termination').map((c) => c.oldCode));
  for (const { row, area, replacedBy } of authorities) {
    const report = problems.reporter(tables.authorities, row);
    if (replacedBy.length > 0 && area.validTo === null)
      report('end-date', 'is empty, yet replaced-by names a successor');
    for (const successor of replacedBy.map((r) => registry.get(r))) {
      if (successor === undefined || successor === area.code) continue;
      register.addSuccession({
        predecessorCode: area.code,
        successorCode: successor,
        effectiveDate: area.validTo,
        kind: terminated.has(area.code) ? 'abolition' : 'merger',
      });
    }
  }

  const skipped: string[] = [];
  const contradicted: string[] = [];
  for (const change of changes.filter((c) => c.type === 'merger')) {
    const predecessor = register.area(change.oldCode);
    const successor = change.newCode === undefined ? undefined : register.area(change.newCode);
    if (predecessor === undefined || successor === undefined) {
      skipped.push(`${change.oldCode} -> ${change.newCode ?? ''}`);
      continue;
    }
    if (register.hasSuccession(predecessor.code, successor.code)) continue;
    if (register.successorsOf(predecessor.code).length > 0) {
      contradicted.push(`${predecessor.code} -> ${successor.code}`);
      continue;
    }
    register.addSuccession({
      predecessorCode: predecessor.code,
      successorCode: successor.code,
      effectiveDate: predecessor.validTo ?? yearDate(change.year),
      kind: 'merger',
    });
  }
  const unexplained = [...terminated].filter(
    (code) => !register.area(code) || register.successorsOf(code).length === 0,
  );
  if (skipped.length > 0)
    notes.push(
      `${tables.changes.file}: ${plural(skipped.length, 'merger')} between codes the register does not ` +
        `hold skipped (${examples(skipped)})`,
    );
  if (contradicted.length > 0)
    notes.push(
      `${tables.changes.file}: ${plural(contradicted.length, 'merger')} contradicting mySociety's ` +
        `replaced-by skipped (${examples(contradicted)})`,
    );
  if (unexplained.length > 0)
    notes.push(
      `${tables.changes.file}: ${plural(unexplained.length, 'terminated area')} with no successor ` +
        `in mySociety (${examples(unexplained)})`,
    );
}
