import { mulberry32, type Random } from "@dai/core";
import { ToneSelector } from "./selector.js";

export type SimulationPolicy = "floored-thompson" | "uniform" | "epsilon-greedy";

export interface SimulationOptions {
  /** True approval rate of each tone; the best is known to the simulation, not to the policy. */
  readonly rates: readonly number[];
  readonly policy: SimulationPolicy;
  readonly rounds?: number;
  readonly seed: number;
  /** Floor of the floored Thompson sampler. */
  readonly floor?: number;
  /** Exploration rate of ε-greedy; default 0.05 (Vowpal Wabbit's default). */
  readonly epsilon?: number;
}

export interface SimulationResult {
  /** Σ (best rate − chosen tone's rate): expected (pseudo-)regret, free of reward noise. */
  readonly regret: number;
  /** Times each tone was chosen. */
  readonly pulls: number[];
}

/**
 * A Bernoulli bandit with known rates: how much approval a policy gives up against always choosing
 * the best tone. ε-greedy starts its estimates at 0 and breaks ties at random.
 *
 * @example simulateSelection({ rates: [0.74, 0.86, 0.78], policy: "floored-thompson", floor: 0.01, seed: 1 }).regret
 */
export function simulateSelection(options: SimulationOptions): SimulationResult {
  const rounds = options.rounds ?? 10_000;
  const k = options.rates.length;
  const best = Math.max(...options.rates);
  const policyRandom = mulberry32(options.seed);
  const world = mulberry32(options.seed ^ 0x5bd1e995);
  const pulls = new Array<number>(k).fill(0);
  const choose = makePolicy(options, policyRandom);
  let regret = 0;
  for (let round = 0; round < rounds; round++) {
    const { index, learn } = choose();
    const reward = world() < (options.rates[index] as number);
    learn(reward);
    pulls[index] = (pulls[index] as number) + 1;
    regret += best - (options.rates[index] as number);
  }
  return { regret, pulls };
}

function makePolicy(
  options: SimulationOptions,
  random: Random,
): () => { index: number; learn: (r: boolean) => void } {
  const k = options.rates.length;
  if (options.policy === "uniform") return () => ({ index: Math.floor(random() * k), learn: () => {} });
  if (options.policy === "floored-thompson") {
    const tones = options.rates.map((_, i) => String(i));
    const selector = new ToneSelector({ tones, floor: options.floor ?? 0, random });
    return () => {
      const index = selector.chooseIndex();
      return { index, learn: (reward) => selector.update(index, reward) };
    };
  }
  const epsilon = options.epsilon ?? 0.05;
  const sums = new Array<number>(k).fill(0);
  const counts = new Array<number>(k).fill(0);
  return () => {
    let index: number;
    if (random() < epsilon) index = Math.floor(random() * k);
    else {
      let bestValue = -Infinity;
      let ties: number[] = [];
      for (let i = 0; i < k; i++) {
        const value = (counts[i] as number) > 0 ? (sums[i] as number) / (counts[i] as number) : 0;
        if (value > bestValue) {
          bestValue = value;
          ties = [i];
        } else if (value === bestValue) ties.push(i);
      }
      index = ties[Math.floor(random() * ties.length)] as number;
    }
    return {
      index,
      learn: (reward) => {
        sums[index] = (sums[index] as number) + (reward ? 1 : 0);
        counts[index] = (counts[index] as number) + 1;
      },
    };
  };
}
