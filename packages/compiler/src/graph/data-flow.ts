import { Graph } from "@dagrejs/graphlib";
import type { PipelineIR } from "@sluice/dsl/ir";
import { stepReads, stepWrites } from "./step-io.ts";

export interface Endpoint {
  step: number;
  port: string;
}

/**
 * Who writes and who reads each piece of step-produced data, and the step graph it implies
 * (node ids are step indexes, so duplicate names cannot merge nodes).
 */
export interface DataFlow {
  producers: Map<string, Endpoint[]>;
  consumers: Map<string, Endpoint[]>;
  graph: Graph;
}

function push(map: Map<string, Endpoint[]>, key: string, value: Endpoint): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

export function buildDataFlow(ir: PipelineIR): DataFlow {
  const producers = new Map<string, Endpoint[]>();
  const consumers = new Map<string, Endpoint[]>();
  const graph = new Graph({ directed: true });
  ir.steps.forEach((step, index) => {
    graph.setNode(String(index), step.name);
    for (const out of stepWrites(step)) push(producers, out.data, { step: index, port: out.port });
    for (const read of stepReads(step)) {
      if (read.ref.type === "data") push(consumers, read.ref.id, { step: index, port: read.slot });
    }
  });
  addControlFlow(ir, producers, consumers);
  for (const [data, readers] of consumers) {
    for (const writer of producers.get(data) ?? []) {
      for (const reader of readers) {
        const labels = (graph.edge(String(writer.step), String(reader.step)) as string[] | undefined) ?? [];
        graph.setEdge(String(writer.step), String(reader.step), [...labels, data]);
      }
    }
  }
  return { producers, consumers, graph };
}

/**
 * What control-flow nodes add to the data flow, in terms of the steps they govern: the steps of
 * an `ifElse` block read its condition (so they come after the step writing it), a `parallelFor`
 * body writes the loop's aggregated outputs and reads its items.
 */
function addControlFlow(ir: PipelineIR, producers: Map<string, Endpoint[]>, consumers: Map<string, Endpoint[]>): void {
  const index = new Map(ir.steps.map((s, i) => [s.name, i]));
  for (const c of ir.control ?? []) {
    if (c.type === "if_else" && c.condition.type === "data") {
      for (const name of [...c.trueBlock, ...c.falseBlock]) {
        const step = index.get(name);
        if (step !== undefined) push(consumers, c.condition.id, { step, port: `${c.name}.condition` });
      }
    }
    if (c.type !== "parallel_for") continue;
    const body = index.get(c.body);
    if (body === undefined) continue;
    for (const [port, { data }] of Object.entries(c.outputs)) push(producers, data, { step: body, port: `${c.name}.${port}` });
    if (c.items.type === "data") push(consumers, c.items.id, { step: body, port: `${c.name}.items` });
  }
}
