import {
  IR_VERSION,
  type ComponentInputIR,
  type Literal,
  type ParameterIR,
  type PipelineComponentIR,
  type PipelineIR,
  type PipelineStepIR,
} from "@sluice/dsl/ir";
import type { CompileContext } from "../context.ts";
import { bindAll, nodeBase } from "../lower/command-node.ts";
import type { LowerContext } from "../lower/lower-context.ts";
import { nodeKey } from "../names/azure-names.ts";
import type { PipelineNode } from "../plan/execution-plan.ts";
import { checkComponentInterface, PRIMITIVE } from "./command-checks.ts";
import { componentOutputs, componentReads, componentWrites } from "./command-kind.ts";
import type { StepKind } from "./step-kind.ts";

/** A stand-in default for a primitive input without one (the caller gives the value): only the checks of the body see it. */
function standIn(name: string, input: ComponentInputIR): Literal {
  return input.type === "string" ? name : input.type === "boolean" ? false : (input.min ?? 1);
}

function parameterOf(name: string, input: ComponentInputIR, c: PipelineComponentIR): ParameterIR {
  return { name, type: input.type as ParameterIR["type"], default: input.default ?? standIn(name, input), definedAt: c.definedAt };
}

/**
 * A pipeline component's body as a pipeline: its primitive inputs are the parameters, its data
 * inputs the data inputs (named, with no source: the caller binds them), its outputs the
 * pipeline outputs. Checks and lowering then treat it exactly like a pipeline.
 */
export function subPipelineIR(c: PipelineComponentIR): PipelineIR {
  const entries = Object.entries(c.inputs);
  return {
    irVersion: IR_VERSION,
    name: c.name,
    tags: {},
    definedAt: c.definedAt,
    parameters: entries.filter(([, i]) => PRIMITIVE.has(i.type)).map(([n, i]) => parameterOf(n, i, c)),
    inputs: entries
      .filter(([, i]) => !PRIMITIVE.has(i.type))
      .map(([n, i]) => ({ type: "dataset", name: n, assetName: n, version: "1", assetType: i.type as "uri_folder", definedAt: c.definedAt })),
    data: c.data,
    steps: c.steps,
    ...(c.control ? { control: c.control } : {}),
    outputs: Object.fromEntries(Object.entries(c.outputBindings).map(([n, data]) => [n, { data }])),
  };
}

function lowerPipelineStep(ctx: LowerContext, step: PipelineStepIR): PipelineNode {
  const c = step.component;
  const body = ctx.lowerGraph(subPipelineIR(c));
  const spec = {
    name: c.name,
    named: c.version !== undefined,
    inputs: c.inputs,
    outputs: c.outputs,
    nodes: body.nodes,
    ...(c.displayName !== undefined ? { displayName: c.displayName } : {}),
    ...(c.description !== undefined ? { description: c.description } : {}),
  };
  const component = ctx.assets.pipelineComponent(spec, nodeKey(step.name), c.version);
  const deps = new Set<string>();
  const inputs = bindAll(ctx, step.inputs, deps);
  const node: PipelineNode = { kind: "pipeline", ...nodeBase(step, deps), component: component.id, inputs, outputs: componentOutputs(ctx, step.outputs) };
  if (step.displayName !== undefined) node.displayName = step.displayName;
  return node;
}

/** A pipeline used as a step: its interface is checked like a component's, its body like a pipeline. */
export const PIPELINE_KIND: StepKind<PipelineStepIR> = {
  reads: componentReads,
  writes: componentWrites,
  code: () => undefined,
  environment: () => undefined,
  check: (ctx: CompileContext, step) => {
    checkComponentInterface(ctx, step);
    ctx.checkSub(subPipelineIR(step.component), `${ctx.label}/${step.name}`);
  },
  lower: lowerPipelineStep,
};
