import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { tempDir, writeDemoData } from "./__tests__/data.js";
import { createPureBackend } from "./backend/pure.js";
import { DEALER_VECTORS_FILE, updateDealerVectors } from "./pipeline.js";
import { TWINS_FILE, writeTwinEmbeddings } from "./twin-slot.js";

const readTwins = async (dir: string) =>
  (await readFile(join(dir, TWINS_FILE), "utf8"))
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { dealerId: string; embedding: number[] | null; kpis: unknown });

const twin = (dealerId: string) => ({
  dealerId,
  asOf: "2026-06-30",
  kpis: { leads: { method: "Naive" } },
  embedding: null,
});

describe("writeTwinEmbeddings", () => {
  it("fills each twin's embedding slot, nulls twins without one and keeps every other field", async () => {
    const dir = await tempDir();
    await writeFile(
      join(dir, TWINS_FILE),
      `${[twin("a"), twin("b"), twin("c")].map((t) => JSON.stringify(t)).join("\n")}\n`,
    );
    const result = await writeTwinEmbeddings(
      dir,
      new Map([
        ["a", [0.5, -1]],
        ["c", [2, 3]],
      ]),
    );
    expect(result).toEqual({ updated: 2, cleared: 1, written: true });
    const twins = await readTwins(dir);
    expect(twins.map((t) => t.embedding)).toEqual([[0.5, -1], null, [2, 3]]);
    expect(twins[0]?.kpis).toEqual({ leads: { method: "Naive" } });
  });

  it("writes nothing when the twin job has not run yet", async () => {
    const dir = await tempDir();
    expect(await writeTwinEmbeddings(dir, new Map([["a", [1]]]))).toEqual({
      updated: 0,
      cleared: 0,
      written: false,
    });
  });

  it("names the line of a corrupt twin and leaves the file as it was", async () => {
    const dir = await tempDir();
    const text = `${JSON.stringify(twin("a"))}\n{"dealerId": \n`;
    await writeFile(join(dir, TWINS_FILE), text);
    await expect(writeTwinEmbeddings(dir, new Map([["a", [1]]]))).rejects.toThrow(
      `${TWINS_FILE}:2: not valid JSON`,
    );
    expect(await readFile(join(dir, TWINS_FILE), "utf8")).toBe(text);
  });
});

describe("the vectors pipeline and the dealer twins", () => {
  const options = (dataDir: string) => ({
    dataDir,
    backend: createPureBackend(),
    kMin: 2,
    kMax: 4,
    restarts: 3,
    accuracyTarget: 0.9,
  });

  it("writes every dealer's embedding of this run into its twin", async () => {
    const dir = await tempDir();
    await writeDemoData(dir);
    const dealers = JSON.parse(await readFile(join(dir, "dealers.json"), "utf8")) as { id: string }[];
    await writeFile(join(dir, TWINS_FILE), dealers.map((d) => JSON.stringify(twin(d.id))).join("\n"));
    const result = await updateDealerVectors(options(dir));
    expect(result.twins).toEqual({ updated: dealers.length, cleared: 0, written: true });
    const twins = await readTwins(dir);
    for (const d of result.dealers)
      expect(twins.find((t) => t.dealerId === d.dealerId)?.embedding).toEqual(d.embedding);
  });

  it("recommends each cluster the tone with the highest mean tone-trainer weight when weights exist", async () => {
    const dir = await tempDir();
    await writeDemoData(dir);
    // Feedback says luxury → professional, mass → friendly; these weights say "concise" for everyone
    // except dealers of the first cluster found by feedback, so the source is visible in the result.
    const plain = await updateDealerVectors(options(dir));
    expect(plain.clusters.every((c) => c.toneSource === "feedback")).toBe(true);
    const first = plain.clusters[0]?.id;
    const inFirst = new Set(plain.dealers.filter((d) => d.clusterId === first).map((d) => d.dealerId));
    const result = await updateDealerVectors({
      ...options(dir),
      toneWeightsFor: (dealerId) =>
        inFirst.has(dealerId)
          ? { professional: 0.1, friendly: 0.1, concise: 0.1, enthusiastic: 0.6, empathetic: 0.1 }
          : { professional: 0.1, friendly: 0.1, concise: 0.6, enthusiastic: 0.1, empathetic: 0.1 },
    });
    const byId = new Map(result.clusters.map((c) => [c.id, c]));
    expect(byId.get(first as number)).toMatchObject({
      toneSource: "tone-weights",
      recommendedTone: "enthusiastic",
    });
    expect(byId.get(first as number)?.toneWeights?.enthusiastic).toBeCloseTo(0.6);
    for (const c of result.clusters.filter((c) => c.id !== first)) expect(c.recommendedTone).toBe("concise");
    const saved = JSON.parse(await readFile(join(dir, DEALER_VECTORS_FILE), "utf8")) as typeof result;
    expect(saved.clusters).toEqual(result.clusters);
  });
});
