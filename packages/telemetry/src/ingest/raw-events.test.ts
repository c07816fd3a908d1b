import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { oneEventOfEachKind, tempDir } from "../__tests__/fixtures.js";
import { validateEvents } from "../events/validate.js";
import { EVENT_COLUMNS } from "../warehouse/columns.js";
import { openDuckDbWarehouse } from "../warehouse/duckdb.js";
import type { Warehouse } from "../warehouse/types.js";
import { locateRawEvents, spoolLines } from "./raw-events.js";

describe("locateRawEvents", () => {
  it("finds each element past brackets, braces, quotes and backslashes inside strings", () => {
    const elements = ['{"a":"}],[{","b":{"c":[1,2]}}', '{"q":"\\"}\\\\"}', "[1,{}]", '"s,]"', "3", "{}"];
    for (const wrap of [(x: string) => `[${x}]`, (x: string) => ` {"events" :\n [ ${x} ] } `]) {
      const body = Buffer.from(wrap(elements.join(" ,\n")));
      const located = locateRawEvents(body);
      expect(located?.map((e) => body.toString("utf8", e.start, e.end))).toEqual(elements);
      expect(located?.map((e) => e.members)).toEqual([2, 1, -1, -1, -1, 0]);
    }
  });

  it("counts every spelling of a member, so a duplicated key shows", () => {
    expect(locateRawEvents(Buffer.from('[{"a":1,"a":2,"b":{"a":3}}]'))?.[0]?.members).toBe(3);
  });

  it("notes a line break between an element's tokens", () => {
    const located = locateRawEvents(Buffer.from('[{"a":1},\n{"a":\n1}]'));
    expect(located?.map((e) => e.lineBreak)).toEqual([false, true]);
  });

  it("answers undefined for a body of another shape", () => {
    for (const body of ["", "1", '"x"', "[1,2", "{}"])
      expect(locateRawEvents(Buffer.from(body))).toBeUndefined();
    expect(locateRawEvents(Buffer.from(" [ ] "))).toEqual([]);
  });

  it("answers undefined unless the events array is all there is, since JSON.parse may keep another", () => {
    for (const body of [
      '{"events":[{"a":1}],"events":[{"b":2}]}',
      '{"meta":1,"events":[{"a":1}]}',
      '{"\\u0065vents":[{"a":1}]}',
      '{"events":[{"a":1}]} x',
      "[{}] []",
      '{"events":[],"events":[{"b":2}]}',
    ])
      expect(locateRawEvents(Buffer.from(body)), body).toBeUndefined();
    expect(locateRawEvents(Buffer.from(' { "events" : [ {"a":1} ] } \n'))).toHaveLength(1);
  });
});

