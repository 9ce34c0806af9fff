import { existsSync } from "node:fs";
import { join } from "node:path";
import { type ExecutionPlan, flattenPlan } from "@sluice/compiler";
import * as z from "zod";
import { writeFileAtomic } from "../fs/atomic-write.ts";
import { type Checked, readCheckedJson } from "./checked-json.ts";

/** One step of a run as the run page draws it: what it reads (and from where) and writes. */
export interface GraphNode {
  key: string;
  step: string;
  kind: string;
  /** Input name → where its value comes from (`node.output`, a pipeline input, a literal, a path or URI). */
  inputs: Record<string, string>;
  outputs: string[];
}

/** A run's DAG, kept beside its record (`graph.json`) so a run page can draw it after the pipeline file changed. */
export interface RunGraph {
  nodes: GraphNode[];
  edges: Array<{ from: string; to: string; label: string }>;
}

/** The DAG of a plan's steps (pipeline components flattened), by data edges. */
export function runGraph(plan: ExecutionPlan): RunGraph {
  const flat = flattenPlan(plan);
  const edges: RunGraph["edges"] = [];
  const nodes = flat.nodes.map((n): GraphNode => {
    const inputs: Record<string, string> = {};
    for (const [name, input] of Object.entries(n.inputs)) {
      const b = input.binding;
      if (b.kind === "node-output") {
        inputs[name] = `${b.node}.${b.output}`;
        edges.push({ from: b.node, to: n.key, label: b.output });
      } else inputs[name] = b.kind === "parent-input" ? `pipeline input ${b.name}` : b.kind === "literal" ? b.value : b.uri;
    }
    return { key: n.key, step: n.step, kind: n.kind, inputs, outputs: Object.keys(n.outputs).sort() };
  });
  return { nodes, edges };
}

/** Keeps the run's graph in its folder. */
export function saveRunGraph(runDir: string, plan: ExecutionPlan): void {
  writeFileAtomic(join(runDir, "graph.json"), `${JSON.stringify(runGraph(plan), null, 2)}\n`);
}

const RunGraphSchema: z.ZodType<RunGraph> = z.object({
  nodes: z.array(z.object({ key: z.string(), step: z.string(), kind: z.string(), inputs: z.record(z.string(), z.string()), outputs: z.array(z.string()) })),
  edges: z.array(z.object({ from: z.string(), to: z.string(), label: z.string() })),
});

/**
 * The run's graph checked, or undefined when none was kept (runs from before it was, and batch
 * jobs): a damaged one is a problem the run page names while it falls back to the list of steps.
 */
export function checkRunGraph(runDir: string): Checked<RunGraph> | undefined {
  const file = join(runDir, "graph.json");
  return existsSync(file) ? readCheckedJson(file, RunGraphSchema, "a run graph") : undefined;
}

/** The run's graph, if it was kept and can be read (a damaged one reads as none). */
export function readRunGraph(runDir: string): RunGraph | undefined {
  const read = checkRunGraph(runDir);
  return read?.ok ? read.value : undefined;
}
