import type { KpiRow } from "@dai/demo-data";
import { buildDealerTwin } from "../twin/build.js";
import type { DealerTwin } from "../twin/types.js";

/** What a worker is asked to do: build one dealer's twin. */
export interface TwinTask {
  id: number;
  dealerId: string;
  rows: KpiRow[];
  horizonDays: number;
  now: string;
}

export type TwinTaskResult =
  | { id: number; dealerId: string; ok: true; twin: DealerTwin }
  | { id: number; dealerId: string; ok: false; reason: string };

/** Runs one task, turning any error into a failure with its reason: one bad dealer never fails a run. */
export function runTwinTask(task: TwinTask): TwinTaskResult {
  try {
    const twin = buildDealerTwin(task.rows, { horizonDays: task.horizonDays, now: task.now });
    return { id: task.id, dealerId: task.dealerId, ok: true, twin };
  } catch (error) {
    return {
      id: task.id,
      dealerId: task.dealerId,
      ok: false,
      reason: error instanceof Error ? error.message : String(error),
    };
  }
}
