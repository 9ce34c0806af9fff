// Sweep figures (printed, never asserted: this machine is shared and noisy).
// 1. The local sweep engine's per-trial overhead: 100 no-op trials at concurrency 2, against a
//    bare `python3 -c pass` launch measured in the same process.
// 2. An unchanged re-run of the Iris sweep example: wall time, and trials executed (should be 0).
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";

const ROOT = join(import.meta.dirname, "..");
const PYTHON = "/usr/bin/python3";
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

function bareLaunch(): number {
  const times = Array.from({ length: 21 }, () => {
    const t = performance.now();
    spawnSync(PYTHON, ["-c", "pass"]);
    return performance.now() - t;
  });
  return median(times);
}

function noopSweep(dir: string, trials: number, concurrency: number): number {
  mkdirSync(join(dir, "code"), { recursive: true });
  writeFileSync(join(dir, "code", "noop.py"), "import mlflow\nmlflow.log_metric('m', 1.0)\n");
  const config = {
    commands: [["python", "noop.py"]],
    cwd: join(dir, "code"),
    search_space: { x: { type: "uniform", min: 0, max: 1 } },
    sampling: { type: "random", seed: 1 },
    objective: { metric: "m", goal: "maximize" },
    limits: { max_total_trials: trials, max_concurrent_trials: concurrency },
    early_termination: null,
    outputs: {},
    trials_dir: join(dir, "step", "trials"),
    cache_dir: join(dir, "cache"),
    fingerprint: `bench-${Date.now()}`,
  };
  mkdirSync(join(dir, "step"), { recursive: true });
  writeFileSync(join(dir, "config.json"), JSON.stringify(config));
  const t = performance.now();
  const run = spawnSync(PYTHON, [join(ROOT, "packages/runtime/python/sweep_engine.py"), join(dir, "config.json")], { encoding: "utf8" });
  if (run.status !== 0) throw new Error(run.stderr);
  return performance.now() - t;
}

function irisRerun(): { ms: number; executed: number } {
  const state = mkdtempSync(join(tmpdir(), "sluice-sweep-bench-"));
  const env = { ...process.env, SLUICE_STATE_DIR: state, SLUICE_CACHE_DIR: join(state, "cache") };
  const cli = [join(ROOT, "packages/runtime/bin/sluice.mjs"), "run", join(ROOT, "examples/iris-sweep/iris.pipeline.ts")];
  const first = spawnSync(process.execPath, cli, { env, encoding: "utf8" });
  if (first.status !== 0) throw new Error(first.stderr);
  const t = performance.now();
  const again = spawnSync(process.execPath, [...cli, "--json"], { env, encoding: "utf8" });
  const ms = performance.now() - t;
  const events = again.stdout
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as { type: string; trial?: { reused: boolean } });
  const executed = events.filter((e) => e.type === "trial-finished" && !e.trial?.reused).length;
  rmSync(state, { recursive: true, force: true });
  return { ms, executed };
}

const dir = mkdtempSync(join(tmpdir(), "sluice-sweep-noop-"));
const bare = bareLaunch();
noopSweep(join(dir, "warm"), 4, 2);
const total = noopSweep(join(dir, "run"), 100, 2);
rmSync(dir, { recursive: true, force: true });
const perTrial = total / 100;
console.log(`bare python3 -c pass launch (median of 21):            ${bare.toFixed(1)} ms`);
console.log(
  `100 no-op trials at concurrency 2:                     ${total.toFixed(0)} ms (${perTrial.toFixed(1)} ms per trial, ${(perTrial / bare).toFixed(2)}× a bare launch; target ≤ 1.5×)`,
);
console.log(
  `  per trial per slot (2 at once):                       ${((total * 2) / 100).toFixed(1)} ms (${((total * 2) / 100 / bare).toFixed(2)}× a bare launch)`,
);
const rerun = irisRerun();
console.log(`unchanged re-run of the Iris sweep (sluice run):        ${rerun.ms.toFixed(0)} ms, ${rerun.executed} trials executed (target < 1 s, 0 trials)`);