describe("spoolLines", () => {
  let dir: Awaited<ReturnType<typeof tempDir>>;
  let warehouse: Warehouse;
  let files = 0;
  beforeAll(async () => {
    dir = await tempDir();
    warehouse = await openDuckDbWarehouse({ path: ":memory:" });
    await warehouse.init();
  });
  afterAll(async () => {
    await warehouse.close();
    await dir.remove();
  });

  /** Ways a client may spell a valid event; the warehouse must store the same row for each. */
  const spellings: ((event: Record<string, unknown>) => string)[] = [
    (e) => JSON.stringify(e),
    (e) => JSON.stringify(e, null, 2),
    (e) => JSON.stringify({ ...e, fps: "not a number", extra: { nested: [1, "]"] } }),
    (e) => `{"route":"shadowed",${JSON.stringify(e).slice(1)}`,
    (e) => JSON.stringify(e).replace('"id"', '"\\u0069d"'),
    (e) => JSON.stringify({ ...e, time: "2026-11-25T12:00:00+02:00" }),
    (e) => JSON.stringify({ ...e, source: 'caf\u00e9 "quoted" \u2028' }),
  ];
  const invalid = ['{"kind":"api.request"}', "null", '"text"', '{"kind":"nope","id":"x"}'];

  it("stores bytes that are not UTF-8 as the replacement character validation saw", async () => {
    const [event] = oneEventOfEachKind();
    const [before, after] = JSON.stringify({ ...event, id: "utf8-1", route: "/r-X" }).split("X");
    const bytes = Buffer.concat([
      Buffer.from(before as string),
      Buffer.from([0xff, 0xfe]),
      Buffer.from(after as string),
    ]);
    const parsed = JSON.parse(`[${bytes.toString("utf8")}]`) as unknown[];
    const { accepted } = validateEvents(parsed);
    const lines = spoolLines(
      Buffer.concat([Buffer.from("["), bytes, Buffer.from("]")]),
      parsed,
      accepted,
      new Set(),
      "2026-11-25T10:00:01.000Z",
    );
    const path = join(dir.path, "000000000000000-utf8.ndjson");
    await writeFile(path, lines);
    await warehouse.loadSpoolFiles([path]);
    const [row] = await warehouse.query("SELECT route FROM telemetry_events WHERE id = 'utf8-1'");
    expect(row?.route).toBe("/r-\ufffd\ufffd");
  });

  /** Spools a body as the ingest does (JSON.parse, validate, spoolLines), loads it, returns the rows. */
  async function store(text: string, ids: string[]): Promise<Record<string, unknown>[]> {
    const parsed = JSON.parse(text) as unknown;
    const events = (Array.isArray(parsed) ? parsed : (parsed as { events: unknown[] }).events) as unknown[];
    const { accepted, rejected } = validateEvents(events);
    const lines = spoolLines(
      Buffer.from(text),
      events,
      accepted,
      new Set(rejected.map((r) => r.index)),
      "2026-11-25T10:00:01.000Z",
    );
    const path = join(dir.path, `${String(++files).padStart(15, "0")}-s.ndjson`);
    await writeFile(path, lines);
    await warehouse.loadSpoolFiles([path]);
    const list = ids.map((id) => `'${id}'`).join(",");
    return warehouse.query(`SELECT * FROM telemetry_events WHERE id IN (${list}) ORDER BY id`);
  }

  it("stores the events array JSON.parse kept, never a first one it dropped", async () => {
    const [, vitals] = oneEventOfEachKind() as [Record<string, unknown>, Record<string, unknown>];
    const kept = { ...vitals, id: "dup-kept" };
    // As many members as the kept event, so only the array's position tells them apart.
    const forged = { ...kept, id: "dup-forged", kind: "api.request" };
    const rows = await store(`{"events":[${JSON.stringify(forged)}],"events":[${JSON.stringify(kept)}]}`, [
      "dup-forged",
      "dup-kept",
    ]);
    expect(rows.map((row) => [row.id, row.kind])).toEqual([["dup-kept", vitals.kind]]);
  });

  it("stores a negative zero as the 0 that validation and serialisation see", async () => {
    const [request] = oneEventOfEachKind() as [Record<string, unknown>];
    const text = `[${JSON.stringify({ ...request, id: "neg-zero", durationMs: 1 }).replace('"durationMs":1', '"durationMs":-0.0')}]`;
    const [row] = await store(text, ["neg-zero"]);
    expect(Object.is(row?.duration_ms, -0)).toBe(false);
    expect(row?.duration_ms).toBe(0);
  });

  it("stores exactly what validation accepted, however the events were spelled", async () => {
    const item = fc.oneof(
      {
        weight: 4,
        arbitrary: fc.tuple(fc.constantFrom(...oneEventOfEachKind()), fc.nat(spellings.length - 1)),
      },
      { weight: 1, arbitrary: fc.constantFrom(...invalid) },
    );
    const shape = fc.constantFrom<"array" | "object" | "object+meta">("array", "object", "object+meta");
    await fc.assert(
      fc.asyncProperty(fc.array(item, { minLength: 1, maxLength: 12 }), shape, async (items, form) => {
        let n = 0;
        const texts = items.map((entry) => {
          if (typeof entry === "string") return entry;
          const [event, spelling] = entry;
          return (spellings[spelling] as (e: Record<string, unknown>) => string)({
            ...event,
            id: `p${files}-${n++}`,
          });
        });
        const array = `[${texts.join(",")}]`;
        const text =
          form === "array" ? array : `{"events":${array}${form === "object+meta" ? ',"meta":1' : ""}}`;
        const bytes = Buffer.from(text);
        const parsed = JSON.parse(text) as unknown;
        const events = (
          Array.isArray(parsed) ? parsed : (parsed as { events: unknown[] }).events
        ) as unknown[];
        const { accepted, rejected } = validateEvents(events);
        const receivedAt = "2026-11-25T10:00:01.000Z";
        const lines = spoolLines(bytes, events, accepted, new Set(rejected.map((r) => r.index)), receivedAt);
        const path = join(dir.path, `${String(++files).padStart(15, "0")}-p.ndjson`);
        await writeFile(path, lines);
        const ids = accepted.map((e) => `'${e.id}'`).join(",");
        if (accepted.length > 0) await warehouse.loadSpoolFiles([path]);
        const stored = accepted.length
          ? await warehouse.query(`SELECT * FROM telemetry_events WHERE id IN (${ids}) ORDER BY id`)
          : [];
        const expected = accepted
          .map((event) => {
            const row: Record<string, unknown> = {};
            for (const column of EVENT_COLUMNS) {
              const value =
                column.field === "receivedAt"
                  ? receivedAt
                  : column.field === "time"
                    ? new Date(event.time).toISOString()
                    : (event as Record<string, unknown>)[column.field];
              row[column.name] = value ?? null;
            }
            return row;
          })
          .sort((a, b) => (String(a.id) < String(b.id) ? -1 : 1));
        expect(stored.map(({ loaded_at: _, ...row }) => row)).toEqual(expected);
      }),
      { numRuns: 60 },
    );
  });
});
