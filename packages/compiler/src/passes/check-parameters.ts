import type { ParameterIR, StepIR } from "@sluice/dsl/ir";
import type { CompileContext, Pass } from "../context.ts";
import { stepReads, stepWrites } from "../graph/step-io.ts";
import { literalValueProblem } from "../names/literal-values.ts";
import { formatLocationShort } from "./location-text.ts";

function checkDeclarations(ctx: CompileContext): Map<string, ParameterIR> {
  const byName = new Map<string, ParameterIR>();
  for (const p of ctx.ir.parameters) {
    const at = ctx.atPipeline(p.definedAt);
    const kind = p.type === "integer" ? "number" : p.type;
    if (typeof p.default !== kind || (p.type === "integer" && !Number.isInteger(p.default))) {
      ctx.diagnostics.report(
        "SL114",
        at,
        `parameter '${p.name}' is declared ${p.type} but its default ${JSON.stringify(p.default)} is a ${typeof p.default}`,
        `give '${p.name}' a ${p.type} default`,
      );
    }
    const problem = typeof p.default === "string" ? literalValueProblem(p.default) : undefined;
    if (problem)
      ctx.diagnostics.report("SL121", at, `the default of parameter '${p.name}' ${problem}`, "give it a value with at least one letter, digit or '_'");
    const first = byName.get(p.name);
    if (!first) {
      byName.set(p.name, p);
      continue;
    }
    if (first.type !== p.type || first.default !== p.default) {
      ctx.diagnostics.report(
        "SL115",
        at,
        `parameter '${p.name}' is declared twice with different ${first.type !== p.type ? `types (${first.type}, ${p.type})` : `defaults (${JSON.stringify(first.default)}, ${JSON.stringify(p.default)})`} (first at ${formatLocationShort(first.definedAt)})`,
        "declare each pipeline parameter once and reuse the object",
      );
    }
  }
  const inputs = new Map<string, (typeof ctx.ir.inputs)[number]>();
  for (const d of ctx.ir.inputs) {
    const first = inputs.get(d.name);
    if (!first) inputs.set(d.name, d);
    else
      ctx.diagnostics.report(
        "SL115",
        ctx.atPipeline(d.definedAt),
        `data input '${d.name}' is declared twice (first at ${formatLocationShort(first.definedAt)})`,
        "declare each data input once and reuse the object, or give them different names",
      );
    if (byName.has(d.name))
      ctx.diagnostics.report(
        "SL115",
        ctx.atPipeline(d.definedAt),
        `data input '${d.name}' has the same name as a pipeline parameter`,
        "pipeline inputs share one namespace: rename one of them",
      );
  }
  return byName;
}

/** IR from another tool (or hand-written JSON) can name a parameter or input nobody declared. */
function undeclared(ctx: CompileContext, step: StepIR, slot: string, ref: { type: string; name: string }): void {
  const what = ref.type === "parameter" ? "pipeline parameter" : "data input";
  ctx.diagnostics.report(
    "SL122",
    ctx.at(step),
    `step '${step.name}' reads ${what} '${ref.name}' (in ${slot}), which the pipeline does not declare`,
    `declare it in the pipeline's ${ref.type === "parameter" ? "parameters" : "inputs"}, or fix the name`,
  );
}

/** Parameters are typed: a slot that needs a string must not receive a number or boolean. */
export const checkParameters: Pass = (ctx) => {
  const params = checkDeclarations(ctx);
  const inputs = new Set(ctx.ir.inputs.map((d) => d.name));
  // A step's value output (`output.boolean()`, …) is a typed value too; any other data is not.
  const written = new Map(ctx.ir.steps.flatMap((s) => stepWrites(s).map((w) => [w.data, w.type] as const)));
  const valueType = (id: string) => {
    const type = written.get(id);
    return type === "string" || type === "number" || type === "boolean" || type === "integer" ? type : "data";
  };
  for (const step of ctx.ir.steps) {
    for (const read of stepReads(step)) {
      const declared = read.ref.type === "parameter" ? params.has(read.ref.name) : read.ref.type === "input" ? inputs.has(read.ref.name) : true;
      if (!declared) undeclared(ctx, step, read.slot, read.ref as { type: string; name: string });
      if (!read.expects) continue;
      const ref = read.ref;
      const actual =
        ref.type === "parameter" ? params.get(ref.name)?.type : ref.type === "literal" ? typeof ref.value : ref.type === "data" ? valueType(ref.id) : "data";
      if (actual === undefined || actual === read.expects || (actual === "integer" && read.expects === "number")) continue;
      const what =
        ref.type === "parameter"
          ? `parameter '${ref.name}' (${actual})`
          : ref.type === "literal"
            ? `${actual} ${JSON.stringify(ref.value)}`
            : actual === "data"
              ? "data"
              : `${actual} output '${ctx.dataName((ref as { id: string }).id)}'`;
      ctx.diagnostics.report(
        "SL116",
        ctx.at(step),
        `${read.slot} of step '${step.name}' must be a ${read.expects}, got ${what}`,
        `pass a ${read.expects} or a pipelineParameter with a ${read.expects} default`,
      );
    }
  }
};
