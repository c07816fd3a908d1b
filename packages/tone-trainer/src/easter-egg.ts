import { DaiError, type Random } from "@dai/core";
import { type BetaParams, betaMean, sampleBeta } from "./beta.js";

/** Candidate probabilities that the Copilot adds a light-hearted line (`getEasterEggQuote`). */
export const DEFAULT_EASTER_EGG_LEVELS = [0, 0.05, 0.1, 0.2, 0.35] as const;

/** Serializable state: engagement per candidate probability. */
export interface EasterEggState {
  readonly levels: readonly number[];
  /** Beta posterior of engagement under each level. */
  readonly posteriors: readonly BetaParams[];
}

/**
 * The seed's "reinforcement learning loop" made real: a Thompson-sampling bandit over candidate
 * easter-egg probabilities. Each Copilot session draws a level (`chooseLevel`), adds a quote to each
 * explanation with that probability (`shouldAddQuote`), and reports whether the user engaged
 * (thumbs up, a click-through — the caller decides) with `record`. Over time the level whose
 * sessions engage most is chosen most; `recommendedProbability` is the one with the highest
 * posterior mean, the value to ship as the default.
 *
 * @example const egg = new EasterEggBandit(); const level = egg.chooseLevel(random); egg.record(level, true)
 */
export class EasterEggBandit {
  readonly #levels: number[];
  readonly #alpha: number[];
  readonly #beta: number[];

  constructor(state?: Partial<EasterEggState>) {
    this.#levels = [...(state?.levels ?? DEFAULT_EASTER_EGG_LEVELS)];
    this.#levels.forEach((level, index) => {
      if (!(level >= 0 && level <= 1)) {
        throw new DaiError("invalid_level", `levels[${index}]: expected a probability 0–1, got ${level}`, {
          status: 422,
          field: `levels[${index}]`,
        });
      }
    });
    if (state?.posteriors && state.posteriors.length !== this.#levels.length) {
      throw new DaiError("invalid_state", "posteriors: expected one per level", { status: 422 });
    }
    this.#alpha = this.#levels.map((_, i) => state?.posteriors?.[i]?.alpha ?? 1);
    this.#beta = this.#levels.map((_, i) => state?.posteriors?.[i]?.beta ?? 1);
  }

  /** The probability to use for a session, by Thompson sampling over engagement. */
  chooseLevel(random: Random): number {
    let best = 0;
    let bestDraw = -1;
    for (let i = 0; i < this.#levels.length; i++) {
      const draw = sampleBeta({ alpha: this.#alpha[i] as number, beta: this.#beta[i] as number }, random);
      if (draw > bestDraw) {
        bestDraw = draw;
        best = i;
      }
    }
    return this.#levels[best] as number;
  }

  /** Records one session's outcome under `level`. */
  record(level: number, engaged: boolean): void {
    const index = this.#levels.indexOf(level);
    if (index < 0) {
      throw new DaiError(
        "unknown_level",
        `unknown easter-egg level ${level}; known: ${this.#levels.join(", ")}`,
        {
          status: 422,
        },
      );
    }
    if (engaged) this.#alpha[index] = (this.#alpha[index] as number) + 1;
    else this.#beta[index] = (this.#beta[index] as number) + 1;
  }

  /** The level with the highest posterior mean engagement. */
  get recommendedProbability(): number {
    let best = 0;
    for (let i = 1; i < this.#levels.length; i++) {
      const mean = betaMean({ alpha: this.#alpha[i] as number, beta: this.#beta[i] as number });
      const top = betaMean({ alpha: this.#alpha[best] as number, beta: this.#beta[best] as number });
      if (mean > top) best = i;
    }
    return this.#levels[best] as number;
  }

  toJSON(): EasterEggState {
    return {
      levels: [...this.#levels],
      posteriors: this.#levels.map((_, i) => ({
        alpha: this.#alpha[i] as number,
        beta: this.#beta[i] as number,
      })),
    };
  }
}

/** Whether this explanation gets a light-hearted line, at the session's level. */
export function shouldAddQuote(probability: number, random: Random): boolean {
  return random() < probability;
}
