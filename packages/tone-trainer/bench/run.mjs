// Benchmark: `dai train-tone` on a large NDJSON file vs DuckDB's own SQL for the same counts over
// the same file, in the same run; peak RSS at two input sizes to show memory is flat in input size.
//
//   pnpm --filter @dai/tone-trainer bench                        # 2,000,000 and 500,000 events
//   pnpm --filter @dai/tone-trainer bench -- --events 10000000   # the 10 M (~1.6 GB)
//   options: --events N (large size), --small N (default N/4), --runs R (default 3), --no-stream
import { execFileSync } from "node:child_process";
import { createWriteStream } from "node:fs";
import { mkdtemp, rm, stat, writeFile } from "node:fs/promises";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const HERE = fileURLToPath(import.meta.url);
const MANIFEST = fileURLToPath(
  new URL("../../../manifest/dealershipai-hyper-optimization-manifest.json", import.meta.url),
);
const TONES = ["professional", "friendly", "concise", "enthusiastic", "empathetic"];
const MOODS = ["calm", "upbeat", "focused", "concerned", "celebratory"];
const SEGMENTS = ["mass", "premium", "luxury"];
const DEALERS = 200;
const DAYS = 180;
const END_MS = Date.UTC(2026, 10, 24);
const HALF_LIFE_MS = 14 * 86_400_000;

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const index = args.indexOf(`--${name}`);
  return index === -1 ? fallback : Number(args[index + 1]);
};

if (args[0] === "--child") await child(args[1], args[2], args[3]);
else await main();

