import { ConcurrencyLimit } from './concurrency.ts';

/**
 * How much work requests may ask of the server at once. A request's cost is estimated before any
 * work, in cells (values read, ranked and written); from `expensiveFrom` it is expensive.
 */
export interface AdmissionLimits {
  /** Cheap requests worked on at once; more wait their turn, first come first served. */
  cheapAtOnce: number;
  expensiveFrom: number;
  /** Expensive requests worked on at once, beside the cheap ones. */
  expensiveAtOnce: number;
  /** The cost of the expensive requests that may wait for a turn, all clients together. */
  queuedCost: number;
  /** The cost of the expensive requests one client may have waiting or worked on. */
  clientCost: number;
}

export type Refusal =
  { reason: 'client'; retryAfterSeconds: number } | { reason: 'busy'; retryAfterSeconds: number };

/** Thrown, before any work, when an expensive request is over its client's or the total budget. */
export class AdmissionRefused extends Error {
  constructor(readonly refusal: Refusal) {
    super(refusal.reason === 'client' ? 'over the client budget' : 'over the total budget');
    this.name = 'AdmissionRefused';
  }
}

/** The first guess at how long an expensive request takes, until one has been timed. */
const firstGuessMs = 5_000;

/**
 * Two lanes, so that expensive requests cannot stall cheap ones: cheap requests run as before (a
 * few at once, in order of arrival); expensive ones run one or two at a time beside them, wait in
 * a queue of bounded total cost, and each client may have only so much expensive work in hand.
 * Beyond either budget a request is refused at once, saying when to try again.
 */
export class Admission {
  private readonly cheap: ConcurrencyLimit;
  private readonly expensive: ConcurrencyLimit;
  private expensiveRunning = 0;
  private readonly waiting: number[] = [];
  private readonly byClient = new Map<string, number>();
  /** A moving average of how long an expensive request takes (ms), for Retry-After. */
  private typicalMs = firstGuessMs;

  constructor(private readonly limits: AdmissionLimits) {
    this.cheap = new ConcurrencyLimit(limits.cheapAtOnce);
    this.expensive = new ConcurrencyLimit(limits.expensiveAtOnce);
  }

  isExpensive(cost: number): boolean {
    return cost >= this.limits.expensiveFrom;
  }

  /** Runs `task` in its lane, or rejects with AdmissionRefused without running it. */
  run<T>(client: string, cost: number, task: () => Promise<T>): Promise<T> {
    if (!this.isExpensive(cost)) return this.cheap.run(task);
    const refusal = this.refusal(client, cost);
    if (refusal) return Promise.reject(new AdmissionRefused(refusal));
    return this.runExpensive(client, cost, task);
  }

  private refusal(client: string, cost: number): Refusal | null {
    const held = this.byClient.get(client) ?? 0;
    // A client's first expensive request is always let in, however large: the bulk files and
    // the cells limit bound it already.
    if (held > 0 && held + cost > this.limits.clientCost)
      return { reason: 'client', retryAfterSeconds: this.secondsFor(1) };
    const queued = this.waiting.reduce((sum, c) => sum + c, 0);
    const mustWait = this.expensiveRunning >= this.limits.expensiveAtOnce;
    if (mustWait && this.waiting.length > 0 && queued + cost > this.limits.queuedCost)
      return { reason: 'busy', retryAfterSeconds: this.secondsFor(this.waiting.length + 1) };
    return null;
  }

  private async runExpensive<T>(client: string, cost: number, task: () => Promise<T>) {
    this.byClient.set(client, (this.byClient.get(client) ?? 0) + cost);
    this.waiting.push(cost);
    try {
      return await this.expensive.run(async () => {
        this.waiting.splice(this.waiting.indexOf(cost), 1);
        this.expensiveRunning += 1;
        const started = performance.now();
        try {
          return await task();
        } finally {
          this.expensiveRunning -= 1;
          this.typicalMs = 0.7 * this.typicalMs + 0.3 * (performance.now() - started);
        }
      });
    } finally {
      const left = (this.byClient.get(client) ?? cost) - cost;
      if (left > 0) this.byClient.set(client, left);
      else this.byClient.delete(client);
    }
  }

  /** Seconds until `turns` more expensive requests have probably been worked through. */
  private secondsFor(turns: number): number {
    return Math.max(1, Math.ceil((this.typicalMs * turns) / this.limits.expensiveAtOnce / 1000));
  }
}
