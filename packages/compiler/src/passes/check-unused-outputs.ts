import type { Pass } from "../context.ts";
import { stepWrites } from "../graph/step-io.ts";

/** Data a step writes that nothing reads and no pipeline output exposes is usually a wiring slip. */
export const checkUnusedOutputs: Pass = (ctx) => {
  const exposed = new Set(Object.values(ctx.ir.outputs).map((o) => o.data));
  for (const step of ctx.ir.steps) {
    for (const { port: name, data, declared } of stepWrites(step)) {
      if (!declared || exposed.has(data) || ctx.flow.consumers.has(data)) continue;
      ctx.diagnostics.report(
        "SL501",
        ctx.at(step),
        `output '${name}' of step '${step.name}' is never read`,
        "read it in a later step, return it as a pipeline output, or drop it",
      );
    }
  }
};
