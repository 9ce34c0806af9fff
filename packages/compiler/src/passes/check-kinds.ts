import type { Pass } from "../context.ts";
import { kindOf } from "../kinds/step-kinds.ts";

/** The checks only one step kind needs (AutoML settings, script timeouts, model names). */
export const checkKinds: Pass = (ctx) => {
  for (const step of ctx.ir.steps) kindOf(step).check(ctx, step);
};
