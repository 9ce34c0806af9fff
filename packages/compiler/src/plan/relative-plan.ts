import { emittedPath } from "../emit/paths.ts";
import type { ExecutionPlan } from "./execution-plan.ts";

/**
 * The plan with every local path (code folders, conda files, local data) relative to `baseDir`,
 * `./`-prefixed: how it is written to `<name>.plan.json` and what emitters and runtimes read.
 */
export function relativePlan(plan: ExecutionPlan, baseDir: string): ExecutionPlan {
  return {
    ...plan,
    codeSnapshots: plan.codeSnapshots.map((s) => ({ ...s, path: emittedPath(baseDir, s.path) })),
    environments: plan.environments.map((e) => (e.kind === "image" && e.condaFile !== undefined ? { ...e, condaFile: emittedPath(baseDir, e.condaFile) } : e)),
    inputs: plan.inputs.map((i) => (i.kind === "local" ? { ...i, value: emittedPath(baseDir, i.value) } : i)),
  };
}
