import { stableStringify } from "../hash/content-version.ts";
import type { ExecutionPlan } from "../plan/execution-plan.ts";
import { relativePlan } from "../plan/relative-plan.ts";

/**
 * What deploying the pipeline needs, content-addressed: code snapshots (with per-file digests,
 * so a runtime can say which file changed), environments, components and the node graph, with
 * paths relative to `baseDir` (the folder the plan file is written to).
 */
export function emitPlan(model: ExecutionPlan, baseDir: string): ExecutionPlan {
  return relativePlan(model, baseDir);
}

export function planJson(model: ExecutionPlan, baseDir: string): string {
  return `${stableStringify(emitPlan(model, baseDir), 2)}\n`;
}
