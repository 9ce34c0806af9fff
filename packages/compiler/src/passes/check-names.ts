import type { ValueRef } from "@sluice/dsl/ir";
import type { CompileContext, Pass } from "../context.ts";
import { COMPUTE_NAME, EXPERIMENT_NAME, PIPELINE_NAME, IO_NAME, NODE_NAME, nodeKey, suggestIdentifier } from "../names/azure-names.ts";
import { stepReads, stepWrites } from "../graph/step-io.ts";
import { formatLocationShort } from "./location-text.ts";

function checkStepNames(ctx: CompileContext): void {
  const seen = new Map<string, number>();
  // Control-flow nodes are nodes of the same job: the same rule and the same name space.
  const nodes = [...ctx.ir.steps, ...(ctx.ir.control ?? [])];
  nodes.forEach((step, index) => {
    const key = nodeKey(step.name);
    if (!NODE_NAME.test(key)) {
      ctx.diagnostics.report(
        "SL105",
        ctx.at(step),
        `step name '${step.name}' breaks Azure ML's node naming rule (letters, digits and underscores, not starting with a digit)`,
        `rename it to '${suggestIdentifier(step.name, false)}'`,
      );
    }
    const first = seen.get(key);
    if (first === undefined) {
      seen.set(key, index);
      return;
    }
    const other = nodes[first];
    if (!other) return;
    const same = other.name === step.name ? `'${step.name}' is` : `'${other.name}' and '${step.name}' are`;
    ctx.diagnostics.report(
      "SL104",
      ctx.at(step),
      `step name ${same} used twice (first at ${formatLocationShort(other.definedAt)})`,
      "step names must be unique within a pipeline (compared ignoring case, as Azure node names are lower case)",
    );
  });
}

function refName(ctx: CompileContext, ref: ValueRef): string | undefined {
  if (ref.type === "parameter" || ref.type === "input") return ref.name;
  return ref.type === "data" ? ctx.dataName(ref.id) : undefined;
}

function checkPortNames(ctx: CompileContext): void {
  for (const step of ctx.ir.steps) {
    // An input named after its parameter, data input or data is reported where that is declared.
    const named = stepReads(step).filter((r) => r.named && r.slot !== refName(ctx, r.ref));
    const ports = [...named.map((r) => ["input", r.slot] as const), ...stepWrites(step).map((o) => ["output", o.port] as const)];
    for (const [what, name] of ports) {
      if (IO_NAME.test(name)) continue;
      ctx.diagnostics.report(
        "SL106",
        ctx.at(step),
        `${what} name '${name}' of step '${step.name}' is not a valid Azure ML input/output name`,
        `use letters, digits and underscores, e.g. '${suggestIdentifier(name, false)}'`,
      );
    }
  }
  for (const p of ctx.ir.parameters) {
    if (!IO_NAME.test(p.name))
      ctx.diagnostics.report(
        "SL106",
        ctx.atPipeline(p.definedAt),
        `parameter name '${p.name}' is not a valid Azure ML input name`,
        `use letters, digits and underscores, e.g. '${suggestIdentifier(p.name, false)}'`,
      );
  }
  for (const d of ctx.ir.inputs) {
    if (!IO_NAME.test(d.name))
      ctx.diagnostics.report(
        "SL106",
        ctx.atPipeline(d.definedAt),
        `data input name '${d.name}' is not a valid Azure ML input name`,
        `use letters, digits and underscores, e.g. '${suggestIdentifier(d.name, false)}'`,
      );
  }
  for (const name of Object.keys(ctx.ir.outputs)) {
    if (!IO_NAME.test(name))
      ctx.diagnostics.report(
        "SL106",
        ctx.atPipeline(),
        `pipeline output name '${name}' is not a valid Azure ML output name`,
        `use letters, digits and underscores, e.g. '${suggestIdentifier(name, false)}'`,
      );
  }
}

function checkResourceNames(ctx: CompileContext): void {
  const ir = ctx.ir;
  if (!PIPELINE_NAME.test(ir.name)) {
    ctx.diagnostics.report(
      "SL107",
      ctx.atPipeline(),
      `pipeline name '${ir.name}' is not valid in Azure ML`,
      `start with a letter or digit and use letters, digits, '_' and '-' (it names jobs and the files compile writes), e.g. '${suggestIdentifier(ir.name || "pipeline", false)}'`,
    );
  }
  if (ir.experiment !== undefined && ir.experiment !== ir.name && !EXPERIMENT_NAME.test(ir.experiment)) {
    ctx.diagnostics.report(
      "SL107",
      ctx.atPipeline(),
      `experiment name '${ir.experiment}' is not valid in Azure ML`,
      `start with a letter or digit and use letters, digits, '_' and '-', e.g. '${suggestIdentifier(ir.experiment, false)}'`,
    );
  }
  const computes = [
    ...(ir.defaultCompute !== undefined ? [[ir.defaultCompute, ctx.atPipeline()] as const] : []),
    ...(ir.compute !== undefined ? [[ir.compute, ctx.atPipeline()] as const] : []),
    // A compute bound to a parameter is checked as the parameter's value is (SL142).
    ...ir.steps.flatMap((s) => (typeof s.compute === "string" ? [[s.compute, ctx.at(s)] as const] : [])),
  ];
  for (const [name, at] of computes) {
    if (name === "local" || COMPUTE_NAME.test(name)) continue;
    ctx.diagnostics.report("SL107", at, ...computeNameProblem(name));
  }
}

/** Why a compute name is refused, and the fix: a binding written as text is told to pass the parameter. */
function computeNameProblem(name: string): [message: string, hint: string] {
  if (name.trim() === "") return ["the compute name is empty", 'name the cluster the steps run on, e.g. compute("cpu-cluster")'];
  const bound = /^\$\{\{\s*parent\.inputs\.([A-Za-z0-9_]+)\s*\}\}$/.exec(name)?.[1];
  if (bound !== undefined)
    return [
      `compute '${name}' is a binding written as text`,
      `pass the parameter itself, compute: pipelineParameter("${bound}", …), which Sluice checks and binds`,
    ];
  return [`compute name '${name}' is not a valid Azure ML compute name`, "compute names have 2-32 letters, digits or '-', starting with a letter"];
}

/** Names Azure would reject at submission, caught before anything leaves the machine. */
export const checkNames: Pass = (ctx) => {
  checkStepNames(ctx);
  checkPortNames(ctx);
  checkResourceNames(ctx);
};
