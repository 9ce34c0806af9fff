import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { outputFileDataset, pipeline, pythonScriptStep, type OutputFileDataset } from "@sluice/dsl";
import { compilePipeline, emitPlan, emitRestJob } from "@sluice/compiler";

// Steps are written in a pipeline file next to src/, so path checks pass.
const root = mkdtempSync(join(tmpdir(), "sluice-prop-"));
mkdirSync(join(root, "src"));
writeFileSync(join(root, "src", "step.py"), "print('ok')\n");

/** Builds a pipeline of n steps where step i reads the output of every j in reads[i]. */
function build(n: number, reads: number[][], order: number[]) {
  const outs: OutputFileDataset[] = Array.from({ length: n }, (_, i) => outputFileDataset(`out_${i}`));
  const ir = pipeline({ name: "random", defaultCompute: "cpu-cluster" }, () => {
    for (const i of order) {
      const inputs = (reads[i] ?? []).flatMap((j) => ["--in", outs[j]?.asInput() as never]);
      pythonScriptStep({ name: `s${i}`, sourceDirectory: "./src", script: "step.py", arguments: [...inputs, "--out", outs[i] as OutputFileDataset] });
    }
    return Object.fromEntries(outs.map((o, i) => [`o${i}`, o]));
  }).toIR();
  // The DSL records call sites in this test file; point them at the scratch project instead.
  for (const step of ir.steps) step.definedAt = { ...step.definedAt, file: join(root, "p.pipeline.ts") };
  return ir;
}

/** A random DAG: each node reads a subset of lower-numbered nodes; built in a random order. */
const dag = fc.integer({ min: 1, max: 25 }).chain((n) =>
  fc.record({
    n: fc.constant(n),
    reads: fc.tuple(
      ...Array.from({ length: n }, (_, i) => fc.uniqueArray(fc.integer({ min: 0, max: Math.max(0, i - 1) }), { maxLength: i === 0 ? 0 : Math.min(i, 4) })),
    ),
    order: fc.shuffledSubarray(
      Array.from({ length: n }, (_, i) => i),
      { minLength: n, maxLength: n },
    ),
  }),
);

function restDependencies(body: any): Record<string, string[]> {
  const deps: Record<string, string[]> = {};
  for (const [name, node] of Object.entries<any>(body.properties.jobs)) {
    const found = new Set<string>();
    for (const input of Object.values<any>(node.inputs ?? {})) {
      const m = /^\$\{\{parent\.jobs\.(\w+)\.outputs\.\w+\}\}$/.exec(input.value);
      if (m) found.add(m[1] as string);
    }
    deps[name] = [...found].sort();
  }
  return deps;
}

describe("graph properties", () => {
  it("random DAGs compile and the emitted dependencies equal the input graph", () => {
    fc.assert(
      fc.property(dag, ({ n, reads, order }) => {
        const result = compilePipeline(build(n, reads, order));
        expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
        if (!result.ok) return;
        const expected = Object.fromEntries(reads.map((r, i) => [`s${i}`, [...new Set(r)].map((j) => `s${j}`).sort()]));
        expect(restDependencies(emitRestJob(result.model, root))).toEqual(expected);
        const plan = emitPlan(result.model, root) as { nodes: Array<{ key: string; dependsOn: string[] }> };
        expect(Object.fromEntries(plan.nodes.map((x) => [x.key, x.dependsOn]))).toEqual(expected);
      }),
      { numRuns: 80 },
    );
  });

  it("graphs with a cycle are rejected, naming the steps of a real cycle", () => {
    fc.assert(
      fc.property(dag, fc.integer({ min: 0, max: 24 }), fc.integer({ min: 0, max: 24 }), ({ n, reads, order }, a, b) => {
        const lo = Math.min(a, b) % n;
        const hi = Math.max(a, b) % n;
        // Close a loop: make `lo` read `hi` and `hi` depend on `lo` through a chain of direct reads.
        const withCycle = reads.map((r) => [...r]);
        (withCycle[lo] as number[]).push(hi);
        if (hi !== lo && !(withCycle[hi] as number[]).includes(lo)) (withCycle[hi] as number[]).push(lo);
        const result = compilePipeline(build(n, withCycle, order));
        expect(result.ok).toBe(false);
        const cycles = result.diagnostics.filter((d) => d.code === "SL101");
        expect(cycles.length).toBeGreaterThan(0);
        for (const d of cycles) {
          const names = /steps (.+) form a cycle/.exec(d.message)?.[1]?.split(" → ") ?? [
            /step '(\w+)' reads its own output/.exec(d.message)?.[1] as string,
            /step '(\w+)'/.exec(d.message)?.[1] as string,
          ];
          // Each consecutive pair is a real edge: the later step reads the earlier one's output.
          for (let k = 0; k + 1 < names.length; k++) {
            const from = Number((names[k] as string).slice(1));
            const to = Number((names[k + 1] as string).slice(1));
            expect(withCycle[to]).toContain(from);
          }
        }
      }),
      { numRuns: 80 },
    );
  });
});
