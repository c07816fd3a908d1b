import { describe, expect, it } from "vitest";
import { BOUNDS, demoInputs } from "./__tests__/fixtures.js";
import { ScoreApi } from "./api.js";
import { ResourceCache } from "./resource-cache.js";
import { ScoreStore } from "./store.js";
import { TtlTuner } from "./ttl-tuner.js";

const { dealers, rows } = demoInputs(20, 100);
const lastDate = rows
  .map((r) => r.date)
  .sort()
  .at(-1) as string;

function setup() {
  let now = 0;
  const store = new ScoreStore();
  store.setInputs({ dealers, rows: rows.filter((r) => r.date < lastDate) });
  const tuner = new TtlTuner({ bounds: BOUNDS, clock: () => now });
  const api = new ScoreApi({ store, cache: new ResourceCache({ tuner, clock: () => now }) });
  return { api, store, advance: (ms: number) => (now += ms) };
}

describe("ScoreApi", () => {
  it("serves a dealer from cache with tuned headers and answers 304 to its ETag", () => {
    const { api } = setup();
    const first = api.detail("dlr-001", new URLSearchParams());
    expect(first.status).toBe(200);
    expect(first.headers["x-cache"]).toBe("MISS");
    expect(JSON.parse(first.body).history.scores).toHaveLength(90);
    const second = api.detail("dlr-001", new URLSearchParams(), first.headers.etag);
    expect(second.status).toBe(304);
    expect(second.body).toBe("");
    expect(second.headers["x-cache"]).toBe("HIT");
    expect(second.headers["cache-control"]).toMatch(
      /^public, max-age=0, s-maxage=\d+, stale-while-revalidate=\d+$/,
    );
  });

  it("purges and serves the new score as soon as the store recomputes", () => {
    const { api, store, advance } = setup();
    const before = api.detail("dlr-002", new URLSearchParams());
    api.list(new URLSearchParams("sort=-score"));
    advance(1000);
    store.appendRows(rows.filter((r) => r.date === lastDate));
    const after = api.detail("dlr-002", new URLSearchParams(), before.headers.etag);
    expect(after.status).toBe(200);
    expect(after.headers["x-cache"]).toBe("MISS");
    expect(JSON.parse(after.body).asOf).toBe(lastDate);
    expect(JSON.parse(api.list(new URLSearchParams("sort=-score")).body).asOf).toBe(lastDate);
    const decision = api.report().resources.find((d) => d.resource === "score:dlr-002");
    expect(decision?.reasons.changesObserved).toBe(1);
  });

  it("answers invalid queries and unknown dealers with problem+json and caches no error", () => {
    const { api } = setup();
    expect(api.list(new URLSearchParams("limit=0")).status).toBe(400);
    const cursor = api.list(new URLSearchParams("cursor=abc"));
    expect(cursor.status).toBe(400);
    expect(JSON.parse(cursor.body).errors[0].path).toBe("cursor");
    expect(api.detail("nope", new URLSearchParams()).headers["content-type"]).toBe(
      "application/problem+json",
    );
    expect(api.detail("dlr-001", new URLSearchParams("days=x")).status).toBe(400);
    expect(api.report().cache.entries).toBe(0);
  });

  it("pages a list through cursors with each page cached separately", () => {
    const { api } = setup();
    const first = JSON.parse(api.list(new URLSearchParams("limit=8")).body);
    const second = JSON.parse(api.list(new URLSearchParams(`limit=8&cursor=${first.nextCursor}`)).body);
    const third = JSON.parse(api.list(new URLSearchParams(`limit=8&cursor=${second.nextCursor}`)).body);
    const ids = [...first.items, ...second.items, ...third.items].map(
      (i: { dealerId: string }) => i.dealerId,
    );
    expect(new Set(ids).size).toBe(20);
    expect(third.nextCursor).toBeNull();
    expect(api.report().cache.entries).toBe(3);
  });

  it("keeps a scoped list to the caller's dealers and never serves it from another scope's entry", () => {
    const { api } = setup();
    const everyone = JSON.parse(api.list(new URLSearchParams("limit=200")).body);
    expect(everyone.total).toBe(20);
    const scope = { key: "dealers:dlr-002,dlr-005", dealerIds: ["dlr-005", "dlr-002"] };
    const scoped = api.list(new URLSearchParams("limit=200"), null, scope);
    const body = JSON.parse(scoped.body);
    expect(body.items.map((i: { dealerId: string }) => i.dealerId).sort()).toEqual(["dlr-002", "dlr-005"]);
    expect(scoped.headers["x-cache"]).toBe("MISS");
    expect(scoped.headers.etag).not.toBe(api.list(new URLSearchParams("limit=200")).headers.etag);
  });
});
