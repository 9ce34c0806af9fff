import type { Pass } from "../context.ts";
import { stepWrites } from "../graph/step-io.ts";
import { formatLocationShort } from "./location-text.ts";

/** Every data a step reads must be written by exactly one step; AutoML metrics are not data on Azure. */
export const checkDataLinks: Pass = (ctx) => {
  const { producers, consumers } = ctx.flow;
  const metricsIds = new Set(ctx.ir.steps.flatMap((s) => stepWrites(s).flatMap((w) => (w.type === "automl_metrics" ? [w.data] : []))));
  for (const [data, readers] of consumers) {
    const writers = producers.get(data) ?? [];
    for (const reader of readers) {
      const step = ctx.ir.steps[reader.step];
      if (!step) continue;
      const name = ctx.dataName(data);
      if (metricsIds.has(data)) {
        ctx.diagnostics.report(
          "SL123",
          ctx.at(step),
          `step '${step.name}' reads AutoML metrics '${name}' as data`,
          "AutoML metrics live in run history on Azure: expose them as a pipeline output and fetch them with `sluice outputs`",
        );
      } else if (writers.length === 0) {
        ctx.diagnostics.report(
          "SL102",
          ctx.at(step),
          `step '${step.name}' reads '${name}' but no step writes it`,
          `pass '${name}' in the producing step's arguments or outputs, or read a dataset/web input instead`,
        );
      }
    }
  }
  for (const [data, writers] of producers) {
    if (writers.length < 2) continue;
    const names = writers.map((w) => `'${ctx.ir.steps[w.step]?.name}'`).join(" and ");
    for (const writer of writers.slice(1)) {
      const step = ctx.ir.steps[writer.step];
      if (!step) continue;
      const first = ctx.ir.steps[writers[0]?.step ?? 0];
      ctx.diagnostics.report(
        "SL103",
        ctx.at(step),
        `output '${ctx.dataName(data)}' is written by two steps: ${names}${first ? ` (first at ${formatLocationShort(first.definedAt)})` : ""}`,
        `give each step its own outputFileDataset(...); to read it in '${step.name}', pass ${ctx.dataName(data)}.asInput() or .readDelimitedFiles()`,
      );
    }
  }
  const bound = new Map<string, string>();
  for (const [output, { data }] of Object.entries(ctx.ir.outputs)) {
    const other = bound.get(data);
    if (other)
      ctx.diagnostics.report(
        "SL124",
        ctx.atPipeline(),
        `pipeline outputs '${other}' and '${output}' are the same data '${ctx.dataName(data)}'`,
        "a step output can be bound to one pipeline output only: keep one of them",
      );
    else bound.set(data, output);
    if (!producers.has(data))
      ctx.diagnostics.report(
        "SL102",
        ctx.atPipeline(),
        `pipeline output '${output}' is '${ctx.dataName(data)}', which no step writes`,
        "return data that a step writes (in its arguments or outputs)",
      );
  }
};
