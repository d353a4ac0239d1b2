import {
  ProfileBuildError,
  type ClaimedProfile,
  type ComparisonService,
} from './comparison.service.ts';

/**
 * How long a claim holds a council against other processes: far longer than a build (0.5 s for
 * the largest on PostgreSQL), so that only a dead process's or a failed build's claim lapses, and
 * a failing council is tried again this often rather than in a loop.
 */
const claimSeconds = 300;

export interface ProfileBuilderOptions {
  /** The pause between two builds, so that requests waiting on the database go first. */
  pauseMs?: number;
  /** How often to look for stale profiles when none was due. */
  idleMs?: number;
  /** A build that failed (its council named), or a look for work that did. */
  onError?: (error: unknown, profile?: ClaimedProfile) => void;
}

/**
 * Keeps the profile every council page shows unasked up to date in the background: after an
 * import, a group rebuild, an embargo's end or the day's change, each is built again before
 * anyone asks, one council at a time, claimed in the database (profile_builds) so that every
 * process serving one PostgreSQL shares the work. A page whose profile it has not reached yet
 * builds it itself, as before: the builder only saves that wait.
 */
export class ProfileBuilder {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = true;

  constructor(
    private readonly comparison: ComparisonService,
    private readonly options: ProfileBuilderOptions = {},
  ) {}

  /** Builds and keeps one due profile: the one claimed, or null when none is due. */
  async buildNext(now = new Date()): Promise<ClaimedProfile | null> {
    try {
      return await this.comparison.keepNextDueProfile(now, claimSeconds);
    } catch (error) {
      if (!(error instanceof ProfileBuildError)) throw error;
      this.options.onError?.(error.cause, error.profile);
      return error.profile;
    }
  }

  /** Builds every due profile: how many were claimed. */
  async buildAll(): Promise<number> {
    let count = 0;
    while (await this.buildNext()) count++;
    return count;
  }

  /** Starts building in the background until stop(). */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.schedule(0);
  }

  /** Stops, after the build under way (if any) ends. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.buildNext().then(
        (built) => this.schedule(built ? (this.options.pauseMs ?? 100) : this.idle()),
        (error: unknown) => {
          // The database is unreachable or closing: look again later.
          this.options.onError?.(error);
          this.schedule(this.idle());
        },
      );
    }, delayMs);
    // A builder waiting for work never keeps the process alive on its own.
    this.timer.unref();
  }

  private idle(): number {
    return this.options.idleMs ?? 10_000;
  }
}
