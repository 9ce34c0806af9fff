import type { CommandStepIR, ComponentInputIR, Literal, ParallelStepIR, PipelineStepIR, SparkStepIR, SweepStepIR, ValueRef } from "@sluice/dsl/ir";
import type { CompileContext } from "../context.ts";
import { MODEL_NAME } from "../names/azure-names.ts";

/** Why a literal does not fit a component input (type, whole number, range, allowed values). */
function literalProblem(value: Literal, input: ComponentInputIR): string | undefined {
  const kind = input.type === "integer" ? "number" : input.type;
  if (!["string", "number", "boolean"].includes(kind)) return `is ${input.type} data, not a literal`;
  if (typeof value !== kind) return `is ${input.type}, got ${typeof value} ${JSON.stringify(value)}`;
  if (input.type === "integer" && !Number.isInteger(value)) return `is an integer, got ${value}`;
  if (typeof value === "number" && input.min !== undefined && value < input.min) return `must be ≥ ${input.min}, got ${value}`;
  if (typeof value === "number" && input.max !== undefined && value > input.max) return `must be ≤ ${input.max}, got ${value}`;
  if (input.enum && !input.enum.includes(String(value))) return `must be one of ${input.enum.join(", ")}, got ${JSON.stringify(value)}`;
  return undefined;
}

/** A data input needs data; a parameter (a literal on Azure) cannot stand in for it. */
/** Component input types that take literal values (the others take data). */
export const PRIMITIVE = new Set(["string", "number", "integer", "boolean"]);

function dataProblem(ref: ValueRef, input: ComponentInputIR): string | undefined {
  if (PRIMITIVE.has(input.type) || ref.type !== "parameter") return undefined;
  return `is ${input.type} data, got parameter '${ref.name}'`;
}

/** A step that runs a component (command or pipeline): its inputs and outputs against the component's. */
type ComponentRun = CommandStepIR | PipelineStepIR | SweepStepIR | SparkStepIR | ParallelStepIR;

function checkInputs(ctx: CompileContext, step: ComponentRun): void {
  const declared = step.component.inputs;
  for (const [name, ref] of Object.entries(step.inputs)) {
    const input = declared[name];
    if (!input) {
      const known = Object.keys(declared).join(", ") || "none";
      ctx.diagnostics.report("SL141", ctx.at(step), `component '${step.component.name}' has no input '${name}'`, `its inputs: ${known}`);
      continue;
    }
    const problem = ref.type === "literal" ? literalProblem(ref.value, input) : dataProblem(ref, input);
    if (problem)
      ctx.diagnostics.report("SL142", ctx.at(step), `input '${name}' of step '${step.name}' ${problem}`, "pass a value the component's input accepts");
  }
  for (const [name, input] of Object.entries(declared)) {
    if (name in step.inputs || input.optional || input.default !== undefined) continue;
    ctx.diagnostics.report(
      "SL140",
      ctx.at(step),
      `step '${step.name}' does not give required input '${name}' of component '${step.component.name}'`,
      `pass inputs: { ${name}: … }, or give the input a default or optional: true in the component`,
    );
  }
}

/**
 * Placeholders of the command (a Spark job's arguments) must name declared inputs and outputs
 * (YAML and hand-made IR can misspell them).
 */
export function checkCommand(ctx: CompileContext, step: CommandStepIR | SparkStepIR | ParallelStepIR, command: string, what = "command"): void {
  const c = step.component;
  if (c.reference !== undefined) return;
  for (const match of command.matchAll(/\$\{\{\s*(inputs|outputs)\.([A-Za-z0-9_]+)\s*\}\}/g)) {
    const [, scope, name] = match as unknown as [string, "inputs" | "outputs", string];
    if (name in c[scope]) continue;
    ctx.diagnostics.report(
      "SL143",
      ctx.at(step),
      `the ${what} of component '${c.name}' uses \${{${scope}.${name}}}, which it does not declare`,
      `declare ${scope}.${name} in the component, or fix the placeholder`,
    );
  }
  const outside = command.replace(/\$\[\[[\s\S]*?\]\]/g, "");
  for (const [, name] of outside.matchAll(/\$\{\{\s*inputs\.([A-Za-z0-9_]+)\s*\}\}/g)) {
    const input = c.inputs[name as string];
    if (!input?.optional || input.default !== undefined || (name as string) in step.inputs) continue;
    ctx.diagnostics.report(
      "SL145",
      ctx.at(step),
      `step '${step.name}' leaves out optional input '${name}', which the ${what} of '${c.name}' uses outside $[[…]]`,
      "wrap that part of the command in opt`…` (Azure's $[[…]]), or give the input",
    );
  }
}

