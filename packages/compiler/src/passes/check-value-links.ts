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
  // A parallelFor gathers its body's values into a value (a JSON list).
  for (const c of ctx.ir.control ?? []) {
    if (c.type !== "parallel_for") continue;
    for (const [port, { data }] of Object.entries(c.outputs)) {
      const body = [...types.values()].find((t) => t.step === c.body && t.port === port);
      if (body && PRIMITIVE.has(body.type)) types.set(data, { type: "string", step: c.name, port });
    }
  }
  for (const [name, { data }] of Object.entries(ctx.ir.outputs)) {
    const written = types.get(data);
    if (written && PRIMITIVE.has(written.type))
      ctx.diagnostics.report(
        "SL164",
        ctx.atPipeline(),
        `pipeline output '${name}' is ${written.type} output '${written.port}' of '${written.step}', a value`,
        "Azure ML's pipeline outputs are data: write the value into a data output to expose it, or read it in a later step",
      );
  }
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
