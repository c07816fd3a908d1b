import { parentPort } from "node:worker_threads";
import { runTwinTask, type TwinTask } from "./task.js";

// Worker entry of the twin pool: one task in, one result out, until the pool closes the port.
parentPort?.on("message", (task: TwinTask) => {
  parentPort?.postMessage(runTwinTask(task));
});
