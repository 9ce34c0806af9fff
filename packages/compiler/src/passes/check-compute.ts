import type { Pass } from "../context.ts";
import { kindOf } from "../kinds/step-kinds.ts";

/**
 * Azure needs a compute for every node of a pipeline; without a default, each step must name
 * one (a kind that checks placement itself, Spark, says so). A local run ignores computes,
 * and a standalone job (command, sweep) without one runs on Azure's serverless compute.
 */
export const checkCompute: Pass = (ctx) => {
  // An empty name is a name given (SL107 says what is wrong with it), not a compute left out.
  if (ctx.ir.defaultCompute !== undefined || ctx.ir.compute !== undefined || ctx.target === "local" || ctx.ir.job !== undefined) return;
  for (const step of ctx.ir.steps) {
    if (step.compute !== undefined || kindOf(step).checksPlacement) continue;
    ctx.diagnostics.report(
      "SL113",
      ctx.at(step),
      `step '${step.name}' has no compute and the pipeline has no defaultCompute`,
      `set compute: compute("cpu-cluster") on the step, or defaultCompute on pipeline '${ctx.ir.name}'`,
    );
  }
};
