import { readFileSync } from "node:fs";

/** R forecast 8.20 reference values, produced by fixtures/r-reference.R. */
export interface RReference {
  period: number;
  values: number[];
  fits: Record<
    string,
    { model: string; alpha: number; loglik: number; aicc: number; mean: number[]; upper95: number[] }
  >;
  auto: string;
  autoAicc: number;
  thetaMean: number[];
  thetaUpper95: number[];
}

export const R_REFERENCE: Record<string, RReference> = JSON.parse(
  readFileSync(new URL("./r-reference.json", import.meta.url), "utf8"),
);
