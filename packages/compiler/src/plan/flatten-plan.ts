import { literalText } from "../lower/values.ts";
import {
  type Binding,
  CONTROL_KINDS,
  type ControlNode,
  type ExecutionPlan,
  type NodeInput,
  type NodeOutput,
  type PipelineComponentSpec,
  type PlanNode,
} from "./execution-plan.ts";

/** Where a pipeline node's outputs really come from once it is expanded: output → inner node and port. */
type OutputSources = Map<string, Map<string, { node: string; output: string }>>;

interface Scope {
  /** Prefix of the node keys and step names of this level (`outer.` / `outer/`). */
  keyPrefix: string;
  stepPrefix: string;
  /** The binding of each of the component's inputs, already in top-level terms (undefined at top level). */
  parent?: Map<string, NodeInput | undefined>;
  sources: OutputSources;
  /** Component output → the pipeline output the caller exposes it as (top-level terms). */
  exposed?: Map<string, NodeOutput>;
}

function defaultInput(c: PipelineComponentSpec, name: string): NodeInput | undefined {
  const input = c.inputs[name];
  if (input?.default === undefined) return undefined;
  return { type: input.type, binding: { kind: "literal", value: literalText(input.default) } };
}

function resolveBinding(b: Binding, scope: Scope): Binding | undefined {
  if (b.kind === "parent-input" && scope.parent) return scope.parent.get(b.name)?.binding;
  if (b.kind !== "node-output") return b;
  const local = `${scope.keyPrefix}${b.node}`;
  const source = scope.sources.get(local)?.get(b.output);
  return source ? { kind: "node-output", ...source } : { ...b, node: local };
}

function resolveInputs(inputs: Record<string, NodeInput>, scope: Scope): Record<string, NodeInput> {
  const out: Record<string, NodeInput> = {};
  for (const [name, input] of Object.entries(inputs)) {
    const binding = resolveBinding(input.binding, scope);
    if (binding) out[name] = { ...input, binding };
  }
  return out;
}

/** Inside a component, an output bound to a component output takes the caller's settings for it. */
function resolveOutputs(outputs: Record<string, NodeOutput>, scope: Scope): Record<string, NodeOutput> {
  if (!scope.parent) return outputs;
  const out: Record<string, NodeOutput> = {};
  for (const [port, o] of Object.entries(outputs)) {
    const { pipelineOutput, ...rest } = o;
    const caller = pipelineOutput === undefined ? undefined : scope.exposed?.get(pipelineOutput);
    out[port] = caller ? { ...caller, type: o.type } : rest;
  }
  return out;
}

/** A control-flow node names nodes of its own level: their keys (and its condition's) in top-level terms. */
function controlIn(node: ControlNode, scope: Scope): ControlNode {
  const key = (k: string) => `${scope.keyPrefix}${k}`;
  const deps = node.dependsOn.map(key);
  if (node.kind === "if_else") {
    const condition = resolveBinding(node.condition, scope) ?? node.condition;
    const upstream = condition.kind === "node-output" ? [condition.node] : [];
    return {
      ...node,
      condition,
      trueBlock: node.trueBlock.map(key),
      falseBlock: node.falseBlock.map(key),
      dependsOn: [...new Set([...deps, ...upstream])].sort(),
    };
  }
  if (node.kind === "do_while") return { ...node, body: key(node.body), dependsOn: deps };
  const items = node.items.kind === "items" ? node.items : (resolveBinding(node.items, scope) ?? node.items);
  return { ...node, body: key(node.body), items, dependsOn: deps };
}

/**
 * A compute bound to a component input, in top-level terms: the name the caller passed, the
 * top-level parameter it passed on, or none when the caller bound it to nothing Azure could resolve.
 */
function resolveCompute(compute: PlanNode["compute"], scope: Scope): PlanNode["compute"] {
  if (typeof compute !== "object" || !scope.parent) return compute;
  const b = scope.parent.get(compute.name)?.binding;
  if (b?.kind === "literal") return b.value;
  return b?.kind === "parent-input" ? { type: "parameter", name: b.name } : undefined;
}

function dependencies(inputs: Record<string, NodeInput>): string[] {
  return [...new Set(Object.values(inputs).flatMap((i) => (i.binding.kind === "node-output" ? [i.binding.node] : [])))].sort();
}

function expand(nodes: PlanNode[], scope: Scope, components: Map<string, PipelineComponentSpec>, into: PlanNode[]): void {
  for (const node of nodes) {
    const key = `${scope.keyPrefix}${node.key}`;
    const inputs = resolveInputs(node.inputs, scope);
    if (node.kind !== "pipeline") {
      const step = `${scope.stepPrefix}${node.step}`;
      const compute = resolveCompute(node.compute, scope);
      const flat = { ...node, key, step, inputs, outputs: resolveOutputs(node.outputs, scope), dependsOn: dependencies(inputs), compute };
      if (compute === undefined) delete flat.compute;
      into.push(CONTROL_KINDS.has(node.kind) ? controlIn(flat as ControlNode, scope) : flat);
      continue;
    }
    const c = components.get(node.component) as PipelineComponentSpec;
    const parent = new Map(Object.keys(c.inputs).map((n) => [n, inputs[n] ?? defaultInput(c, n)]));
    const exposed = new Map(Object.entries(resolveOutputs(node.outputs, scope)).map(([port, o]) => [port, o]));
    const inner: Scope = { keyPrefix: `${key}.`, stepPrefix: `${scope.stepPrefix}${node.step}/`, parent, sources: scope.sources, exposed };
    expand(c.nodes, inner, components, into);
    const sources = new Map<string, { node: string; output: string }>();
    for (const n of c.nodes) {
      for (const [port, o] of Object.entries(n.outputs)) {
        if (o.pipelineOutput === undefined) continue;
        sources.set(o.pipelineOutput, scope.sources.get(`${key}.${n.key}`)?.get(port) ?? { node: `${key}.${n.key}`, output: port });
      }
    }
    scope.sources.set(key, sources);
  }
}

/**
 * The plan with every pipeline-component node replaced by its component's nodes, for a backend
 * that runs nodes one by one (the local one). Inner nodes are keyed `outer.inner` and named
 * `outer/inner`; their inputs are rebound to what the caller passed (or the component's
 * defaults), reads of a component's outputs go to the inner node that writes them, and the
 * caller's output settings move to that node. A plan without pipeline components is returned as is.
 */
export function flattenPlan(plan: ExecutionPlan): ExecutionPlan {
  if (!plan.pipelineComponents?.length) return plan;
  const components = new Map(plan.pipelineComponents.map((c) => [c.id, c]));
  const nodes: PlanNode[] = [];
  const sources: OutputSources = new Map();
  expand(plan.nodes, { keyPrefix: "", stepPrefix: "", sources }, components, nodes);
  const outputs = Object.fromEntries(Object.entries(plan.outputs).map(([name, o]) => [name, { ...o, ...(sources.get(o.node)?.get(o.output) ?? {}) }]));
  const { pipelineComponents: _, ...rest } = plan;
  return { ...rest, nodes, outputs };
}
