import { join } from "node:path";
import * as z from "zod";
import { type Checked, displayPath, readCheckedJson } from "../../runs/checked-json.ts";

/**
 * The local AutoML engine's result document, `<metrics output>/metrics.json`, as Sluice reads it
 * back (the engine, packages/runtime/python/automl/outputs.py, writes it). `warnings` are the
 * caveats of a model trained anyway (a 4-row table, fewer folds than asked): documents written
 * before the engine listed them have none, so the field is optional.
 */
export const EngineResultSchema = z.looseObject({
  primary_metric: z.string(),
  best_iteration: z.number().nullable(),
  iterations: z.array(
    z.looseObject({ iteration: z.number(), algorithm: z.string(), primary_metric: z.looseObject({ value: z.number().nullable() }).nullable().optional() }),
  ),
  warnings: z.array(z.string()).optional(),
});
export type EngineResult = z.infer<typeof EngineResultSchema>;

/** The result document in an AutoML step's metrics folder, and the file it was read from. */
export function readEngineResult(metricsDir: string): { file: string; read: Checked<EngineResult> } {
  const file = join(metricsDir, "metrics.json");
  return { file, read: readCheckedJson(file, EngineResultSchema, "AutoML metrics") };
}

/**
 * The engine's warnings for a completed (or reused) AutoML step. A document that cannot be read
 * is itself a warning naming the file: the step's outcome stands, but nothing is claimed about it.
 */
export function engineWarnings(metricsDir: string): string[] {
  const { file, read } = readEngineResult(metricsDir);
  return read.ok ? (read.value.warnings ?? []) : [`the AutoML result ${displayPath(file)} is ${read.problem}: its warnings are unknown`];
}
