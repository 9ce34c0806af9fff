// Start-up and compile speed: the installed `sluice` (packed, npm-installed into a project
// outside the repository) beside a bare Node start, and in-process compiles of generated
// chains. Prints figures; never asserts (this machine is shared and noisy).
//   npm run bench
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { outputFileDataset, pipeline, pythonScriptStep, type OutputFileDataset } from "@sluice/dsl";
import { compilePipeline, planJson, restJobJson } from "@sluice/compiler";
import { emitCliYaml } from "@sluice/compiler/yaml";
import { installIntoNewProject } from "../test/helpers/user-project.ts";

const CORPUS = join(import.meta.dirname, "../.shared/corpus/azureml-examples/cli/jobs/pipelines-with-components");
const NYC_YAML = join(CORPUS, "nyc_taxi_data_regression/pipeline.yml");
const E2E_YAML = join(CORPUS, "basics/1a_e2e_local_components/pipeline.yml");

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

/** Wall time of one fresh process, in ms; throws when it fails. */
function timedRun(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): number {
  const start = performance.now();
  const r = spawnSync(command, args, { cwd, env, encoding: "utf8" });
  const ms = performance.now() - start;
  if (r.status !== 0) throw new Error(`${command} ${args.join(" ")} failed: ${r.stdout}${r.stderr}`);
  return ms;
}

/**
 * The installed path, as users run it: Sluice packed and `npm install`ed into a fresh project
 * outside the repository, `sluice init`, then cold processes of the installed `sluice` (Node's
 * compile cache warm, as on every run after the first), interleaved with a bare `node -e ""`
 * so both see the same machine load.
 */
function benchInstalled(): void {
  const user = installIntoNewProject("bench-project");
  const { dir, env } = user;
  const sluice = join(dir, "node_modules/.bin/sluice");
  const must = (r: { status: number | null; all: string }) => {
    if (r.status !== 0) throw new Error(r.all);
  };
  must(user.sh(sluice, ["init", "."]));
  // Registration reusable too, so a second run of the unchanged pipeline only starts, plans and records.
  const file = join(dir, "bench_project.pipeline.ts");
  writeFileSync(file, readFileSync(file, "utf8").replace("modelName });", "modelName, allowReuse: true });"));
  must(user.sh(sluice, ["run", "bench_project.pipeline.ts"]));
  const commands: Array<[string, string, string[]]> = [
    ["sluice compile (the example project)", sluice, ["compile", "bench_project.pipeline.ts", "--out", "build"]],
    ["sluice plan (unchanged pipeline)", sluice, ["plan", "bench_project.pipeline.ts"]],
    ["sluice run (unchanged: every step reused)", sluice, ["run", "bench_project.pipeline.ts"]],
    ["sluice import (corpus: nyc_taxi, 5 components)", sluice, ["import", NYC_YAML, "--out", "nyc.pipeline.ts", "--force"]],
    ["sluice import (corpus: 1a, 3 components)", sluice, ["import", E2E_YAML, "--out", "e2e.pipeline.ts", "--force"]],
    ["sluice --version", sluice, ["--version"]],
    ['node -e ""', process.execPath, ["-e", ""]],
  ];
  for (const [, command, args] of commands) timedRun(command, args, dir, env); // fills Node's compile cache
  const runs = 21;
  const times = commands.map(() => [] as number[]);
  for (let i = 0; i < runs; i++) {
    commands.forEach(([, command, args], k) => {
      times[k]?.push(timedRun(command, args, dir, env));
    });
  }
  const bare = median(times.at(-1) as number[]);
  console.log(`installed 'sluice' (npm install of the packed tarballs into ${relativeToTmp(dir)}), cold process, median of ${runs}:`);
  commands.forEach(([label], k) => {
    const ms = median(times[k] as number[]);
    const extra = k === commands.length - 1 ? "" : `  (${(ms - bare).toFixed(0)} ms over a bare start, ${(ms / bare).toFixed(1)}×)`;
    const target = k === 0 ? "  target ≤ 100 ms" : label.startsWith("sluice import") ? "  target ≤ 300 ms" : "";
    console.log(`  ${label.padEnd(48)} ${ms.toFixed(0).padStart(4)} ms${extra}${target}`);
  });
  rmSync(user.root, { recursive: true, force: true });
}

const relativeToTmp = (path: string) => path.replace(tmpdir(), "$TMPDIR");

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

interface ChainTimes {
  total: number;
  dsl: number;
  compile: number;
  rest: number;
  yaml: number;
  plan: number;
}

/** One chain end to end, timed by phase: DSL build and IR, compile (checks and lowering), each emitter. */
function compileChain(n: number, srcRoot: string): ChainTimes {
  const t0 = performance.now();
  const ir = chain(n, srcRoot).toIR();
  const t1 = performance.now();
  const result = compilePipeline(ir);
  if (!result.ok) throw new Error(JSON.stringify(result.diagnostics.slice(0, 3)));
  const t2 = performance.now();
  restJobJson(result.model, srcRoot);
  const t3 = performance.now();
  emitCliYaml(result.model, srcRoot);
  const t4 = performance.now();
  planJson(result.model, srcRoot);
  const t5 = performance.now();
  return { total: t5 - t0, dsl: t1 - t0, compile: t2 - t1, rest: t3 - t2, yaml: t4 - t3, plan: t5 - t4 };
}

function benchChains(): void {
  const srcRoot = mkdtempSync(join(tmpdir(), "sluice-chain-"));
  mkdirSync(join(srcRoot, "src"));
  writeFileSync(join(srcRoot, "src", "step.py"), "print('step')\n");
  compileChain(200, srcRoot); // warm up the JIT
  const perStep: Record<number, number> = {};
  for (const n of [100, 1000, 5000]) {
    const runs = Array.from({ length: n >= 5000 ? 3 : 7 }, () => compileChain(n, srcRoot));
    const phase = (k: keyof ChainTimes) => median(runs.map((r) => r[k]));
    const ms = phase("total");
    perStep[n] = ms / n;
    const target = n === 1000 ? "; compile target ≤ 200 ms" : "";
    const split = (["dsl", "compile", "rest", "yaml", "plan"] as const).map((k) => `${k} ${phase(k).toFixed(0)}`).join(", ");
    console.log(`chain of ${String(n).padStart(4)} steps: ${ms.toFixed(0).padStart(5)} ms, ${(ms / n).toFixed(3)} ms/step (${split}${target})`);
  }
  const growth = (perStep[5000] as number) / (perStep[100] as number);
  console.log(`  growth: ms/step at 5,000 is ${growth.toFixed(2)}× ms/step at 100 (1.0 = perfectly linear)`);
  rmSync(srcRoot, { recursive: true });
}

benchInstalled();
benchChains();
