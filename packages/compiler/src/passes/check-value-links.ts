import type { Pass } from "../context.ts";
import { stepReads, stepWrites } from "../graph/step-io.ts";
import { PRIMITIVE } from "../kinds/command-checks.ts";

/**
 * A value a step outputs (`output.boolean()`, …) is text Azure passes as a literal; data is a
 * path. A value read where data is expected fails on Azure only when the job runs, so it is
 * refused here (data where a value is expected is SL116's, as for any typed slot).
 */
export const checkValueLinks: Pass = (ctx) => {
  const types = new Map(ctx.ir.steps.flatMap((s) => stepWrites(s).map((w) => [w.data, { type: w.type, step: s.name, port: w.port }] as const)));
  for (const step of ctx.ir.steps) {
    for (const read of stepReads(step)) {
      if (read.ref.type !== "data") continue;
      const written = types.get(read.ref.id);
      if (!written || written.type === "automl_metrics") continue;
      if (!PRIMITIVE.has(written.type) || read.expects !== undefined) continue;
      ctx.diagnostics.report(
        "SL164",
        ctx.at(step),
        `step '${step.name}' reads ${written.type} output '${written.port}' of '${written.step}' as data (${read.slot})`,
        "pass a value output to a string, number, integer or boolean input",
      );
    }
  }
};
