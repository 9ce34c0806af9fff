import { resolve } from "node:path";
import type { CommandStepIR, ComponentInputIR, ParallelStepIR, PipelineStepIR, SparkStepIR, SweepStepIR } from "@sluice/dsl/ir";
import type { CompileContext } from "../context.ts";
import { bindAll, dirOf, nodeBase, nodeOutput } from "../lower/command-node.ts";
import type { LowerContext } from "../lower/lower-context.ts";
import { nodeKey } from "../names/azure-names.ts";
import type { CommandNode, ComponentSpec, NodeOutput } from "../plan/execution-plan.ts";
import type { StepKind, StepRead, StepWrite } from "./step-kind.ts";
import { checkComponentStep, PRIMITIVE } from "./command-checks.ts";

function expects(input: ComponentInputIR | undefined): "string" | "number" | "boolean" | undefined {
  if (!input || !PRIMITIVE.has(input.type)) return undefined;
  return input.type === "integer" ? "number" : (input.type as "string" | "number" | "boolean");
}

/** `azureml:name:version` → version, `azureml:name@label` → the label, a registry URI → its version or label. */
export function referenceVersion(reference: string): string {
  const registry = /\/(?:versions|labels)\/([^/]+)$/.exec(reference);
  if (registry) return registry[1] as string;
  return /[:@]([^:@]+)$/.exec(reference.replace(/^azureml:/, ""))?.[1] ?? "latest";
}

function referenceSpec(step: Pick<CommandStepIR, "component">): Omit<ComponentSpec, "id" | "version" | "placeholder" | "usedBy"> {
  const c = step.component;
  return {
    name: c.name,
    named: true,
    command: "",
    environment: "",
    inputs: c.inputs,
    outputs: c.outputs,
    isDeterministic: true,
    mltableOutputs: [],
    reference: c.reference,
  };
}

export function componentSpec(
  ctx: LowerContext,
  step: Pick<CommandStepIR, "component">,
): { spec: Omit<ComponentSpec, "id" | "version" | "placeholder" | "usedBy">; sha?: string } {
  const c = step.component;
  if (c.reference !== undefined) return { spec: referenceSpec(step) };
  const snapshot = c.code === undefined ? undefined : ctx.assets.snapshot(resolve(dirOf(c.definedAt.file), c.code), false);
  const env = ctx.assets.environment(c.environment, () => dirOf(c.definedAt.file));
  const spec: Omit<ComponentSpec, "id" | "version" | "placeholder" | "usedBy"> = {
    name: c.name,
    named: c.version !== undefined,
    command: c.command,
    environment: env.id,
    inputs: c.inputs,
    outputs: c.outputs,
    isDeterministic: c.isDeterministic ?? true,
    mltableOutputs: [],
  };
  if (snapshot) spec.code = snapshot.id;
  for (const key of ["displayName", "description", "resources", "distribution", "tags"] as const)
    if (c[key] !== undefined) Object.assign(spec, { [key]: c[key] });
  return snapshot ? { spec, sha: snapshot.sha256 } : { spec };
}

/** The node outputs of a component run: exposed ones carry their mode and path on the pipeline output, as the SDK sends them. */
export function componentOutputs(ctx: LowerContext, declared: CommandStepIR["outputs"]): Record<string, NodeOutput> {
  const outputs: Record<string, NodeOutput> = {};
  for (const [port, o] of Object.entries(declared)) {
    const out = nodeOutput(ctx, o.data, o.declared);
    const register = o.name !== undefined ? { register: { name: o.name, ...(o.version !== undefined ? { version: o.version } : {}) } } : {};
    outputs[port] =
      out.pipelineOutput !== undefined
        ? { ...out, ...register }
        : { ...out, ...(o.mode ? { mode: o.mode } : {}), ...(o.path ? { path: o.path } : {}), ...register };
  }
  return outputs;
}

/** What a component run reads: its inputs, typed by the component's declarations. */
export function componentReads(s: CommandStepIR | PipelineStepIR | SweepStepIR | SparkStepIR | ParallelStepIR): StepRead[] {
  return Object.entries(s.inputs).map(([slot, ref]) => ({
    slot,
    ref,
    named: true,
    // A literal is checked against the input's type and constraints at once (SL142), not twice.
    ...(ref.type !== "literal" && expects(s.component.inputs[slot]) ? { expects: expects(s.component.inputs[slot]) } : {}),
  }));
}

/** What a component run writes: its outputs, typed by the component's declarations. */
export function componentWrites(s: CommandStepIR | PipelineStepIR | SweepStepIR | SparkStepIR | ParallelStepIR): StepWrite[] {
  return Object.entries(s.outputs).map(([port, o]) => ({
    port,
    data: o.data,
    type: s.component.outputs[port]?.type ?? "uri_folder",
    declared: false,
    ...(o.mode ? { mode: o.mode } : {}),
    ...(o.path ? { path: o.path } : {}),
  }));
}

function lowerCommand(ctx: LowerContext, step: CommandStepIR): CommandNode {
  const deps = new Set<string>();
  const inputs = bindAll(ctx, step.inputs, deps);
  const outputs = componentOutputs(ctx, step.outputs);
  const { spec, sha } = componentSpec(ctx, step);
  const given = step.component.reference !== undefined ? referenceVersion(step.component.reference) : step.component.version;
  const component = ctx.assets.component(spec, sha, nodeKey(step.name), given);
  const node: CommandNode = { kind: "command", ...nodeBase(step, deps), component: component.id, inputs, outputs };
  for (const key of ["displayName", "resources", "distribution", "timeoutSeconds", "environmentVariables", "services"] as const) {
    if (step[key] !== undefined) (node as Record<string, unknown>)[key] = step[key];
  }
  // A node runs with its component's machines and distribution unless it sets its own, as the SDK sends it.
  for (const key of ["resources", "distribution"] as const) {
    if (step[key] === undefined && step.component[key] !== undefined) (node as Record<string, unknown>)[key] = step.component[key];
  }
  return node;
}

/** A run of a component (inline, named, or loaded from CLI v2 YAML): a command node on Azure and here. */
export const COMMAND_KIND: StepKind<CommandStepIR> = {
  reads: componentReads,
  writes: componentWrites,
  code: (s) =>
    s.component.code === undefined || s.component.reference !== undefined
      ? undefined
      : { dir: resolve(dirOf(s.component.definedAt.file), s.component.code), written: s.component.code, builtin: false },
  environment: (s) => (s.component.reference === undefined ? s.component.environment : undefined),
  check: (ctx: CompileContext, step) => checkComponentStep(ctx, step),
  lower: lowerCommand,
};
