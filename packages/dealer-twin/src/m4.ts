import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { DaiError } from "@dai/core";
import { mase, owa, smape } from "./forecast/metrics.js";

/** One M4 series: its id, the training values and the held-out test values. */
export interface M4Series {
  id: string;
  train: Float64Array;
  test: Float64Array;
}

/** Naive2's published M4 Weekly scores, the OWA denominators (organisers' evaluation sheet). */
export const M4_WEEKLY_NAIVE2 = { smape: 9.161, mase: 2.777 } as const;

/**
 * Reads an M4 frequency (e.g. "Weekly") from the organisers' CSVs in `dir`: one row per series, id
 * first, values oldest first, short rows padded with empty cells.
 *
 * @example const series = await readM4(join(findProjectRoot()!, "../shared/data/m4"), "Weekly")
 */
export async function readM4(dir: string, frequency: string): Promise<M4Series[]> {
  const [train, test] = await Promise.all(
    ["train", "test"].map(async (part) => {
      const path = join(dir, `${frequency}-${part}.csv`);
      try {
        return parseM4Csv(await readFile(path, "utf8"), path);
      } catch (error) {
        if (error instanceof DaiError) throw error;
        throw new DaiError("m4_missing", `cannot read ${path}: ${(error as Error).message}`, {
          status: 404,
          cause: error,
        });
      }
    }),
  );
  const tests = new Map(test?.map((row) => [row.id, row.values]));
  return (train ?? []).map(({ id, values }) => {
    const testValues = tests.get(id);
    if (!testValues) throw new DaiError("m4_mismatch", `series ${id} has no test row`, { status: 422 });
    return { id, train: values, test: testValues };
  });
}

function parseM4Csv(text: string, source: string): { id: string; values: Float64Array }[] {
  const lines = text.split("\n");
  const rows: { id: string; values: Float64Array }[] = [];
  for (let index = 1; index < lines.length; index++) {
    const line = lines[index]?.trim();
    if (!line) continue;
    const cells = line.split(",");
    const id = (cells[0] ?? "").replaceAll('"', "");
    const values: number[] = [];
    for (let c = 1; c < cells.length; c++) {
      const cell = (cells[c] ?? "").replaceAll('"', "");
      if (cell === "" || cell === "NA") continue;
      const value = Number(cell);
      if (!Number.isFinite(value)) {
        throw new DaiError(
          "m4_invalid",
          `${source}: line ${index + 1}, column ${c + 1}: "${cell}" is not a number`,
          {
            status: 422,
          },
        );
      }
      values.push(value);
    }
    rows.push({ id, values: Float64Array.from(values) });
  }
  return rows;
}

/** Scores of a method over a set of series under the organisers' rules. */
export interface M4Score {
  smape: number;
  mase: number;
  owa: number;
}

/**
 * sMAPE (mean over series and steps), MASE (mean over series, scaled by the in-sample lag-m MAE) and
 * OWA against the given Naive2 figures.
 */
export function scoreM4(
  series: readonly M4Series[],
  forecasts: readonly ArrayLike<number>[],
  naive2: { smape: number; mase: number },
  m = 1,
): M4Score {
  let smapeSum = 0;
  let maseSum = 0;
  series.forEach((s, i) => {
    const forecast = forecasts[i];
    if (!forecast)
      throw new DaiError("m4_missing_forecast", `no forecast for series ${s.id}`, { status: 422 });
    smapeSum += smape(s.test, forecast);
    maseSum += mase(s.train, s.test, forecast, m);
  });
  const smapeMean = smapeSum / series.length;
  const maseMean = maseSum / series.length;
  return { smape: smapeMean, mase: maseMean, owa: owa(smapeMean, maseMean, naive2.smape, naive2.mase) };
}
