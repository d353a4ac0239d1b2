import type { IncomingHttpHeaders } from 'node:http';

/**
 * Who is asking. An answer made for the public holds only what the public may see, so it may be
 * given to anyone of the public, and to nobody else: a viewer who may see more must neither be
 * given one (it would miss what they may see) nor leave one behind (it would show the public what
 * they may not). No such viewer exists yet; any credentials at all (an Authorization header, a
 * cookie, which a session would ride on) mean the request may come from one.
 */
export type Viewer = { kind: 'public' } | { kind: 'credentialed' };

export function viewerOf(headers: IncomingHttpHeaders): Viewer {
  return headers.authorization !== undefined || headers.cookie !== undefined
    ? { kind: 'credentialed' }
    : { kind: 'public' };
}

/** An answer's body as @fastify/compress encoded it for one Accept-Encoding header. */
export interface EncodedForm {
  encoding: string;
  vary: string;
  body: Buffer;
}

export interface KeptAnswer {
  /** The headers the route set that describe the body (type, disposition, links). */
  headers: Readonly<Record<string, string>>;
  body: Buffer;
  /** Compressed forms by the Accept-Encoding header they were made for. */
  forms: Map<string, EncodedForm>;
  /** What it counts for against the cache's size: bodies, forms, key and bookkeeping. */
  bytes: number;
}

/** Headers, map entries and objects of an entry, roughly: counted so that tiny entries count. */
const overheadBytes = 512;
/** A few clients' Accept-Encoding headers are all an answer needs forms for. */
const maxForms = 4;

/**
 * The encoded public answers of the latest data version, by request, least recently used
 * dropped first once their bytes pass the limit. An answer only changes when the data version
 * does (an import, or an embargo ending: DataVersion's token changes with either), so the whole
 * cache is emptied the moment a newer version is seen, and an answer worked out under an older
 * one is not kept. An answer over an eighth of the limit is not kept, so that one answer cannot
 * empty the cache. A limit of 0 keeps nothing.
 */
export class AnswerCache {
  private readonly entries = new Map<string, KeptAnswer>();
  private token: string | null = null;
  private held = 0;

  constructor(readonly maxBytes: number) {}

  /** Bytes held, as counted against maxBytes. */
  get bytes(): number {
    return this.held;
  }

  get size(): number {
    return this.entries.size;
  }

  /** The answer kept for this request under the version `token`, now the most recently used. */
  get(viewer: Viewer, token: string, key: string): KeptAnswer | undefined {
    if (viewer.kind !== 'public' || this.maxBytes === 0) return undefined;
    if (token !== this.token) {
      this.entries.clear();
      this.held = 0;
      this.token = token;
      return undefined;
    }
    const kept = this.entries.get(key);
    if (kept) {
      this.entries.delete(key);
      this.entries.set(key, kept);
    }
    return kept;
  }

  /**
   * Keeps an answer worked out under the version `token`, unless a newer one has been seen;
   * says whether it was kept.
   */
  set(
    viewer: Viewer,
    token: string,
    key: string,
    headers: Readonly<Record<string, string>>,
    body: Buffer,
  ): boolean {
    if (viewer.kind !== 'public' || token !== this.token) return false;
    const bytes = body.length + 2 * key.length + overheadBytes;
    if (bytes > this.maxBytes / 8) return false;
    this.remove(key);
    this.entries.set(key, { headers, body, forms: new Map(), bytes });
    this.held += bytes;
    this.evict();
    return true;
  }

  /** Keeps a compressed form of an answer still kept under the version `token`. */
  addForm(token: string, key: string, acceptEncoding: string, form: EncodedForm): void {
    const kept = token === this.token ? this.entries.get(key) : undefined;
    if (!kept || kept.forms.size >= maxForms || kept.forms.has(acceptEncoding)) return;
    const bytes = form.body.length + acceptEncoding.length + form.vary.length;
    if (kept.bytes + bytes > this.maxBytes / 8) return;
    kept.forms.set(acceptEncoding, form);
    kept.bytes += bytes;
    this.held += bytes;
    this.evict();
  }

  private remove(key: string) {
    const kept = this.entries.get(key);
    if (!kept) return;
    this.entries.delete(key);
    this.held -= kept.bytes;
  }

  private evict() {
    for (const [key] of this.entries) {
      if (this.held <= this.maxBytes) return;
      this.remove(key);
    }
  }
}
