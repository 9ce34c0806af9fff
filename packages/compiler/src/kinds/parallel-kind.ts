import { resolve } from "node:path";
import type { ParallelStepIR } from "@sluice/dsl/ir";
import type { CompileContext } from "../context.ts";
import { bindAll, dirOf, nodeBase } from "../lower/command-node.ts";
import type { LowerContext } from "../lower/lower-context.ts";
import { nodeKey } from "../names/azure-names.ts";
import type { ComponentSpec, ParallelNode, ParallelParts } from "../plan/execution-plan.ts";
import { checkCommand, checkComponentInterface, PRIMITIVE } from "./command-checks.ts";
import { componentOutputs, componentReads, componentWrites } from "./command-kind.ts";
import type { StepKind } from "./step-kind.ts";

/** What Azure ML refuses in a parallel step: its data input, where rows go, sizes, counts and thresholds. */
function checkParallel(ctx: CompileContext, step: ParallelStepIR): void {
  checkComponentInterface(ctx, step);
  const c = step.component;
  const s = c.parallel;
  if (c.task.programArguments !== undefined) checkCommand(ctx, step as never, c.task.programArguments, "program arguments");
  const bad = (message: string, hint: string) => ctx.diagnostics.report("SL161", ctx.at(step), `parallel step '${step.name}': ${message}`, hint);
  const data = c.inputs[s.inputData];
  if (data && PRIMITIVE.has(data.type))
    bad(`inputData '${s.inputData}' is a ${data.type} input, not data`, "name the input holding the files or table to split");
  if (c.task.appendRowTo !== undefined && !(c.task.appendRowTo in c.outputs))
    bad(`appendRowTo names '${c.task.appendRowTo}', which is not one of its outputs`, `name one of: ${Object.keys(c.outputs).join(", ") || "(no outputs)"}`);
  if (s.miniBatchSize !== undefined && s.partitionKeys !== undefined)
    bad("it gives both miniBatchSize and partitionKeys", "split by size or by partition keys, not both");
  if (s.partitionKeys !== undefined && data && data.type !== "mltable")
    bad(`partitionKeys split a table, but '${s.inputData}' is ${data.type}`, "give an mltable input, or split it by miniBatchSize");
  const counts: Array<[string, number | undefined, number]> = [
    ["miniBatchSize", s.miniBatchSize, 1],
    ["maxConcurrencyPerInstance", s.maxConcurrencyPerInstance, 1],
    ["retry.maxRetries", s.retry?.maxRetries, 0],
    ["retry.timeoutSeconds", s.retry?.timeoutSeconds, 1],
    ["errorThreshold", s.errorThreshold, -1],
    ["miniBatchErrorThreshold", s.miniBatchErrorThreshold, -1],
    ["resources.instanceCount", c.resources?.instanceCount, 1],
  ];
  for (const [what, value, min] of counts)
    if (value !== undefined && !(Number.isInteger(value) && value >= min)) bad(`${what} must be a whole number ≥ ${min}, got ${value}`, "give a whole number");
}

function parallelParts(c: ParallelStepIR["component"]): ParallelParts {
  const task: ParallelParts["task"] = { entryScript: c.task.entryScript };
  if (c.task.programArguments !== undefined) task.programArguments = c.task.programArguments;
  if (c.task.appendRowTo !== undefined) task.appendRowTo = c.task.appendRowTo;
  const parts: ParallelParts = { task, settings: structuredClone(c.parallel) };
  if (c.environmentVariables !== undefined) parts.environmentVariables = { ...c.environmentVariables };
  return parts;
}

function lowerParallel(ctx: LowerContext, step: ParallelStepIR): ParallelNode {
  const c = step.component;
  const deps = new Set<string>();
  const inputs = bindAll(ctx, step.inputs, deps);
  const snapshot = c.task.code === undefined ? undefined : ctx.assets.snapshot(resolve(dirOf(c.definedAt.file), c.task.code), false);
  const env = ctx.assets.environment(c.task.environment, () => dirOf(c.definedAt.file));
  const spec: Omit<ComponentSpec, "id" | "version" | "placeholder" | "usedBy"> = {
    name: c.name,
    named: c.version !== undefined,
    command: "",
    environment: env.id,
    inputs: c.inputs,
    outputs: c.outputs,
    isDeterministic: c.isDeterministic ?? true,
    mltableOutputs: [],
    parallel: parallelParts(c),
  };
  if (snapshot) spec.code = snapshot.id;
  for (const key of ["displayName", "description", "tags", "resources"] as const) if (c[key] !== undefined) Object.assign(spec, { [key]: c[key] });
  const component = ctx.assets.component(spec, snapshot?.sha256, nodeKey(step.name), c.version);
  const node: ParallelNode = {
    kind: "parallel",
    ...nodeBase(step, deps),
    component: component.id,
    inputs,
    outputs: componentOutputs(ctx, step.outputs),
    parallel: parallelParts(c),
    environment: env.id,
  };
  if (snapshot) node.code = snapshot.id;
  if (step.displayName !== undefined) node.displayName = step.displayName;
  if (c.resources !== undefined) node.resources = { ...c.resources };
  if (c.inline) node.atNode = true;
  return node;
}

/** A parallel job (ParallelRunStep): a `parallel` node on Azure; locally, worker processes over mini-batches. */
export const PARALLEL_KIND: StepKind<ParallelStepIR> = {
  reads: componentReads,
  writes: componentWrites,
  code: (s) =>
    s.component.task.code === undefined
      ? undefined
      : {
          dir: resolve(dirOf(s.component.definedAt.file), s.component.task.code),
          written: s.component.task.code,
          script: s.component.task.entryScript,
          builtin: false,
        },
  environment: (s) => s.component.task.environment,
  check: checkParallel,
  lower: lowerParallel,
};
