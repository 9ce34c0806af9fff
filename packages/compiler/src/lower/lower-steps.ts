import { resolve } from "node:path";
import { createRequire } from "node:module";
import type { AutoMLStepIR, DelimitedIR, EnvironmentIR, PythonScriptStepIR, RegisterModelStepIR, StepIR, ValueRef } from "@sluice/dsl/ir";
import { nodeKey } from "../names/azure-names.ts";
import type { AssetTable } from "./assets.ts";
import type { BindingResolver } from "./bindings.ts";
import { mltableCommand } from "./mltable.ts";
import type { AutoMLNode, CommandNode, ComponentSpec, NodeInput, NodeOutput, PlanNode } from "../plan/execution-plan.ts";
import { joinWords } from "./shell-words.ts";

/**
 * Folder of the registration script shipped with Sluice (snapshotted like user code). Resolved
 * through the package, so it is found from the sources and from the bundled CLI alike.
 */
export const REGISTER_MODEL_DIR = resolve(createRequire(import.meta.url).resolve("@sluice/compiler/builtin/register_model/register_model.py"), "..");

export interface LowerContext {
  assets: AssetTable;
  bindings: BindingResolver;
  /** Pipeline output name per data id. */
  exposed: Map<string, string>;
  delimited: Map<string, DelimitedIR>;
}

function base(step: StepIR, deps: Set<string>) {
  const key = nodeKey(step.name);
  return {
    key,
    step: step.name,
    allowReuse: step.allowReuse,
    dependsOn: [...deps].sort(),
    ...(key !== step.name ? { displayName: step.name } : {}),
    ...(step.compute !== undefined ? { compute: step.compute } : {}),
  };
}

function bindAll(ctx: LowerContext, refs: Record<string, ValueRef>, deps: Set<string>): Record<string, NodeInput> {
  const inputs: Record<string, NodeInput> = {};
  for (const [name, ref] of Object.entries(refs)) {
    const bound = ctx.bindings.bind(ref);
    if (bound.binding.kind === "node-output") deps.add(bound.binding.node);
    inputs[name] = bound;
  }
  return inputs;
}

function nodeOutput(ctx: LowerContext, data: string): NodeOutput {
  const exposed = ctx.exposed.get(data);
  const out: NodeOutput = { type: ctx.bindings.outputType(data) };
  return exposed === undefined ? out : { ...out, pipelineOutput: exposed };
}

function envDir(env: EnvironmentIR | undefined, fallback: string): string {
  return env?.type === "image" ? dirOf(env.definedAt.file) : fallback;
}

function dirOf(file: string): string {
  return resolve(file, "..");
}

function commandNode(
  ctx: LowerContext,
  step: PythonScriptStepIR | RegisterModelStepIR,
  parts: {
    inputs: Record<string, NodeInput>;
    outputs: Record<string, NodeOutput>;
    command: string;
    codeDir: string;
    builtin: boolean;
    mltableOutputs: string[];
    deps: Set<string>;
  },
): CommandNode {
  const snapshot = ctx.assets.snapshot(parts.codeDir, parts.builtin);
  const env = ctx.assets.environment(step.environment, (e) => envDir(e, dirOf(step.definedAt.file)));
  const io = (record: Record<string, { type: NodeInput["type"] }>) => Object.fromEntries(Object.entries(record).map(([n, v]) => [n, { type: v.type }]));
  const spec: Omit<ComponentSpec, "id" | "version" | "placeholder" | "usedBy"> = {
    name: nodeKey(step.name),
    command: parts.command,
    code: snapshot.id,
    environment: env.id,
    inputs: io(parts.inputs),
    outputs: io(parts.outputs),
    isDeterministic: step.allowReuse,
    mltableOutputs: parts.mltableOutputs,
  };
  const component = ctx.assets.component(spec, snapshot.sha256, nodeKey(step.name));
  return { kind: "command", ...base(step, parts.deps), component: component.id, inputs: parts.inputs, outputs: parts.outputs };
}

function lowerPython(ctx: LowerContext, step: PythonScriptStepIR): CommandNode {
  const deps = new Set<string>();
  const inputs = bindAll(ctx, step.inputs, deps);
  const outputs = Object.fromEntries(Object.entries(step.outputs).map(([n, o]) => [n, nodeOutput(ctx, o.data)]));
  const words = ["python", step.script, ...step.arguments.map((a) => (a.type === "text" ? a.value : `\${{${a.type}s.${a.name}}}`))];
  const tables = Object.entries(step.outputs)
    .filter(([, o]) => ctx.delimited.has(o.data))
    .sort(([a], [b]) => (a < b ? -1 : 1));
  const command = [joinWords(words), ...tables.map(([n, o]) => mltableCommand(n, ctx.delimited.get(o.data) as DelimitedIR))].join(" && ");
  const codeDir = resolve(dirOf(step.definedAt.file), step.sourceDirectory);
  const node = commandNode(ctx, step, { inputs, outputs, command, codeDir, builtin: false, mltableOutputs: tables.map(([n]) => n), deps });
  return step.timeoutSeconds === undefined ? node : { ...node, timeoutSeconds: step.timeoutSeconds };
}

function lowerRegister(ctx: LowerContext, step: RegisterModelStepIR): CommandNode {
  const deps = new Set<string>();
  const inputs = bindAll(ctx, { model_name: step.modelName, model_path: step.model }, deps);
  const words = ["python", "register_model.py", "--model_name", "${{inputs.model_name}}", "--model_path", "${{inputs.model_path}}"];
  if (step.description !== undefined) words.push("--description", step.description);
  for (const [k, v] of Object.entries(step.tags).sort(([a], [b]) => (a < b ? -1 : 1))) words.push("--tag", `${k}=${v}`);
  return commandNode(ctx, step, { inputs, outputs: {}, command: joinWords(words), codeDir: REGISTER_MODEL_DIR, builtin: true, mltableOutputs: [], deps });
}

function automlSettings(step: AutoMLStepIR): AutoMLNode["automl"] {
  return {
    task: step.task,
    primaryMetric: step.primaryMetric,
    featurization: step.featurization ?? "auto",
    ...(step.nCrossValidations !== undefined ? { nCrossValidations: step.nCrossValidations } : {}),
    limits: {
      enableEarlyTermination: step.enableEarlyStopping,
      maxConcurrentTrials: step.limits.maxConcurrentTrials,
      maxTrials: step.limits.maxTrials,
      timeoutMinutes: step.limits.timeoutMinutes,
      trialTimeoutMinutes: step.limits.trialTimeoutMinutes,
    },
  };
}

function lowerAutoML(ctx: LowerContext, step: AutoMLStepIR): AutoMLNode {
  const deps = new Set<string>();
  const inputs = bindAll(
    ctx,
    {
      training_data: step.trainingData,
      target_column_name: step.labelColumn,
      ...(step.validationData ? { validation_data: step.validationData } : {}),
    },
    deps,
  );
  return {
    kind: "automl",
    ...base(step, deps),
    inputs,
    outputs: { best_model: nodeOutput(ctx, step.outputs.best_model.data) },
    automl: automlSettings(step),
  };
}

/** Per-kind lowering table: a new step kind adds one entry. */
export function lowerStep(ctx: LowerContext, step: StepIR): PlanNode {
  switch (step.kind) {
    case "python":
      return lowerPython(ctx, step);
    case "register":
      return lowerRegister(ctx, step);
    case "automl":
      return lowerAutoML(ctx, step);
  }
}
