import { DaiError } from "@dai/core";
import { createPureBackend } from "./backend/pure.js";
import type { ComputeBackend } from "./backend/types.js";
import { checkId, EMPTY, frozen, gather, matcher } from "./store-helpers.js";
import { checkVector, normalizeRow } from "./validate.js";

export type Metric = "cosine" | "ip";
export type Metadata = Readonly<Record<string, string>>;
/** Equality per key (a list means "any of"), or a predicate. */
export type Filter =
  | Readonly<Record<string, string | readonly string[]>>
  | ((metadata: Metadata, id: string) => boolean);

export interface VectorStoreOptions {
  dim: number;
  /** `cosine` stores unit vectors (zero vectors are refused); `ip` stores vectors as given. */
  metric: Metric;
  /**
   * Rows to allocate up front. Without it the buffer grows by 1/16 at a time (so ≤ 1.0625 × the raw
   * bytes); `compact()` trims it to exactly the raw bytes.
   */
  capacity?: number;
  backend?: ComputeBackend;
}

export interface SearchOptions {
  /** How many hits; more than the store holds returns them all. */
  k: number;
  filter?: Filter;
  /** Ids to leave out, e.g. the query's own id in "similar to". */
  exclude?: readonly string[];
}

export interface Hit {
  id: string;
  score: number;
  metadata: Metadata;
}

const MAX_K = 10_000;

/**
 * Exact top-k search over a contiguous Float32Array, with add/update/remove by id and metadata filters.
 * Removal moves the last row into the hole, so the buffer stays dense and a search is one GEMM.
 *
 * @example
 * const store = new VectorStore({ dim: 3, metric: "cosine" });
 * store.add("dlr-001", [1, 0, 0], { brand: "BMW", region: "West" });
 * const hits = await store.search([1, 0.1, 0], { k: 5, filter: { region: "West" } });
 */
export class VectorStore {
  readonly dim: number;
  readonly metric: Metric;
  backend: ComputeBackend;
  #data: Float32Array;
  #ids: string[] = [];
  #meta: Metadata[] = [];
  #rows = new Map<string, number>();

  constructor(options: VectorStoreOptions) {
    if (!Number.isInteger(options.dim) || options.dim < 1) {
      throw new DaiError("invalid_dimension", `dim: expected a positive integer, got ${options.dim}`, {
        field: "dim",
      });
    }
    if (options.metric !== "cosine" && options.metric !== "ip") {
      throw new DaiError(
        "invalid_metric",
        `metric: expected "cosine" or "ip", got "${String(options.metric)}"`,
        {
          field: "metric",
        },
      );
    }
    this.dim = options.dim;
    this.metric = options.metric;
    this.backend = options.backend ?? createPureBackend();
    this.#data = new Float32Array(Math.max(0, options.capacity ?? 0) * this.dim);
  }

  get size(): number {
    return this.#ids.length;
  }

  /** The live rows (a view, not a copy): `size × dim` row-major, unit length for cosine. */
  get vectors(): Float32Array {
    return this.#data.subarray(0, this.size * this.dim);
  }

  get ids(): readonly string[] {
    return this.#ids;
  }

  has(id: string): boolean {
    return this.#rows.has(id);
  }

  /** The stored vector (normalised for cosine) and metadata, or undefined. */
  get(id: string): { vector: Float32Array; metadata: Metadata } | undefined {
    const row = this.#rows.get(id);
    if (row === undefined) return undefined;
    return {
      vector: this.#data.slice(row * this.dim, (row + 1) * this.dim),
      metadata: this.#meta[row] ?? EMPTY,
    };
  }

