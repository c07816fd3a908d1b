import { SORT_KEYS } from "@dai/ai-scores";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { scoresHarness } from "./__tests__/harness.js";

const { h, ids, stopScores } = await scoresHarness();
afterAll(() => stopScores());

const admin = await h.auth.apiKeys.create({ name: "fa", role: "admin", dealerIds: null, createdBy: "t" });
const dealer = await h.auth.apiKeys.create({
  name: "fd",
  role: "dealer",
  dealerIds: ids.slice(0, 2),
  createdBy: "t",
});
const callers = [admin.key, dealer.key].map((k) => ({ authorization: `Bearer ${k}` }));

/** Every answer is below 500, and every error is a problem document with its status. */
async function expectWellFormed(path: string, caller: Record<string, string>) {
  const response = await h.app.request(path, { headers: caller });
  const text = await response.text();
  const context = `${response.status} for ${path}: ${text.slice(0, 200)}`;
  expect(response.status, context).toBeLessThan(500);
  if (response.status >= 400) {
    expect(response.headers.get("content-type"), context).toBe("application/problem+json");
    const problem = JSON.parse(text) as { status: number; type: string; detail: string };
    expect(problem.status, context).toBe(response.status);
    expect(typeof problem.detail, context).toBe("string");
  } else if (response.status === 200) {
    expect(() => JSON.parse(text), context).not.toThrow();
  }
}

const names = fc.oneof(
  fc.constantFrom("brand", "region", "groupId", "sort", "limit", "cursor", "days"),
  fc.string({ maxLength: 12 }),
);
const values = fc.oneof(
  fc.constantFrom(...SORT_KEYS, ...SORT_KEYS.map((k) => `-${k}`), "Ford", "West", "grp-001"),
  fc.integer({ min: -5, max: 5000 }).map(String),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: "grapheme", maxLength: 20 }),
  fc.base64String({ maxLength: 60 }),
  fc.constant(""),
);
const query = fc.array(fc.tuple(names, values), { maxLength: 5 }).map((pairs) => {
  const params = new URLSearchParams(pairs);
  return params.size > 0 ? `?${params}` : "";
});
/** Raw path segments, including malformed percent-encoding and reserved characters. */
const segment = fc.oneof(
  fc.constantFrom(
    ...ids.slice(0, 4),
    "cache",
    "dlr-99999",
    "..",
    ".",
    "%",
    "%zz",
    "%E0%A4%A",
    "%00",
    "a%2Fb",
  ),
  fc.string({ maxLength: 70 }).map(encodeURIComponent),
  fc.stringMatching(/^[A-Za-z0-9_.%~!$&'()*+,;=:@-]{1,40}$/),
);

describe("fuzzing the score routes", () => {
  it("never answers 500 to any list query, and every error is problem+json", async () => {
    await fc.assert(
      fc.asyncProperty(query, fc.constantFrom(...callers), (q, caller) =>
        expectWellFormed(`/api/ai-scores${q}`, caller),
      ),
      { numRuns: 250 },
    );
  });

  it("never answers 500 to any dealer path or detail query, and every error is problem+json", async () => {
    await fc.assert(
      fc.asyncProperty(segment, query, fc.boolean(), fc.constantFrom(...callers), (id, q, trailing, caller) =>
        expectWellFormed(`/api/ai-scores/${id}${trailing ? "/" : ""}${q}`, caller),
      ),
      { numRuns: 250 },
    );
  });

  it("answers every dealer path and query on the socket (fast lane in front) as the app alone does", async () => {
    const server = await h.listen();
    try {
      await fc.assert(
        fc.asyncProperty(segment, query, fc.constantFrom(...callers), async (id, q, caller) => {
          const path = `/api/ai-scores/${id}${q}`;
          const onSocket = await fetch(`${server.url}${path}`, { headers: caller });
          const inApp = await h.app.request(path, { headers: caller });
          const context = `${path}: socket ${onSocket.status}, app ${inApp.status}`;
          expect(onSocket.status, context).toBe(inApp.status);
          expect(onSocket.headers.get("content-type"), context).toBe(inApp.headers.get("content-type"));
          expect(onSocket.headers.get("etag"), context).toBe(inApp.headers.get("etag"));
          // The cache report counts the requests themselves, so its body moves between the two.
          if (id !== "cache") expect(await onSocket.text(), context).toBe(await inApp.text());
        }),
        {
          numRuns: 200,
          // Plain reads first (a key's first use of the minute goes to the app for its audit line), so
          // the lane's own answers are among those compared whatever the random ones hit.
          examples: [
            [ids[0] as string, "", callers[0] as Record<string, string>],
            [ids[0] as string, "", callers[0] as Record<string, string>],
            [ids[1] as string, "?days=30", callers[1] as Record<string, string>],
            [ids[1] as string, "?days=30", callers[1] as Record<string, string>],
          ],
        },
      );
      expect(h.app.fastLane.stats().served).toBeGreaterThanOrEqual(2);
    } finally {
      await server.close();
    }
  });
});
