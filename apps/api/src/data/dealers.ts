import { createReadStream, existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { DaiError } from "@dai/core";
import { DEMO_FILES, type Dealer, type KpiRow } from "@dai/demo-data";

/**
 * The dealers and their daily KPIs, read from the data dir once and kept in memory (about 30 MB for
 * the demo set). Scope filtering is the caller's job; this only answers by id.
 */
export interface DealerRepository {
  list(): Promise<readonly Dealer[]>;
  get(id: string): Promise<Dealer | undefined>;
  kpis(id: string): Promise<readonly KpiRow[]>;
}

export function fileDealerRepository(dataDir: string): DealerRepository {
  let dealers: Promise<Map<string, Dealer>> | undefined;
  let history: Promise<Map<string, KpiRow[]>> | undefined;
  const loadDealers = () => {
    dealers ??= (async () => {
      const path = join(dataDir, DEMO_FILES.dealers);
      if (!existsSync(path))
        throw new DaiError("not_seeded", "no dealers yet: run `dai seed`", { status: 503 });
      const list = JSON.parse(await readFile(path, "utf8")) as Dealer[];
      return new Map(list.map((dealer) => [dealer.id, dealer]));
    })().catch((error) => {
      dealers = undefined;
      throw error;
    });
    return dealers;
  };
  const loadHistory = () => {
    history ??= (async () => {
      const byDealer = new Map<string, KpiRow[]>();
      const path = join(dataDir, DEMO_FILES.kpis);
      if (!existsSync(path)) return byDealer;
      const lines = createInterface({ input: createReadStream(path), crlfDelay: Number.POSITIVE_INFINITY });
      for await (const line of lines) {
        if (!line) continue;
        const row = JSON.parse(line) as KpiRow;
        const rows = byDealer.get(row.dealerId);
        if (rows) rows.push(row);
        else byDealer.set(row.dealerId, [row]);
      }
      return byDealer;
    })().catch((error) => {
      history = undefined;
      throw error;
    });
    return history;
  };
  return {
    list: async () => [...(await loadDealers()).values()],
    get: async (id) => (await loadDealers()).get(id),
    kpis: async (id) => (await loadHistory()).get(id) ?? [],
  };
}

/** An in-memory repository for tests. */
export function memoryDealerRepository(
  dealers: readonly Dealer[],
  rows: readonly KpiRow[] = [],
): DealerRepository {
  const byId = new Map(dealers.map((d) => [d.id, d]));
  return {
    list: async () => [...dealers],
    get: async (id) => byId.get(id),
    kpis: async (id) => rows.filter((r) => r.dealerId === id),
  };
}
