import type { DataQuery } from '../data/data.schema.ts';
import type { DataService } from '../data/data.service.ts';

/**
 * Counts the answers the data service works out (and the signals they were given), and holds
 * those `held` picks out until the gate `hold()` made is opened. Tests of admission and of kept
 * answers watch the same service the app uses, so it is wrapped in place.
 */
export function spyOnQueries(data: DataService, held: (query: DataQuery) => boolean) {
  const seen = { queries: 0, signals: [] as (AbortSignal | undefined)[] };
  let gate: Promise<void> | null = null;
  const query = data.query.bind(data);
  data.query = async (q, format, signal, state, sight) => {
    seen.queries += 1;
    seen.signals.push(signal);
    if (held(q)) await gate;
    return query(q, format, signal, state, sight);
  };
  return {
    seen,
    /** Holds the picked answers from now on; the function returned lets them (and later ones) go. */
    hold() {
      let open = () => {};
      gate = new Promise((resolve) => {
        open = resolve;
      });
      return () => {
        gate = null;
        open();
      };
    },
  };
}
