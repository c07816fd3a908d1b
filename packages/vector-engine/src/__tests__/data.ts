import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { mulberry32 } from "@dai/core";

export function randomMatrix(seed: number, n: number, dim: number): Float32Array {
  const random = mulberry32(seed);
  return Float32Array.from({ length: n * dim }, () => random() * 2 - 1);
}

/** `centers.length` Gaussian-ish blobs of `perBlob` points each; labels in blob order. */
export function blobs(
  seed: number,
  centers: number[][],
  perBlob: number,
  spread: number,
): { points: Float32Array; labels: number[]; dim: number } {
  const random = mulberry32(seed);
  const dim = (centers[0] as number[]).length;
  const points = new Float32Array(centers.length * perBlob * dim);
  const labels: number[] = [];
  centers.forEach((center, c) => {
    for (let p = 0; p < perBlob; p++) {
      const row = c * perBlob + p;
      labels.push(c);
      for (let j = 0; j < dim; j++)
        points[row * dim + j] = (center[j] as number) + spread * (random() + random() + random() - 1.5);
    }
  });
  return { points, labels, dim };
}

/** Float64 brute force: the reference every backend must reproduce. */
export function bruteForce(
  query: Float32Array,
  nq: number,
  base: Float32Array,
  n: number,
  dim: number,
  k: number,
): number[][] {
  const out: number[][] = [];
  for (let q = 0; q < nq; q++) {
    const scored: [number, number][] = [];
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < dim; j++) s += (query[q * dim + j] as number) * (base[i * dim + j] as number);
      scored.push([s, i]);
    }
    scored.sort((a, b) => b[0] - a[0] || a[1] - b[1]);
    out.push(scored.slice(0, k).map(([, i]) => i));
  }
  return out;
}

export async function tempDir(prefix = "vector-engine-"): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

const TONES = ["professional", "friendly", "concise", "enthusiastic", "empathetic"];
const MOODS = ["calm", "upbeat", "focused", "concerned", "celebratory"];

/**
 * A small demo data set in the layout `dai seed` writes: two kinds of dealers ("luxury" like
 * professional, "mass" like friendly) that also differ in KPI size, so clusters and tones are knowable.
 */
export async function writeDemoData(
  dir: string,
  options: { dealers?: number; days?: number; seed?: number } = {},
): Promise<void> {
  const random = mulberry32(options.seed ?? 7);
  const count = options.dealers ?? 24;
  const days = options.days ?? 84;
  const end = Date.parse("2026-06-30T00:00:00Z");
  const dealers = Array.from({ length: count }, (_, i) => ({
    id: `dlr-${String(i + 1).padStart(3, "0")}`,
    name: `Dealer ${i + 1}`,
    brand: i % 2 === 0 ? "BMW" : "Ford",
    region: i % 3 === 0 ? "West" : "Midwest",
    segment: i % 2 === 0 ? "luxury" : "mass",
  }));
  const kpis: string[] = [];
  const events: object[] = [];
  for (const dealer of dealers) {
    const luxury = dealer.segment === "luxury";
    for (let d = days; d >= 1; d--) {
      const date = new Date(end - d * 86_400_000).toISOString().slice(0, 10);
      const sessions = Math.round((luxury ? 400 : 1500) * (0.9 + 0.2 * random()));
      kpis.push(
        JSON.stringify({
          dealerId: dealer.id,
          date,
          aiVisibility: (luxury ? 60 : 35) + 5 * random(),
          leads: Math.round(sessions * (luxury ? 0.03 : 0.015)),
          webSessions: sessions,
          reviewRating: luxury ? 4.6 : 3.9,
          sentiment: luxury ? 0.8 : 0.55,
        }),
      );
      for (let e = 0; e < 3; e++) {
        const tone = TONES[Math.floor(random() * TONES.length)] as string;
        const liked = luxury ? tone === "professional" : tone === "friendly";
        events.push({
          id: `ce-${events.length + 1}`,
          type: "copilot.explanation",
          dealerId: dealer.id,
          userId: `${dealer.id}-u1`,
          timestamp: new Date(end - d * 86_400_000 + (9 + e) * 3_600_000).toISOString(),
          tone,
          mood: MOODS[Math.floor(random() * MOODS.length)],
          kpi: "leads",
          feedback: random() < 0.6 ? (random() < (liked ? 0.95 : 0.5) ? "up" : "down") : null,
        });
      }
    }
  }
  await writeFile(join(dir, "dealers.json"), JSON.stringify(dealers));
  await writeFile(join(dir, "kpi-daily.ndjson"), `${kpis.join("\n")}\n`);
  await writeFile(join(dir, "copilot-events.json"), JSON.stringify(events));
}