const ASSET_VERSION = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

/** An output registered as a data asset: a name and version Azure accepts, and data, not a model. */
function checkRegistration(ctx: CompileContext, step: ComponentRun, port: string, type: string | undefined): void {
  const o = step.outputs[port];
  if (o?.name === undefined) return;
  const bad = (message: string, hint: string) => ctx.diagnostics.report("SL151", ctx.at(step), `output '${port}' of step '${step.name}' ${message}`, hint);
  if (!MODEL_NAME.test(o.name))
    bad(`is registered as '${o.name}', which is not a valid Azure ML asset name`, "use letters, digits, '_', '.' and '-', starting with a letter or digit");
  if (o.version !== undefined && !ASSET_VERSION.test(o.version))
    bad(`is registered with version '${o.version}'`, "give a version like 3 or 2024.1, or none for the next one");
  if (type === "mlflow_model" || type === "custom_model")
    bad("is a model, which is registered with registerModelStep", "drop name/version here and add registerModelStep({ model: ... })");
}

function checkOutputs(ctx: CompileContext, step: ComponentRun): void {
  const c = step.component;
  for (const port of Object.keys(step.outputs)) {
    if (!(port in c.outputs))
      ctx.diagnostics.report(
        "SL141",
        ctx.at(step),
        `component '${c.name}' has no output '${port}'`,
        `its outputs: ${Object.keys(c.outputs).join(", ") || "none"}`,
      );
    else checkRegistration(ctx, step, port, c.outputs[port]?.type);
  }
}

/** A pipeline component's step: its interface, like a command component's (its body is checked as a sub-pipeline). */
export function checkComponentInterface(ctx: CompileContext, step: ComponentRun): void {
  checkInputs(ctx, step);
  checkOutputs(ctx, step);
}

/** Counts Azure needs as whole numbers: instances and processes at least 1, parameter servers at least 0. */
function checkRunSettings(ctx: CompileContext, step: CommandStepIR): void {
  const d = step.distribution;
  const counts: Array<[string, number | undefined, number]> = [
    ["resources.instanceCount", step.resources?.instanceCount, 1],
    ["timeoutSeconds", step.timeoutSeconds, 1],
    ["distribution.processCountPerInstance", d && d.type !== "tensorflow" ? d.processCountPerInstance : undefined, 1],
    ["distribution.workerCount", d?.type === "tensorflow" ? d.workerCount : undefined, 1],
    ["distribution.parameterServerCount", d?.type === "tensorflow" ? d.parameterServerCount : undefined, 0],
  ];
  for (const [what, value, min] of counts) {
    if (value === undefined || (Number.isInteger(value) && value >= min)) continue;
    ctx.diagnostics.report("SL144", ctx.at(step), `${what} of step '${step.name}' must be a whole number ≥ ${min}, got ${value}`, "give a whole number");
  }
}

/** What Azure would refuse when the job is submitted, or run wrongly: checked before anything runs. */
export function checkComponentStep(ctx: CompileContext, step: CommandStepIR): void {
  checkComponentInterface(ctx, step);
  checkCommand(ctx, step, step.component.command);
  checkRunSettings(ctx, step);
  // Said, not ignored: a local run opens no VS Code or TensorBoard for the step.
  if (step.services && ctx.target === "local")
    ctx.diagnostics.report(
      "SL506",
      ctx.at(step),
      `step '${step.name}' asks for services (${Object.keys(step.services).join(", ")}), which only Azure opens; this run has none`,
      "sluice deploy --run-now opens them on Azure",
    );
}