  /** Adds a new id; an existing id is a 409 (use `upsert` or `update`). */
  add(id: string, vector: ArrayLike<number>, metadata: Metadata = EMPTY): void {
    checkId(id);
    if (this.#rows.has(id))
      throw new DaiError("duplicate_id", `id "${id}" is already in the store`, { status: 409, field: "id" });
    this.#validate(vector, `vector of "${id}"`);
    this.#reserve(this.size + 1);
    const row = this.size;
    this.#write(row, vector, `vector of "${id}"`);
    this.#ids.push(id);
    this.#meta.push(frozen(metadata));
    this.#rows.set(id, row);
  }

  /**
   * Adds many new ids, allocating exactly once (no growth slack). Validates everything first, so a
   * bad item leaves the store unchanged.
   */
  addMany(items: readonly { id: string; vector: ArrayLike<number>; metadata?: Metadata }[]): void {
    const seen = new Set<string>();
    items.forEach(({ id, vector }, i) => {
      checkId(id);
      if (this.#rows.has(id) || seen.has(id)) {
        throw new DaiError("duplicate_id", `items[${i}]: id "${id}" is already in the store`, {
          status: 409,
          field: "id",
        });
      }
      seen.add(id);
      this.#validate(vector, `vector of "${id}"`);
      if (this.metric === "cosine" && Array.prototype.every.call(vector, (v: number) => v === 0)) {
        throw new DaiError(
          "zero_vector",
          `vector of "${id}": a zero vector has no direction, so cosine similarity is undefined`,
          {
            field: "id",
          },
        );
      }
    });
    this.#reserve(this.size + items.length, true);
    for (const { id, vector, metadata } of items) this.add(id, vector, metadata ?? EMPTY);
  }

  /** Replaces the vector and/or metadata of an existing id; a missing id is a 404. */
  update(id: string, vector?: ArrayLike<number>, metadata?: Metadata): void {
    const row = this.#rows.get(id);
    if (row === undefined)
      throw new DaiError("not_found", `id "${id}" is not in the store`, { status: 404, field: "id" });
    if (vector !== undefined) {
      this.#validate(vector, `vector of "${id}"`);
      this.#write(row, vector, `vector of "${id}"`);
    }
    if (metadata !== undefined) this.#meta[row] = frozen(metadata);
  }

  /** Adds or replaces. */
  upsert(id: string, vector: ArrayLike<number>, metadata: Metadata = EMPTY): void {
    if (this.#rows.has(id)) this.update(id, vector, metadata);
    else this.add(id, vector, metadata);
  }

  /** Removes an id; returns false when it was not there. */
  remove(id: string): boolean {
    const row = this.#rows.get(id);
    if (row === undefined) return false;
    const last = this.size - 1;
    if (row !== last) {
      this.#data.copyWithin(row * this.dim, last * this.dim, (last + 1) * this.dim);
      const moved = this.#ids[last] as string;
      this.#ids[row] = moved;
      this.#meta[row] = this.#meta[last] ?? EMPTY;
      this.#rows.set(moved, row);
    }
    this.#ids.pop();
    this.#meta.pop();
    this.#rows.delete(id);
    return true;
  }

  /** The k nearest stored vectors to one query, best first. */
  async search(query: ArrayLike<number>, options: SearchOptions): Promise<Hit[]> {
    const results = await this.searchBatch([query], options);
    return results[0] ?? [];
  }

  /** One result list per query; a batch shares one pass over the store. */
  async searchBatch(
    queries: readonly ArrayLike<number>[] | Float32Array,
    options: SearchOptions,
  ): Promise<Hit[][]> {
    const k = options.k;
    if (!Number.isInteger(k) || k < 1 || k > MAX_K) {
      throw new DaiError("invalid_k", `k: expected an integer 1–${MAX_K}, got ${k}`, { field: "k" });
    }
    const q = this.#queryMatrix(queries);
    const nq = q.length / this.dim;
    const rows = this.#allowedRows(options);
    if (rows !== undefined && rows.length === 0) return Array.from({ length: nq }, () => []);
    const base = rows === undefined ? this.vectors : gather(this.#data, rows, this.dim);
    const n = rows === undefined ? this.size : rows.length;
    if (n === 0) return Array.from({ length: nq }, () => []);
    const top = await this.backend.topK(q, nq, base, n, this.dim, Math.min(k, n));
    const results: Hit[][] = [];
    for (let i = 0; i < nq; i++) {
      const hits: Hit[] = [];
      for (let j = 0; j < top.k; j++) {
        const local = top.indices[i * top.k + j] as number;
        if (local < 0) continue;
        const row = rows === undefined ? local : (rows[local] as number);
        hits.push({
          id: this.#ids[row] as string,
          score: top.scores[i * top.k + j] as number,
          metadata: this.#meta[row] ?? EMPTY,
        });
      }
      results.push(hits);
    }
    return results;
  }

  /** Bytes held: the vector buffer (capacity included) and an estimate of ids, metadata and the index. */
  memoryBytes(): { raw: number; vectors: number; total: number } {
    const raw = this.size * this.dim * 4;
    // V8: ~40 bytes per Map entry, 8 per array slot (ids and metadata), a one-byte string header of 16.
    let other = this.#rows.size * 56;
    for (const id of this.#ids) other += id.length + 16;
    for (const meta of this.#meta)
      if (meta !== EMPTY) for (const [key, v] of Object.entries(meta)) other += key.length + v.length + 64;
    return { raw, vectors: this.#data.byteLength, total: this.#data.byteLength + other };
  }

  /** Frees capacity beyond the live rows. */
  compact(): void {
    this.#data = this.#data.slice(0, this.size * this.dim);
  }

  /** Makes room for `rows` rows in total without further reallocation. */
  reserve(rows: number): void {
    this.#reserve(rows, true);
  }

  #reserve(rows: number, exact = false): void {
    const needed = rows * this.dim;
    if (needed <= this.#data.length) return;
    const current = this.#data.length / this.dim;
    const capacity = exact ? rows : Math.max(rows, Math.ceil(current * 1.0625), current + 16);
    const next = new Float32Array(capacity * this.dim);
    next.set(this.vectors);
    this.#data = next;
  }

  #validate(vector: ArrayLike<number>, field: string): void {
    checkVector(vector, this.dim, field);
  }

  #write(row: number, vector: ArrayLike<number>, field: string): void {
    const offset = row * this.dim;
    const previous = this.#data.slice(offset, offset + this.dim);
    for (let j = 0; j < this.dim; j++) this.#data[offset + j] = vector[j] as number;
    if (this.metric === "cosine") {
      try {
        normalizeRow(this.#data, row, this.dim, field);
      } catch (error) {
        this.#data.set(previous, offset);
        throw error;
      }
    }
  }

  #queryMatrix(queries: readonly ArrayLike<number>[] | Float32Array): Float32Array {
    const dim = this.dim;
    if (queries instanceof Float32Array) {
      if (queries.length % dim !== 0 || queries.length === 0) {
        throw new DaiError(
          "invalid_vector",
          `queries: expected a multiple of ${dim} values, got ${queries.length}`,
          { field: "queries" },
        );
      }
      queries = Array.from({ length: queries.length / dim }, (_, i) =>
        (queries as Float32Array).subarray(i * dim, (i + 1) * dim),
      );
    }
    const q = new Float32Array(queries.length * dim);
    queries.forEach((query, i) => {
      const field = queries.length === 1 ? "query" : `queries[${i}]`;
      checkVector(query, dim, field);
      q.set(query, i * dim);
      if (this.metric === "cosine") normalizeRow(q, i, dim, field);
    });
    return q;
  }

  #allowedRows(options: SearchOptions): Int32Array | undefined {
    const { filter, exclude } = options;
    if (filter === undefined && (exclude === undefined || exclude.length === 0)) return undefined;
    const excluded = new Set(exclude ?? []);
    const test = filter === undefined ? () => true : typeof filter === "function" ? filter : matcher(filter);
    const rows: number[] = [];
    for (let row = 0; row < this.size; row++) {
      const id = this.#ids[row] as string;
      if (!excluded.has(id) && test(this.#meta[row] ?? EMPTY, id)) rows.push(row);
    }
    return Int32Array.from(rows);
  }
}
