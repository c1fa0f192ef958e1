// Zone cuts learned from referrals (the child's NS set and its glue), kept for their TTL and
// bounded in size, so a re-verification sweep asks the root and the TLD once per TTL rather
// than once per domain. A Map keeps insertion order: re-inserting on use makes it an LRU.

/** One authoritative server of a zone: its NS host name and the addresses known for it. */
export interface NameServer {
  readonly name: string;
  /** Glue or resolved addresses, IPv4 first; empty when the name must be resolved. */
  readonly addresses: readonly string[];
}

export interface ZoneCut {
  /** The zone ('' for the root). */
  readonly zone: string;
  readonly servers: readonly NameServer[];
  /** Seconds the cut may be kept (the smallest TTL of its NS and glue records). */
  readonly ttl: number;
}

export class ZoneCutCache {
  private readonly cuts = new Map<string, { cut: ZoneCut; expiresAt: number }>();

  constructor(
    private readonly maxEntries: number,
    private readonly maxTtlSeconds: number,
    private readonly now: () => number,
  ) {}

  get size(): number {
    return this.cuts.size;
  }

  set(cut: ZoneCut): void {
    if (this.maxEntries === 0 || cut.zone === '') return;
    const ttl = Math.min(cut.ttl, this.maxTtlSeconds);
    if (ttl <= 0) return;
    this.cuts.delete(cut.zone);
    this.cuts.set(cut.zone, { cut, expiresAt: this.now() + ttl * 1000 });
    while (this.cuts.size > this.maxEntries) {
      const oldest = this.cuts.keys().next().value as string;
      this.cuts.delete(oldest);
    }
  }

  /** The unexpired cut of exactly `zone`, marked as recently used. */
  get(zone: string): ZoneCut | undefined {
    const entry = this.cuts.get(zone);
    if (entry === undefined) return undefined;
    this.cuts.delete(zone);
    if (entry.expiresAt <= this.now()) return undefined;
    this.cuts.set(zone, entry);
    return entry.cut;
  }

  /** The deepest unexpired cut at or above `name`, if any. */
  closest(name: string): ZoneCut | undefined {
    let zone = name;
    for (;;) {
      const cut = this.get(zone);
      if (cut !== undefined) return cut;
      const dot = zone.indexOf('.');
      if (dot < 0) return undefined;
      zone = zone.slice(dot + 1);
    }
  }

  clear(): void {
    this.cuts.clear();
  }
}
