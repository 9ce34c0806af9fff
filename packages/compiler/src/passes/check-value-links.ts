import type { Pass } from "../context.ts";
import { stepReads, stepWrites } from "../graph/step-io.ts";
import { PRIMITIVE } from "../kinds/command-checks.ts";

/**
 * A value a step outputs (`output.boolean()`, …) is text Azure passes as a literal; data is a
 * path. Reading one where the other is expected fails on Azure only when the job runs, so it is
 * refused here: a value into a data input, or data into a value input.
 */
export const checkValueLinks: Pass = (ctx) => {
  const types = new Map(ctx.ir.steps.flatMap((s) => stepWrites(s).map((w) => [w.data, { type: w.type, step: s.name, port: w.port }] as const)));
  for (const step of ctx.ir.steps) {
    for (const read of stepReads(step)) {
      if (read.ref.type !== "data") continue;
      const written = types.get(read.ref.id);
      if (!written || written.type === "automl_metrics") continue;
      const value = PRIMITIVE.has(written.type);
      const wantsValue = read.expects !== undefined;
      if (value === wantsValue) continue;
      ctx.diagnostics.report(
        "SL164",
        ctx.at(step),
        value
          ? `step '${step.name}' reads ${written.type} output '${written.port}' of '${written.step}' as data (${read.slot})`
          : `step '${step.name}' reads data '${written.port}' of '${written.step}' where a ${read.expects} value is expected (${read.slot})`,
        value ? "pass a value output to a string, number, integer or boolean input" : "pass data to a data input, or a value output to this one",
      );
    }
  }
};
