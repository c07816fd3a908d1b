import { DaiError, type Random } from "@dai/core";
import { type BetaParams, sampleBeta } from "./beta.js";

/**
 * Weighted sampling: the index of `weights` chosen with probability proportional to its weight.
 *
 * @example pickWeighted([0.6, 0.1, 0.3], mulberry32(7)) // 0, 1 or 2
 */
export function pickWeighted(weights: readonly number[], random: Random): number {
  let total = 0;
  for (const weight of weights) total += weight;
  if (!(total > 0))
    throw new DaiError("invalid_weights", "weights: expected a positive sum", { status: 422 });
  let target = random() * total;
  for (let i = 0; i < weights.length; i++) {
    target -= weights[i] as number;
    if (target < 0) return i;
  }
  return weights.length - 1;
}

/**
 * The Copilot's tone for one explanation, drawn from a weights map (e.g. the `weights` of
 * tone-weights.json, or a cluster's): every tone keeps its floor share because the weights do.
 *
 * @example chooseTone({ friendly: 0.6, concise: 0.4 }, mulberry32(1)) // "friendly" or "concise"
 */
export function chooseTone(weights: Readonly<Record<string, number>>, random: Random): string {
  const tones = Object.keys(weights);
  return tones[pickWeighted(Object.values(weights), random)] as string;
}

export interface SelectorOptions {
  readonly tones: readonly string[];
  /** Every tone is chosen with probability ≥ floor, every round. */
  readonly floor: number;
  readonly random: Random;
  /** Starting posteriors (e.g. from tone-weights.json); default Beta(1, 1) each. */
  readonly posteriors?: Readonly<Record<string, BetaParams>>;
}

/**
 * Online tone selection by floored Thompson sampling: with probability n·floor a uniformly random
 * tone, otherwise the tone whose posterior draw is highest. Each tone's chance per round is
 * floor + (1 − n·floor)·P(best) ≥ floor, so no tone is ever starved; feedback updates the posterior.
 *
 * @example const s = new ToneSelector({ tones, floor: 0.1, random: mulberry32(1) }); const t = s.choose(); s.update(t, true)
 */
export class ToneSelector {
  readonly #tones: readonly string[];
  readonly #floor: number;
  readonly #random: Random;
  readonly #alpha: number[];
  readonly #beta: number[];

  constructor(options: SelectorOptions) {
    const n = options.tones.length;
    if (n === 0) throw new DaiError("no_tones", "tones: expected at least one tone", { status: 422 });
    if (!(options.floor >= 0) || options.floor * n > 1 + 1e-12) {
      throw new DaiError(
        "floor_too_high",
        `tone floor ${options.floor} × ${n} tones = ${Number((options.floor * n).toPrecision(12))}: must be between 0 and 1`,
        { status: 422, field: "floor" },
      );
    }
    this.#tones = options.tones;
    this.#floor = options.floor;
    this.#random = options.random;
    this.#alpha = options.tones.map((tone) => options.posteriors?.[tone]?.alpha ?? 1);
    this.#beta = options.tones.map((tone) => options.posteriors?.[tone]?.beta ?? 1);
  }

  /** Index of the next tone. */
  chooseIndex(): number {
    const n = this.#tones.length;
    if (this.#random() < n * this.#floor) return Math.floor(this.#random() * n);
    let best = 0;
    let bestDraw = -1;
    for (let i = 0; i < n; i++) {
      const draw = sampleBeta(
        { alpha: this.#alpha[i] as number, beta: this.#beta[i] as number },
        this.#random,
      );
      if (draw > bestDraw) {
        bestDraw = draw;
        best = i;
      }
    }
    return best;
  }

  choose(): string {
    return this.#tones[this.chooseIndex()] as string;
  }

  /** Records a thumbs up (true) or down (false) for a tone. */
  update(tone: string | number, positive: boolean): void {
    const index = typeof tone === "number" ? tone : this.#tones.indexOf(tone);
    if (index < 0 || index >= this.#tones.length) {
      throw new DaiError("unknown_tone", `unknown tone "${tone}"; known: ${this.#tones.join(", ")}`, {
        status: 422,
      });
    }
    if (positive) this.#alpha[index] = (this.#alpha[index] as number) + 1;
    else this.#beta[index] = (this.#beta[index] as number) + 1;
  }

  posteriors(): Record<string, BetaParams> {
    return Object.fromEntries(
      this.#tones.map((tone, i) => [
        tone,
        { alpha: this.#alpha[i] as number, beta: this.#beta[i] as number },
      ]),
    );
  }
}
