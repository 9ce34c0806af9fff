import type { PlanDocument } from "@sluice/compiler";
import type { RestNode, RunSpec } from "../run-spec.ts";

/** Where a node input comes from, parsed back from the REST body's `${{...}}` bindings. */
export type LocalBinding = { kind: "parent-input"; name: string } | { kind: "node-output"; node: string; output: string } | { kind: "literal"; value: string };

type Component = PlanDocument["components"][number];
type Snapshot = PlanDocument["codeSnapshots"][number];

interface NodeBase {
  key: string;
  /** The step name users wrote (display name, else the node key). */
  name: string;
  allowReuse: boolean;
  dependsOn: string[];
  rest: RestNode;
  outputs: string[];
}

export interface LocalCommandNode extends NodeBase {
  kind: "command";
  component: Component;
  snapshot: Snapshot;
  inputs: Record<string, LocalBinding>;
  timeoutSeconds?: number;
}

export interface LocalAutoMLNode extends NodeBase {
  kind: "automl";
  trainingData: LocalBinding;
  validationData?: LocalBinding;
  targetColumn: LocalBinding;
}

export type LocalNode = LocalCommandNode | LocalAutoMLNode;

export function parseBinding(value: string): LocalBinding {
  const parent = /^\$\{\{parent\.inputs\.([A-Za-z_]\w*)\}\}$/.exec(value);
  if (parent) return { kind: "parent-input", name: parent[1] as string };
  const job = /^\$\{\{parent\.jobs\.([a-z_][a-z0-9_]*)\.outputs\.([A-Za-z_]\w*)\}\}$/.exec(value);
  if (job) return { kind: "node-output", node: job[1] as string, output: job[2] as string };
  return { kind: "literal", value };
}

function isoSeconds(value: unknown): number | undefined {
  const m = typeof value === "string" ? /^PT(\d+)S$/.exec(value) : null;
  return m ? Number(m[1]) : undefined;
}

/** Reads the nodes to run from a compiled spec, in the plan's (definition) order. */
export function localNodes(spec: RunSpec): LocalNode[] {
  const components = new Map(spec.plan.components.map((c) => [c.placeholder, c]));
  const snapshots = new Map(spec.plan.codeSnapshots.map((s) => [s.id, s]));
  return spec.plan.nodes.map((p): LocalNode => {
    const rest = spec.job.properties.jobs[p.key];
    if (!rest) throw new Error(`the plan's node '${p.key}' is missing from the job body`);
    const base = { key: p.key, name: rest.display_name ?? p.key, allowReuse: p.allowReuse, dependsOn: p.dependsOn, rest };
    if (rest.type === "automl") {
      const node: LocalAutoMLNode = {
        ...base,
        kind: "automl",
        outputs: ["best_model", "metrics"],
        trainingData: parseBinding(rest.training_data ?? ""),
        targetColumn: parseBinding(rest.target_column_name ?? ""),
      };
      if (rest.validation_data) node.validationData = parseBinding(rest.validation_data);
      return node;
    }
    const component = components.get(rest.componentId ?? "");
    const snapshot = component && snapshots.get(component.code);
    if (!component || !snapshot) throw new Error(`node '${p.key}' refers to unknown component '${rest.componentId}'`);
    const inputs = Object.fromEntries(Object.entries(rest.inputs ?? {}).map(([n, i]) => [n, parseBinding(i.value)]));
    const node: LocalCommandNode = { ...base, kind: "command", component, snapshot, inputs, outputs: Object.keys(component.outputs).sort() };
    const timeout = isoSeconds(rest.limits?.timeout);
    if (timeout !== undefined) node.timeoutSeconds = timeout;
    return node;
  });
}
