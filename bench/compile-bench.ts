// Compile speed: a cold `sluice compile` of the example, and in-process compiles of generated
// chains. Prints figures; never asserts (this machine is shared and noisy).
//   npm run bench
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { outputFileDataset, pipeline, pythonScriptStep, type OutputFileDataset } from "@sluice/dsl";
import { compilePipeline, emitCliYaml, planJson, restJobJson } from "@sluice/compiler";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

function coldRuns(args: string[], runs: number): number[] {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    const r = spawnSync(process.execPath, args, { cwd: ROOT, encoding: "utf8" });
    times.push(performance.now() - start);
    if (r.status !== 0) throw new Error(`${args.join(" ")} failed: ${r.stderr}`);
  }
  return times;
}

/** Alternates the two commands so both see the same machine load; returns both medians. */
function interleaved(a: string[], b: string[], runs: number): [number, number] {
  const ta: number[] = [];
  const tb: number[] = [];
  for (let i = 0; i < runs; i++) {
    ta.push(...coldRuns(a, 1));
    tb.push(...coldRuns(b, 1));
  }
  return [median(ta), median(tb)];
}

function benchCold(): void {
  const out = mkdtempSync(join(tmpdir(), "sluice-bench-"));
  const cache = mkdtempSync(join(tmpdir(), "sluice-ncc-"));
  const runs = 15;
  const args = ["--disable-warning=ExperimentalWarning", "packages/runtime/src/cli/main.ts", "compile", "examples/titanic-automl", "--out", out];
  process.env.NODE_COMPILE_CACHE = cache;
  const [first] = coldRuns(args, 1);
  const [warm, bare] = interleaved(args, ["-e", ""], runs);
  delete process.env.NODE_COMPILE_CACHE;
  process.env.SLUICE_NO_COMPILE_CACHE = "1";
  process.env.SLUICE_FROM_SOURCE = "1";
  const [uncached] = interleaved(args, ["-e", ""], 5);
  delete process.env.SLUICE_NO_COMPILE_CACHE;
  delete process.env.SLUICE_FROM_SOURCE;
  rmSync(out, { recursive: true });
  rmSync(cache, { recursive: true });
  console.log(`cold process 'sluice compile examples/titanic-automl' (no type-check), median of ${runs}:`);
  console.log(`  ${warm.toFixed(0)} ms (bundled CLI, Node's compile cache warm: every run after the first; target ≤ 150 ms)`);
  console.log(`  ${(first ?? 0).toFixed(0)} ms the very first run (empty compile cache); ${uncached.toFixed(0)} ms from sources without any cache`);
  console.log(`  bare 'node -e ""' interleaved with it: ${bare.toFixed(0)} ms → Sluice's own start-up and work: ${(warm - bare).toFixed(0)} ms (${(warm / bare).toFixed(1)}× a bare start)`);
}

function chain(n: number, srcRoot: string) {
  return pipeline({ name: `chain_${n}`, defaultCompute: "cpu-cluster" }, () => {
    let previous: OutputFileDataset | undefined;
    for (let i = 0; i < n; i++) {
      const out = outputFileDataset(`out_${i}`);
      const args = previous ? ["--in", previous.asInput(), "--out", out] : ["--out", out];
      pythonScriptStep({ name: `step_${i}`, sourceDirectory: join(srcRoot, "src"), script: "step.py", arguments: args });
      previous = out;
    }
    if (previous) return { last: previous };
  });
}

function compileChain(n: number, srcRoot: string): number {
  const start = performance.now();
  const ir = chain(n, srcRoot).toIR();
  const result = compilePipeline(ir);
  if (!result.ok) throw new Error(JSON.stringify(result.diagnostics.slice(0, 3)));
  restJobJson(result.model, srcRoot);
  emitCliYaml(result.model, srcRoot);
  planJson(result.model, srcRoot);
  return performance.now() - start;
}

function benchChains(): void {
  const srcRoot = mkdtempSync(join(tmpdir(), "sluice-chain-"));
  mkdirSync(join(srcRoot, "src"));
  writeFileSync(join(srcRoot, "src", "step.py"), "print('step')\n");
  compileChain(200, srcRoot); // warm up the JIT
  const perStep: Record<number, number> = {};
  for (const n of [100, 1000, 5000]) {
    const ms = median(Array.from({ length: n >= 5000 ? 3 : 5 }, () => compileChain(n, srcRoot)));
    perStep[n] = ms / n;
    const target = n === 1000 ? " (target ≤ 500 ms)" : "";
    console.log(`chain of ${String(n).padStart(4)} steps: ${ms.toFixed(0).padStart(5)} ms, ${(ms / n).toFixed(3)} ms/step${target}`);
  }
  const growth = (perStep[5000] as number) / (perStep[100] as number);
  console.log(`  growth: ms/step at 5,000 is ${growth.toFixed(2)}× ms/step at 100 (1.0 = perfectly linear)`);
  rmSync(srcRoot, { recursive: true });
}

benchCold();
benchChains();
