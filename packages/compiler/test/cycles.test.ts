import fc from "fast-check";
import { describe, expect, it } from "vitest";

describe("cycle finder", () => {
  it("finds the same cyclic components as graphlib's recursive Tarjan", async () => {
    const { Graph, alg } = await import("@dagrejs/graphlib");
    const { findCycles } = await import("../src/graph/cycles.ts");
    const norm = (cs: string[][]) => cs.map((c) => [...c].sort().join(",")).sort();
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 30 }), fc.array(fc.tuple(fc.nat(29), fc.nat(29)), { maxLength: 60 }), (n, edges) => {
        const g = new Graph({ directed: true });
        for (let i = 0; i < n; i++) g.setNode(String(i));
        for (const [a, b] of edges) g.setEdge(String(a % n), String(b % n));
        expect(norm(findCycles(g))).toEqual(norm(alg.findCycles(g)));
      }),
      { numRuns: 300 },
    );
  });

  it("handles a 20,000-node chain ending in a cycle without exhausting the stack", async () => {
    const { Graph } = await import("@dagrejs/graphlib");
    const { findCycles } = await import("../src/graph/cycles.ts");
    const g = new Graph({ directed: true });
    for (let i = 0; i < 20_000; i++) g.setEdge(String(i), String(i + 1));
    g.setEdge("20000", "19998");
    expect(findCycles(g).map((c) => [...c].sort())).toEqual([["19998", "19999", "20000"]]);
  });
});
