import type { Graph } from "@dagrejs/graphlib";
import { findCycles } from "../graph/cycles.ts";
import type { Pass } from "../context.ts";

/** Walks one strongly connected component to an actual cycle, in edge order, from its first step. */
function cyclePath(graph: Graph, component: string[]): number[] {
  const members = new Set(component);
  const start = component.map(Number).sort((a, b) => a - b)[0] as number;
  const path: number[] = [start];
  const seen = new Set<number>([start]);
  let current = start;
  for (;;) {
    const next = (graph.successors(String(current)) ?? [])
      .filter((n) => members.has(n))
      .map(Number)
      .sort((a, b) => a - b);
    if (next.includes(start)) return path;
    const step = next.find((n) => !seen.has(n)) ?? (next[0] as number);
    if (seen.has(step)) return path.slice(path.indexOf(step));
    path.push(step);
    seen.add(step);
    current = step;
  }
}

/** A step that (indirectly) reads its own output can never start. */
export const checkAcyclic: Pass = (ctx) => {
  const graph = ctx.flow.graph;
  for (const component of findCycles(graph)) {
    const cycle = cyclePath(graph, component);
    const names = cycle.map((i) => ctx.ir.steps[i]?.name ?? "?");
    const first = ctx.ir.steps[cycle[0] as number];
    if (!first) continue;
    const described = names.length === 1 ? `step '${names[0]}' reads its own output` : `steps ${[...names, names[0]].join(" → ")} form a cycle`;
    ctx.diagnostics.report("SL101", ctx.at(first), described, "a step cannot depend on its own output: remove one of the data links in the cycle");
  }
};
