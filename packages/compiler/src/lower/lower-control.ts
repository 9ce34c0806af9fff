import type { ControlFlowIR, DoWhileIR, IfElseIR, Literal, ParallelForIR } from "@sluice/dsl/ir";
import { nodeKey } from "../names/azure-names.ts";
import type { DoWhileNode, IfElseNode, NodeOutput, ParallelForNode, PlanNode } from "../plan/execution-plan.ts";
import type { LowerContext } from "./lower-context.ts";

/** Python's `json.dumps` with its defaults (`", "` and `": "` separators, non-ASCII escaped): how the SDK sends items. */
export function pythonJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(pythonJson).join(", ")}]`;
  if (value !== null && typeof value === "object")
    return `{${Object.entries(value)
      .map(([k, v]) => `${pythonJson(k)}: ${pythonJson(v)}`)
      .join(", ")}}`;
  return (JSON.stringify(value) ?? "null").replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

const base = (c: ControlFlowIR, dependsOn: string[]) => {
  const key = nodeKey(c.name);
  return {
    key,
    step: c.name,
    allowReuse: false,
    dependsOn: [...new Set(dependsOn)].sort(),
    inputs: {},
    outputs: {} as Record<string, NodeOutput>,
    ...(key !== c.name ? { displayName: c.name } : {}),
  };
};

function lowerIfElse(ctx: LowerContext, c: IfElseIR): IfElseNode {
  const condition = ctx.bindings.bind(c.condition).binding;
  const trueBlock = c.trueBlock.map(nodeKey);
  const falseBlock = c.falseBlock.map(nodeKey);
  const upstream = condition.kind === "node-output" ? [condition.node] : [];
  return { kind: "if_else", ...base(c, [...trueBlock, ...falseBlock, ...upstream]), condition, trueBlock, falseBlock };
}

function lowerDoWhile(c: DoWhileIR): DoWhileNode {
  const node: DoWhileNode = { kind: "do_while", ...base(c, [nodeKey(c.body)]), body: nodeKey(c.body), condition: c.condition, mapping: c.mapping };
  if (c.maxIterationCount !== undefined) node.maxIterationCount = c.maxIterationCount;
  return node;
}

/** The aggregated outputs: a folder of every round's data, or a value's list as text. */
function lowerParallelFor(ctx: LowerContext, c: ParallelForIR): ParallelForNode {
  const outputs: Record<string, NodeOutput> = {};
  for (const [port, { data }] of Object.entries(c.outputs)) {
    const exposed = ctx.exposed.get(data);
    outputs[port] = { type: ctx.bindings.outputType(data), declared: false, ...(exposed !== undefined ? { pipelineOutput: exposed } : {}) };
  }
  const items =
    "value" in c.items && Array.isArray(c.items.value) ? { kind: "items" as const, json: pythonJson(c.items.value as Record<string, Literal>[]) } : undefined;
  const bound = items ?? ctx.bindings.bind(c.items as Exclude<ParallelForIR["items"], { type: "items" }>).binding;
  const upstream = bound.kind === "node-output" ? [bound.node] : [];
  const node: ParallelForNode = { kind: "parallel_for", ...base(c, [nodeKey(c.body), ...upstream]), body: nodeKey(c.body), items: bound, outputs };
  if (c.maxConcurrency !== undefined) node.maxConcurrency = c.maxConcurrency;
  return node;
}

/** Each control-flow node kind's lowering: a kind missing here is a type error. */
const LOWER: { [K in ControlFlowIR["type"]]: (ctx: LowerContext, c: Extract<ControlFlowIR, { type: K }>) => PlanNode } = {
  if_else: lowerIfElse,
  do_while: (_ctx, c) => lowerDoWhile(c),
  parallel_for: lowerParallelFor,
};

/** A control-flow node as a plan node (lowered after every step, whose outputs it may read). */
export function lowerControl(ctx: LowerContext, c: ControlFlowIR): PlanNode {
  return (LOWER[c.type] as (ctx: LowerContext, c: ControlFlowIR) => PlanNode)(ctx, c);
}
