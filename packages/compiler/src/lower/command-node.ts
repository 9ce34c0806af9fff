import { resolve } from "node:path";
import type { EnvironmentIR, StepIR, ValueRef } from "@sluice/dsl/ir";
import { nodeKey } from "../names/azure-names.ts";
import type { CommandNode, ComponentSpec, NodeInput, NodeOutput } from "../plan/execution-plan.ts";
import type { LowerContext } from "./lower-context.ts";

/** The fields every plan node has, from its step and the nodes it reads from. */
export function nodeBase(step: StepIR, deps: Set<string>) {
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

/** Binds each port's reference, collecting the nodes read from into `deps`. */
export function bindAll(ctx: LowerContext, refs: Record<string, ValueRef>, deps: Set<string>): Record<string, NodeInput> {
  const inputs: Record<string, NodeInput> = {};
  for (const [name, ref] of Object.entries(refs)) {
    const bound = ctx.bindings.bind(ref);
    if (bound.binding.kind === "node-output") deps.add(bound.binding.node);
    inputs[name] = bound;
  }
  return inputs;
}

/** A node output; `declared` ones are listed at the node in the job body, as their author wrote them. */
export function nodeOutput(ctx: LowerContext, data: string, declared = true): NodeOutput {
  const exposed = ctx.exposed.get(data);
  const out: NodeOutput = { type: ctx.bindings.outputType(data), declared };
  return exposed === undefined ? out : { ...out, pipelineOutput: exposed };
}

export function dirOf(file: string): string {
  return resolve(file, "..");
}

/** Relative conda files resolve against the file that called `environment()`. */
function envDir(env: EnvironmentIR, fallback: string): string {
  return env.type === "image" || env.type === "build" ? dirOf(env.definedAt.file) : fallback;
}

export interface CommandParts {
  inputs: Record<string, NodeInput>;
  outputs: Record<string, NodeOutput>;
  command: string;
  codeDir: string;
  builtin: boolean;
  environment: EnvironmentIR | undefined;
  mltableOutputs: string[];
  deps: Set<string>;
}

/** A command node running an anonymous component built from its code, environment and command. */
export function commandNode(ctx: LowerContext, step: StepIR, parts: CommandParts): CommandNode {
  const snapshot = ctx.assets.snapshot(parts.codeDir, parts.builtin);
  const env = ctx.assets.environment(parts.environment, (e) => envDir(e, dirOf(step.definedAt.file)));
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
    named: false,
  };
  const component = ctx.assets.component(spec, snapshot.sha256, nodeKey(step.name));
  return { kind: "command", ...nodeBase(step, parts.deps), component: component.id, inputs: parts.inputs, outputs: parts.outputs };
}
