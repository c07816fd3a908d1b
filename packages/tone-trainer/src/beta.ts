import { DaiError, type Random } from "@dai/core";

/** Parameters of a Beta distribution (both > 0). */
export interface BetaParams {
  readonly alpha: number;
  readonly beta: number;
}

const LANCZOS = [
  0.9999999999998099, 676.5203681218851, -1259.1392167224028, 771.3234287776531, -176.6150291621406,
  12.507343278686905, -0.13857109526572012, 9.984369578019572e-6, 1.5056327351493116e-7,
];

/** ln Γ(x) for x > 0 (Lanczos, g = 7; relative error ~1e-15). */
export function lnGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lnGamma(1 - x);
  const z = x - 1;
  let sum = LANCZOS[0] as number;
  for (let i = 1; i < 9; i++) sum += (LANCZOS[i] as number) / (z + i);
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

/** ln B(a, b). */
export function lnBeta(a: number, b: number): number {
  return lnGamma(a) + lnGamma(b) - lnGamma(a + b);
}

/** Beta mean α / (α + β). */
export function betaMean({ alpha, beta }: BetaParams): number {
  return alpha / (alpha + beta);
}

/** Beta variance αβ / ((α+β)²(α+β+1)). */
export function betaVariance({ alpha, beta }: BetaParams): number {
  const s = alpha + beta;
  return (alpha * beta) / (s * s * (s + 1));
}

/**
 * Regularised incomplete beta I_x(α, β) — the Beta CDF — by Lentz's continued fraction, using the
 * symmetry I_x(a,b) = 1 − I_{1−x}(b,a) where the fraction converges slowly.
 *
 * @example betaCdf(0.5, { alpha: 2, beta: 2 }) // 0.5
 */
export function betaCdf(x: number, { alpha, beta }: BetaParams): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(alpha * Math.log(x) + beta * Math.log1p(-x) - lnBeta(alpha, beta));
  if (x < (alpha + 1) / (alpha + beta + 2)) return (front * continuedFraction(x, alpha, beta)) / alpha;
  return 1 - (front * continuedFraction(1 - x, beta, alpha)) / beta;
}

function continuedFraction(x: number, a: number, b: number): number {
  const tiny = 1e-300;
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 100_000; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-15) break;
  }
  return h;
}

/**
 * Beta quantile (inverse CDF) by bisection on the monotone CDF: slow but sure, used for the
 * credible intervals the dashboard shows, not in hot loops.
 *
 * @example betaQuantile(0.975, { alpha: 81, beta: 21 }) // ≈ 0.868
 */
export function betaQuantile(p: number, params: BetaParams): number {
  if (!(p >= 0 && p <= 1)) throw new DaiError("invalid_probability", `p: expected 0–1, got ${p}`);
  if (p === 0) return 0;
  if (p === 1) return 1;
  let lo = 0;
  let hi = 1;
  for (let i = 0; i < 200 && hi - lo > 1e-15; i++) {
    const mid = (lo + hi) / 2;
    if (betaCdf(mid, params) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** Standard normal draw (Box–Muller). */
function normal(random: Random): number {
  let u = random();
  while (u === 0) u = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

/** Gamma(shape, 1) draw by Marsaglia–Tsang, boosted for shape < 1. */
export function sampleGamma(shape: number, random: Random): number {
  if (shape < 1) {
    let u = random();
    while (u === 0) u = random();
    return sampleGamma(shape + 1, random) * u ** (1 / shape);
  }
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = normal(random);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = random();
    if (u < 1 - 0.0331 * x ** 4) return d * v;
    if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

/**
 * One draw from Beta(α, β) as X / (X + Y) with X ~ Gamma(α), Y ~ Gamma(β).
 *
 * @example sampleBeta({ alpha: 8, beta: 2 }, mulberry32(1))
 */
export function sampleBeta({ alpha, beta }: BetaParams, random: Random): number {
  const x = sampleGamma(alpha, random);
  const y = sampleGamma(beta, random);
  return x / (x + y);
}
