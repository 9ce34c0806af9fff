import type { ExecutionPlan } from "./execution-plan.ts";

/**
 * What compiling returns: the execution plan with absolute paths (code folders, conda files,
 * local data). `emitPlan(model, dir)` writes the same plan with paths relative to `dir`, which
 * is what runtimes read; the emitters take either through that one function.
 */
export type CompiledPipeline = ExecutionPlan;
