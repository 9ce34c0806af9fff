import type { PipelineIR } from "@sluice/dsl/ir";
import { buildDataFlow } from "../graph/data-flow.ts";
import { stepReads } from "../graph/step-io.ts";
import { nodeKey } from "../names/azure-names.ts";

export type GraphFormat = "mermaid" | "dot";

interface Drawing {
  steps: Array<{ id: string; label: string }>;
  inputs: string[];
  outputs: string[];
  edges: Array<{ from: string; to: string; label: string; order?: true }>;
}

/** The DAG as drawable facts: steps, pipeline inputs/outputs and labelled data edges. */
function describe(ir: PipelineIR): Drawing {
  const flow = buildDataFlow(ir);
  const producer = new Map<string, string>();
  const names = new Map<string, string>();
  for (const [data, writers] of flow.producers) {
    const w = writers[0];
    if (w) producer.set(data, nodeKey(ir.steps[w.step]?.name ?? ""));
    if (w) names.set(data, w.port);
  }
  // A parallelFor's aggregated outputs come from the loop, not from its body.
  for (const c of ir.control ?? []) {
    if (c.type !== "parallel_for") continue;
    for (const [port, { data }] of Object.entries(c.outputs)) {
      producer.set(data, nodeKey(c.name));
      names.set(data, port);
    }
  }
  const edges: Drawing["edges"] = [];
  const usedInputs = new Set<string>();
  for (const step of ir.steps) {
    for (const read of stepReads(step)) {
      const ref = read.ref;
      if (ref.type === "data") edges.push({ from: producer.get(ref.id) ?? `missing_${ref.id}`, to: nodeKey(step.name), label: names.get(ref.id) ?? ref.id });
      else if (ref.type === "input" || ref.type === "parameter") {
        usedInputs.add(ref.name);
        edges.push({ from: `in_${ref.name}`, to: nodeKey(step.name), label: "" });
      }
    }
  }
  // `step.after(other)`: an order, not data, drawn dashed.
  for (const step of ir.steps) for (const name of step.after ?? []) edges.push({ from: nodeKey(name), to: nodeKey(step.name), label: "after", order: true });
  edges.push(...controlEdges(ir, producer));
  for (const [name, { data }] of Object.entries(ir.outputs))
    edges.push({ from: producer.get(data) ?? `missing_${data}`, to: `out_${name}`, label: names.get(data) ?? data });
  return {
    steps: [
      ...ir.steps.map((s) => ({ id: nodeKey(s.name), label: `${s.name} (${s.kind})` })),
      ...(ir.control ?? []).map((c) => ({ id: nodeKey(c.name), label: `${c.name} (${c.type})` })),
    ],
    inputs: [...usedInputs].sort(),
    outputs: Object.keys(ir.outputs).sort(),
    edges,
  };
}

/** What a control-flow node governs, drawn dashed: its condition's producer, its blocks, its body. */
function controlEdges(ir: PipelineIR, producer: Map<string, string>): Drawing["edges"] {
  const edges: Drawing["edges"] = [];
  for (const c of ir.control ?? []) {
    const id = nodeKey(c.name);
    if (c.type !== "if_else") {
      edges.push({ from: id, to: nodeKey(c.body), label: c.type === "do_while" ? "repeats" : "for each", order: true });
      continue;
    }
    if (c.condition.type === "data") edges.push({ from: producer.get(c.condition.id) ?? `missing_${c.condition.id}`, to: id, label: "condition" });
    for (const [blocks, label] of [
      [c.trueBlock, "ifTrue"],
      [c.falseBlock, "ifFalse"],
    ] as const)
      for (const name of blocks) edges.push({ from: id, to: nodeKey(name), label, order: true });
  }
  return edges;
}

function mermaid(d: Drawing): string {
  const lines = ["flowchart TD"];
  for (const i of d.inputs) lines.push(`  in_${i}[/"${i}"/]`);
  for (const s of d.steps) lines.push(`  ${s.id}["${s.label}"]`);
  for (const o of d.outputs) lines.push(`  out_${o}(["${o}"])`);
  for (const e of d.edges)
    lines.push(e.order ? `  ${e.from} -.->|${e.label}| ${e.to}` : e.label ? `  ${e.from} -->|${e.label}| ${e.to}` : `  ${e.from} --> ${e.to}`);
  return `${lines.join("\n")}\n`;
}

function dot(d: Drawing, name: string): string {
  const lines = [`digraph "${name}" {`, "  rankdir=TB;"];
  for (const i of d.inputs) lines.push(`  "in_${i}" [label="${i}", shape=parallelogram];`);
  for (const s of d.steps) lines.push(`  "${s.id}" [label="${s.label}", shape=box];`);
  for (const o of d.outputs) lines.push(`  "out_${o}" [label="${o}", shape=ellipse];`);
  for (const e of d.edges) lines.push(`  "${e.from}" -> "${e.to}"${e.order ? ` [label="${e.label}", style=dashed]` : e.label ? ` [label="${e.label}"]` : ""};`);
  lines.push("}");
  return `${lines.join("\n")}\n`;
}

/** Mermaid or Graphviz text of the pipeline's DAG (drawn from the IR, so broken graphs draw too). */
export function emitGraph(ir: PipelineIR, format: GraphFormat): string {
  const drawing = describe(ir);
  return format === "mermaid" ? mermaid(drawing) : dot(drawing, ir.name);
}
