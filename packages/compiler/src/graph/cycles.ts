import type { Graph } from "@dagrejs/graphlib";

/**
 * Strongly connected components that contain a cycle. graphlib's `alg.findCycles` recurses once
 * per node on a path and overflows the stack on long chains (a 5,000-step pipeline), so this
 * first peels acyclic nodes off with Kahn's algorithm (both directions) and then runs an
 * iterative Tarjan on whatever is left, which is only the cycles and the paths between them.
 */
export function findCycles(graph: Graph): string[][] {
  const left = new Set(graph.nodes());
  peel(
    left,
    (n) => graph.predecessors(n) ?? [],
    (n) => graph.successors(n) ?? [],
  );
  peel(
    left,
    (n) => graph.successors(n) ?? [],
    (n) => graph.predecessors(n) ?? [],
  );
  if (left.size === 0) return [];
  return tarjan(graph, left).filter((c) => c.length > 1 || graph.hasEdge(c[0] as string, c[0] as string));
}

/** Repeatedly removes nodes with no remaining incoming edges (per `incoming`). */
function peel(left: Set<string>, incoming: (n: string) => string[], outgoing: (n: string) => string[]): void {
  const degree = new Map<string, number>();
  const ready: string[] = [];
  for (const n of left) {
    const d = incoming(n).filter((m) => left.has(m)).length;
    degree.set(n, d);
    if (d === 0) ready.push(n);
  }
  while (ready.length > 0) {
    const n = ready.pop() as string;
    left.delete(n);
    for (const m of outgoing(n)) {
      if (!left.has(m)) continue;
      const d = (degree.get(m) ?? 0) - 1;
      degree.set(m, d);
      if (d === 0) ready.push(m);
    }
  }
}

function tarjan(graph: Graph, nodes: Set<string>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  let counter = 0;
  for (const root of nodes) {
    if (index.has(root)) continue;
    const work: Array<{ node: string; next: number; succ: string[] }> = [];
    const enter = (node: string) => {
      index.set(node, counter);
      low.set(node, counter++);
      stack.push(node);
      onStack.add(node);
      work.push({ node, next: 0, succ: (graph.successors(node) ?? []).filter((s) => nodes.has(s)) });
    };
    enter(root);
    while (work.length > 0) {
      const frame = work[work.length - 1] as (typeof work)[number];
      if (frame.next < frame.succ.length) {
        const s = frame.succ[frame.next++] as string;
        if (!index.has(s)) enter(s);
        else if (onStack.has(s)) low.set(frame.node, Math.min(low.get(frame.node) as number, index.get(s) as number));
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.node, Math.min(low.get(parent.node) as number, low.get(frame.node) as number));
      if (low.get(frame.node) === index.get(frame.node)) {
        const component: string[] = [];
        let n: string;
        do {
          n = stack.pop() as string;
          onStack.delete(n);
          component.push(n);
        } while (n !== frame.node);
        components.push(component);
      }
    }
  }
  return components;
}
