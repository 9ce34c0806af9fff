import {
  CONTROL_KINDS,
  literalText,
  type AutoMLSettings,
  type Binding,
  type ControlNode,
  type ExecutionPlan,
  type ParallelParts,
  type PlanNode,
  type SparkParts,
} from "@sluice/compiler";
import type { SweepSettingsIR } from "@sluice/dsl/ir";
import type { RunSpec } from "../run-spec.ts";

/** Where a node input comes from: the plan's typed binding. */
export type LocalBinding = Binding;

type Component = ExecutionPlan["components"][number];
type Snapshot = ExecutionPlan["codeSnapshots"][number];

interface NodeBase {
  key: string;
  /** The step name users wrote. */
  name: string;
  allowReuse: boolean;
  dependsOn: string[];
  inputs: Record<string, LocalBinding>;
  outputs: string[];
}

/** The component's value outputs (`output.boolean()`, …): the command writes each into a file, not a folder. */
export function valueOutputsOf(component: Component): string[] {
  return Object.entries(component.outputs)
    .filter(([, o]) => o.type === "string" || o.type === "number" || o.type === "integer" || o.type === "boolean")
    .map(([n]) => n);
}

/** What every node that runs a component's command has: the component, its code, its environment. */
interface CodeNode extends NodeBase {
  component: Component;
  snapshot: Snapshot;
  /** Variables the command sees on top of the run's environment. */
  environmentVariables?: Record<string, string>;
  /** What Azure would spread over machines; a local run refuses it before starting. */
  distributed?: string;
}

export interface LocalCommandNode extends CodeNode {
  kind: "command";
  timeoutSeconds?: number;
  /**
   * Its `uri_file` outputs and the file each is inside its output folder: Azure gives the command
   * a file's path there, so `echo x > ${{outputs.o}}` and `open(path, "w")` work as written.
   */
  fileOutputs?: Record<string, string>;
}

/** The file name a `uri_file` output gets: the last segment of the path it is sent to, when that names a file, else the output's name. */
export function outputFileName(name: string, path: string | undefined): string {
  const last = path?.replace(/\/+$/, "").split("/").at(-1) ?? "";
  return /^[\w.-]+\.[\w-]+$/.test(last) ? last : name;
}

/** A sweep: the component's command is the trial, run once per sampled set of values by the sweep engine. */
export interface LocalSweepNode extends CodeNode {
  kind: "sweep";
  sweep: SweepSettingsIR;
}

/** A Spark job: its PySpark entry run by the project's Python (Spark in local mode), with the job's files and configuration. */
export interface LocalSparkNode extends CodeNode {
  kind: "spark";
  spark: SparkParts;
}

/** A parallel job: the entry script's `init()` and `run(mini_batch)` in worker processes over mini-batches of its data. */
export interface LocalParallelNode extends CodeNode {
  kind: "parallel";
  parallel: ParallelParts;
  /** Azure's machines, each running `maxConcurrencyPerInstance` workers. */
  instances?: number;
}

export interface LocalAutoMLNode extends NodeBase {
  kind: "automl";
  automl: AutoMLSettings;
}

/** The node kinds the local runtime runs; each has its entry in `NODE_RUNTIMES` (node-runtimes.ts). */
export type LocalNode = LocalCommandNode | LocalSweepNode | LocalAutoMLNode | LocalSparkNode | LocalParallelNode;

/** A node that runs a component's own command and code. */
export type LocalCodeNode = LocalCommandNode | LocalSweepNode | LocalSparkNode | LocalParallelNode;

/** Inputs the step leaves out take the component's defaults, as Azure substitutes them (Python's spelling of booleans). */
function withDefaults(inputs: Record<string, LocalBinding>, component: Component, sampled: readonly string[] = []): Record<string, LocalBinding> {
  const out = { ...inputs };
  for (const [name, input] of Object.entries(component.inputs)) {
    if (out[name] !== undefined || input.default === undefined || sampled.includes(name)) continue;
    out[name] = { kind: "literal", value: literalText(input.default) };
  }
  return out;
}

/** A component without code runs its command in an empty folder. */
const NO_CODE: Snapshot = { id: "no-code", path: ".", builtin: false, sha256: "none", bytes: 0, ignoreFile: null, files: [] };

/** A node that runs something itself (a control-flow node only decides when others run). */
function isComponentRun(p: PlanNode): p is Exclude<PlanNode, ControlNode> {
  return !CONTROL_KINDS.has(p.kind);
}

/** The nodes to run, in the plan's (definition) order, joined with their components and code. */
export function localNodes(spec: RunSpec): LocalNode[] {
  const components = new Map(spec.plan.components.map((c) => [c.id, c]));
  const snapshots = new Map(spec.plan.codeSnapshots.map((s) => [s.id, s]));
  return spec.plan.nodes.filter(isComponentRun).map((p): LocalNode => {
    const inputs = Object.fromEntries(Object.entries(p.inputs).map(([n, i]) => [n, i.binding]));
    const base = { key: p.key, name: p.step, allowReuse: p.allowReuse, dependsOn: p.dependsOn, inputs };
    if (p.kind === "automl") return { ...base, kind: "automl", outputs: ["best_model", "metrics"], automl: p.automl };
    if (p.kind === "pipeline") throw new Error(`node '${p.key}' is a pipeline component; expand the plan with flattenPlan first`);
    const component = components.get(p.component);
    const snapshot = component && (component.code === undefined ? NO_CODE : snapshots.get(component.code));
    if (!component || !snapshot) throw new Error(`node '${p.key}' refers to unknown component '${p.component}'`);
    const code = { ...base, component, snapshot, outputs: Object.keys(component.outputs).sort() };
    if (p.kind === "sweep") return { ...code, kind: "sweep", inputs: withDefaults(inputs, component, Object.keys(p.sweep.searchSpace)), sweep: p.sweep };
    if (p.kind === "spark") return { ...code, kind: "spark", inputs: withDefaults(inputs, component), spark: p.spark };
    if (p.kind === "parallel") {
      const node: LocalParallelNode = { ...code, kind: "parallel", inputs: withDefaults(inputs, component), parallel: p.parallel };
      if (p.resources?.instanceCount !== undefined) node.instances = p.resources.instanceCount;
      return node;
    }
    const node: LocalCommandNode = { ...code, kind: "command", inputs: withDefaults(inputs, component) };
    const files = Object.entries(component.outputs).filter(([, o]) => o.type === "uri_file");
    if (files.length > 0) node.fileOutputs = Object.fromEntries(files.map(([n]) => [n, outputFileName(n, p.outputs[n]?.path)]));
    if (p.timeoutSeconds !== undefined) node.timeoutSeconds = p.timeoutSeconds;
    if (p.environmentVariables !== undefined) node.environmentVariables = p.environmentVariables;
    if (p.distribution) node.distributed = `${p.distribution.type} distribution`;
    else if ((p.resources?.instanceCount ?? 1) > 1) node.distributed = `${p.resources?.instanceCount} instances`;
    return node;
  });
}
