// pnpm --filter @dai/ai-scores bench
// 1. Scoring all demo dealers (200 × 730 days) with computeScores vs the naive reference, same run.
// 2. Score store update for one new day. 3. Cache replay: tuned TTLs vs fixed-TTL peers.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { seedDemoData } from "@dai/demo-data";
import { computeScores, loadCacheBounds, readScoreInputs, replayTraffic, ScoreStore } from "../dist/index.js";
import { naiveScores } from "./naive.mjs";

const median = (values) => [...values].sort((a, b) => a - b)[values.length >> 1];
function time(fn, runs) {
  const samples = [];
  let result;
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    result = fn();
    samples.push(performance.now() - start);
  }
  return { ms: median(samples), min: Math.min(...samples), result };
}

const dataDir = await mkdtemp(join(tmpdir(), "ai-scores-bench-"));
try {
  await seedDemoData({ dataDir, dealers: 200, days: 730, endDate: "2026-06-30" });
  const { dealers, rows } = await readScoreInputs(dataDir);
  console.log(
    `## @dai/ai-scores — ${dealers.length} dealers × ${rows.length / dealers.length} days (${rows.length} rows), Node ${process.version}\n`,
  );

  for (let i = 0; i < 3; i++) computeScores(dealers, rows); // warm-up
  const fast = time(() => computeScores(dealers, rows), 15);
  const naive = time(() => naiveScores(dealers, rows), 3);
  const byId = new Map(naive.result.map((n) => [n.dealerId, n]));
  let mismatches = 0;
  for (const s of fast.result.dealers) {
    const n = byId.get(s.dealerId);
    if (!n || Math.abs(n.score - s.score) > 1e-9 || n.brandRank.rank !== s.ranks.brand.rank) mismatches++;
  }
  console.log("| scoring all dealers | median ms | min ms |");
  console.log("| --- | ---: | ---: |");
  console.log(
    `| computeScores (full daily history, components, ranks, Health) | ${fast.ms.toFixed(1)} | ${fast.min.toFixed(1)} |`,
  );
  console.log(
    `| naive baseline (latest, −7 d, −28 d only) | ${naive.ms.toFixed(1)} | ${naive.min.toFixed(1)} |`,
  );
  console.log(
    `\nspeed-up: ${(naive.ms / fast.ms).toFixed(1)}× (median vs median); results agree on ${dealers.length - mismatches}/${dealers.length} dealers\n`,
  );

  const dates = [...new Set(rows.map((r) => r.date))].sort();
  const last = dates.at(-1);
  const store = new ScoreStore();
  store.setInputs({ dealers, rows: rows.filter((r) => r.date < last) });
  const newDay = rows.filter((r) => r.date === last);
  const update = time(() => store.appendRows(newDay), 1);
  const same = time(() => store.appendRows(newDay), 5);
  console.log(
    `ScoreStore.appendRows(one new day): ${update.ms.toFixed(1)} ms, ${update.result.changed.length} dealers changed; re-applying the same day: ${same.ms.toFixed(1)} ms, ${same.result.changed.length} changed\n`,
  );

  const bounds = await loadCacheBounds();
  console.log(
    `Cache replay: Poisson 3 req/s for 2 simulated days, Zipf(1.1) over 200 dealers + 10% list queries, every score changing at 06:00 UTC, tag purge on change; manifest bounds ${JSON.stringify(bounds)}\n`,
  );
  console.log(
    "| policy | requests | hit ratio | max age − (TTL+SWR) s | responses older than their resource's last change |",
  );
  console.log("| --- | ---: | ---: | ---: | ---: |");
  const scenarios = [
    ["tuned, seeded from the store's last week of changes", { bounds, seedHistory: true }],
    ["tuned, cold start", { bounds }],
    [
      `fixed TTL = manifest min (${bounds.minTtlSeconds} s)`,
      { bounds: { ...bounds, maxTtlSeconds: bounds.minTtlSeconds } },
    ],
    ["fixed TTL = 60 s", { bounds: { ...bounds, minTtlSeconds: 60, maxTtlSeconds: 60 } }],
  ];
  for (const [label, options] of scenarios) {
    const r = replayTraffic({ ...options, days: 2, requestsPerSecond: 3 });
    console.log(
      `| ${label} | ${r.requests} | ${(100 * r.hitRatio).toFixed(2)}% | ${r.worstAgeOverBound.toFixed(2)} | ${r.outdated} |`,
    );
  }
  const noPurge = replayTraffic({ bounds, days: 2, requestsPerSecond: 3, seedHistory: true, purge: false });
  console.log(
    `| tuned, seeded, no purge (tag-less CDN) | ${noPurge.requests} | ${(100 * noPurge.hitRatio).toFixed(2)}% | ${noPurge.worstAgeOverBound.toFixed(2)} | ${noPurge.outdated} (worst ${noPurge.worstOutdatedSeconds.toFixed(0)} s after the change) |`,
  );
} finally {
  await rm(dataDir, { recursive: true, force: true });
}
