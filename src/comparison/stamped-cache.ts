/**
 * Reads that depend only on the state of the public data, kept in this process while that state
 * holds: each under the stamp of that state (keptProfileStamp: the data version, the last
 * embargo ended, the day) and a key of the caller's. A new stamp drops every entry, so nothing
 * read under an older state is answered under a newer one. A read under way is shared by those
 * who ask meanwhile; a failed one is forgotten, so that the next ask reads again.
 */
export class StampedCache<T> {
  private stamp: string | undefined;
  private readonly entries = new Map<string, Promise<T>>();

  /** `limit`: entries kept under one stamp; past it, they are dropped and read again. */
  constructor(private readonly limit = 64) {}

  get(stamp: string, key: string, read: () => Promise<T>): Promise<T> {
    if (stamp !== this.stamp) {
      this.entries.clear();
      this.stamp = stamp;
    }
    const kept = this.entries.get(key);
    if (kept) return kept;
    if (this.entries.size >= this.limit) this.entries.clear();
    const reading = read();
    this.entries.set(key, reading);
    reading.catch(() => {
      if (this.entries.get(key) === reading) this.entries.delete(key);
    });
    return reading;
  }
}