async function main() {
  const large = option("events", 2_000_000);
  const small = option("small", Math.max(1, Math.floor(large / 4)));
  const runs = option("runs", 3);
  const withStream = !args.includes("--no-stream");
  const dir = await mkdtemp(join(tmpdir(), "dai-tone-bench-"));
  try {
    await writeFile(
      join(dir, "dealers.json"),
      JSON.stringify(
        Array.from({ length: DEALERS }, (_, i) => ({ id: dealerId(i), segment: SEGMENTS[i % 3] })),
      ),
    );
    console.log(
      `# dai train-tone vs DuckDB SQL (Node ${process.version}, ${availableParallelism()} cores, DuckDB threads = cores)\n`,
    );
    const rows = [];
    for (const events of [small, large]) {
      const file = join(dir, `events-${events}.ndjson`);
      const started = performance.now();
      await generate(file, events);
      const bytes = (await stat(file)).size;
      console.log(
        `generated ${events.toLocaleString("en")} events, ${(bytes / 1e9).toFixed(2)} GB in ${((performance.now() - started) / 1000).toFixed(1)} s`,
      );
      const modes = ["train-tone", "duckdb-sql", ...(withStream ? ["stream"] : [])];
      const results = Object.fromEntries(modes.map((m) => [m, []]));
      for (let run = 0; run < runs; run++) {
        for (const mode of run % 2 ? [...modes].reverse() : modes) {
          if (mode === "stream" && run > 0) continue; // one streaming run is enough: it is the slow reference
          results[mode].push(
            JSON.parse(
              execFileSync(process.execPath, [HERE, "--child", mode, file, dir], { encoding: "utf8" }),
            ),
          );
        }
      }
      const median = (list, key) =>
        [...list.map((r) => r[key])].sort((a, b) => a - b)[Math.floor(list.length / 2)];
      const train = results["train-tone"];
      const sql = results["duckdb-sql"];
      if (train.some((r) => r.engine !== "duckdb"))
        console.log(`note: train-tone counted with ${train.map((r) => r.engine).join(", ")}`);
      const same = train.every((r) => r.rated === sql[0].rated && r.events === sql[0].events);
      rows.push({
        events,
        bytes,
        trainMs: median(train, "ms"),
        sqlMs: median(sql, "ms"),
        trainRss: Math.max(...train.map((r) => r.rssMb)),
        sqlRss: Math.max(...sql.map((r) => r.rssMb)),
        streamMs: results.stream?.[0]?.ms,
        streamRss: results.stream?.[0]?.rssMb,
        same,
      });
    }
    console.log(
      "\n| events | file | train-tone (DuckDB engine) | DuckDB SQL, same counts | ratio | peak RSS train-tone | peak RSS DuckDB | stream engine (no DuckDB) | same counts |",
    );
    console.log("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | :---: |");
    for (const r of rows) {
      const stream =
        r.streamMs === undefined
          ? "—"
          : `${(r.streamMs / 1000).toFixed(2)} s, ${Math.round(r.events / (r.streamMs / 1000) / 1000)}k ev/s, ${r.streamRss} MB`;
      console.log(
        `| ${r.events.toLocaleString("en")} | ${(r.bytes / 1e9).toFixed(2)} GB | ${(r.trainMs / 1000).toFixed(2)} s | ${(r.sqlMs / 1000).toFixed(2)} s | **${(r.trainMs / r.sqlMs).toFixed(2)}×** | ${r.trainRss} MB | ${r.sqlRss} MB | ${stream} | ${r.same ? "yes" : "NO"} |`,
      );
    }
    const [a, b] = rows;
    console.log(
      `\npeak RSS of train-tone: ${a.trainRss} MB at ${a.events.toLocaleString("en")} events, ${b.trainRss} MB at ${b.events.toLocaleString("en")} (${(b.events / a.events).toFixed(1)}× the input → ${(b.trainRss / a.trainRss).toFixed(2)}× the memory)`,
    );
    if (a.streamRss !== undefined)
      console.log(`peak RSS of the stream engine: ${a.streamRss} MB → ${b.streamRss} MB`);
    const ratio = b.trainMs / b.sqlMs;
    console.log(
      `time ratio train-tone / DuckDB at ${b.events.toLocaleString("en")} events: ${ratio.toFixed(2)} (target ≤ 1.5: ${ratio <= 1.5 ? "met" : "NOT met"})`,
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function dealerId(i) {
  return `dlr-${String(i + 1).padStart(3, "0")}`;
}

/** Demo-shaped events (about 190 bytes each), deterministic. */
async function generate(path, count) {
  const out = createWriteStream(path);
  let state = 12345;
  const random = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  let buffer = "";
  const start = END_MS - DAYS * 86_400_000;
  for (let i = 0; i < count; i++) {
    const d = Math.floor(random() * DEALERS);
    const tone = Math.floor(random() * 5);
    const ms = start + Math.floor(((i + random()) / count) * DAYS * 86_400_000);
    const rated = random() < 0.4;
    const approval = 0.72 + 0.03 * tone * (d % 3 === 2 ? -1 : 1);
    const feedback = rated ? (random() < approval ? '"up"' : '"down"') : "null";
    buffer += `{"id":"ce-${i}","type":"copilot.explanation","dealerId":"${dealerId(d)}","userId":"${dealerId(d)}-u1","timestamp":"${new Date(ms).toISOString()}","tone":"${TONES[tone]}","mood":"${MOODS[Math.floor(random() * 5)]}","kpi":"leads","feedback":${feedback}}\n`;
    if (buffer.length > 1 << 20) {
      if (!out.write(buffer)) await new Promise((resolve) => out.once("drain", resolve));
      buffer = "";
    }
  }
  out.end(buffer);
  await new Promise((resolve, reject) => out.on("finish", resolve).on("error", reject));
}

async function child(mode, file, dir) {
  const started = performance.now();
  let events;
  let rated;
  let engine = "duckdb-sql";
  if (mode === "duckdb-sql") {
    // DuckDB's own time for the same counts: per dealer × tone, thumbs up/down/unrated and the
    // time-decayed sums, one SQL statement over the same file.
    const { DuckDBInstance } = await import("@duckdb/node-api");
    const instance = await DuckDBInstance.create(":memory:", { threads: String(availableParallelism()) });
    const connection = await instance.connect();
    const reader = await connection.runAndReadAll(`
      SELECT dealerId, tone,
        count(*) FILTER (WHERE feedback = 'up') AS up,
        count(*) FILTER (WHERE feedback = 'down') AS down,
        count(*) FILTER (WHERE feedback IS NULL) AS unrated,
        sum(pow(2, (ms - ${END_MS}) / ${HALF_LIFE_MS})) FILTER (WHERE feedback = 'up') AS up_weight,
        sum(pow(2, (ms - ${END_MS}) / ${HALF_LIFE_MS})) FILTER (WHERE feedback = 'down') AS down_weight
      FROM (
        SELECT dealerId, tone, feedback, epoch_ms(CAST("timestamp" AS TIMESTAMPTZ)) AS ms
        FROM read_ndjson('${file}', columns = {dealerId: 'VARCHAR', tone: 'VARCHAR', feedback: 'VARCHAR', "timestamp": 'VARCHAR'})
      )
      GROUP BY ALL`);
    const rows = reader.getRowObjects();
    events = rows.reduce((s, r) => s + Number(r.up) + Number(r.down) + Number(r.unrated), 0);
    rated = rows.reduce((s, r) => s + Number(r.up) + Number(r.down), 0);
    connection.closeSync();
    instance.closeSync();
  } else {
    const { trainToneCommand } = await import("../dist/index.js");
    const result = await trainToneCommand.run({
      args: [],
      options: {
        input: file,
        output: join(dir, `tone-weights-${mode}.json`),
        dataDir: dir,
        engine: mode === "stream" ? "stream" : "auto",
      },
      json: true,
      progress: { start() {}, update() {}, finish() {} },
      cwd: dir,
      env: { MANIFEST_PATH: MANIFEST },
    });
    events = result.data.input.events;
    rated = result.data.input.rated;
    engine = result.data.input.engine;
  }
  const ms = performance.now() - started;
  process.stdout.write(
    JSON.stringify({
      mode,
      engine,
      ms,
      events,
      rated,
      rssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    }),
  );
}
