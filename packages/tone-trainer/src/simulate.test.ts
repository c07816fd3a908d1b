import { mulberry32 } from "@dai/core";
import { loadManifest } from "@dai/manifest-schema";
import { describe, expect, it } from "vitest";
import { projectManifestPath } from "./__tests__/helpers.js";
import { ToneSelector } from "./selector.js";
import { toneSettings } from "./settings.js";
import { simulateSelection } from "./simulate.js";

// The demo's approval rates per tone (packages/demo-data/src/copilot.ts): friendly is best for
// mass-market rooftops, professional for luxury ones.
const ARMS = {
  mass: [0.74, 0.86, 0.78, 0.8, 0.79],
  luxury: [0.9, 0.74, 0.81, 0.58, 0.77],
};
const CASES = Object.entries(ARMS).map(([name, rates]) => ({ name, rates }));
const ROUNDS = 10_000;
const SEEDS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
const gapSum = (rates: number[]) => rates.reduce((s, r) => s + Math.max(...rates) - r, 0);

function total(rates: number[], policy: "floored-thompson" | "uniform" | "epsilon-greedy", floor = 0) {
  return SEEDS.reduce(
    (sum, seed) => sum + simulateSelection({ rates, policy, floor, seed, rounds: ROUNDS }).regret,
    0,
  );
}

describe("tone selection regret over 10,000 rounds (fixed seeds)", () => {
  it.each(CASES)(
    "$name: with a 1% exploration budget (floor 0.002) floored Thompson < ε-greedy (ε = 0.05) < uniform",
    ({ rates }) => {
      const thompson = total(rates, "floored-thompson", 0.002);
      const greedy = total(rates, "epsilon-greedy");
      const uniform = total(rates, "uniform");
      expect(thompson).toBeLessThan(greedy);
      expect(greedy).toBeLessThan(uniform);
    },
  );

  it.each(CASES)(
    "$name: with the manifest floor every tone keeps its share and regret beats uniform on every seed",
    async ({ rates }) => {
      const { floor } = toneSettings(await loadManifest(projectManifestPath));
      const slack = 5 * Math.sqrt(ROUNDS * floor * (1 - floor));
      for (const seed of SEEDS) {
        const thompson = simulateSelection({
          rates,
          policy: "floored-thompson",
          floor,
          seed,
          rounds: ROUNDS,
        });
        const uniform = simulateSelection({ rates, policy: "uniform", seed, rounds: ROUNDS });
        expect(thompson.regret).toBeLessThan(uniform.regret);
        for (const pulls of thompson.pulls) expect(pulls).toBeGreaterThanOrEqual(floor * ROUNDS - slack);
      }
    },
  );

  it("the manifest floor costs floor·Σgap per round, more than ε-greedy's whole regret: no floored selector beats ε-greedy there", async () => {
    const { floor } = toneSettings(await loadManifest(projectManifestPath));
    for (const rates of Object.values(ARMS)) {
      const bound = floor * gapSum(rates) * ROUNDS * SEEDS.length;
      const thompson = total(rates, "floored-thompson", floor);
      expect(thompson).toBeGreaterThanOrEqual(bound * 0.97);
      expect(thompson).toBeLessThan(bound * 1.25);
      expect(total(rates, "epsilon-greedy")).toBeLessThan(bound);
    }
  });
});

describe("ToneSelector", () => {
  it("chooses each tone with probability ≥ floor even when one tone dominates its posterior", () => {
    const tones = ["a", "b", "c", "d"];
    const selector = new ToneSelector({
      tones,
      floor: 0.1,
      random: mulberry32(3),
      posteriors: {
        a: { alpha: 5000, beta: 1 },
        b: { alpha: 1, beta: 5000 },
        c: { alpha: 1, beta: 5000 },
        d: { alpha: 1, beta: 5000 },
      },
    });
    const counts = new Map(tones.map((t) => [t, 0]));
    for (let i = 0; i < 20_000; i++) {
      const tone = selector.choose();
      counts.set(tone, (counts.get(tone) as number) + 1);
    }
    // Expected: a = 0.7, others exactly the floor 0.1.
    for (const tone of ["b", "c", "d"])
      expect(Math.abs((counts.get(tone) as number) / 20_000 - 0.1)).toBeLessThan(0.01);
    expect(Math.abs((counts.get("a") as number) / 20_000 - 0.7)).toBeLessThan(0.015);
  });

  it("refuses a floor the tones cannot all have and an unknown tone", () => {
    expect(() => new ToneSelector({ tones: ["a", "b"], floor: 0.6, random: mulberry32(1) })).toThrow(
      /0\.6 × 2 tones = 1\.2/,
    );
    const selector = new ToneSelector({ tones: ["a"], floor: 0, random: mulberry32(1) });
    expect(() => selector.update("z", true)).toThrow(/unknown tone "z"/);
  });
});
