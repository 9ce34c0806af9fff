// Azure ML's early termination policies as the local sweep engine applies them, on hand-made
// metric series (each report of the primary metric is one interval).
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../helpers/run-node.ts";

function stops(policy: Record<string, unknown>, goal: string, series: Record<string, number[]>, trial: string): boolean {
  const code = `import json,sys; sys.path.insert(0, sys.argv[1]); from sweep.policies import should_stop; a=json.loads(sys.argv[2]); print(json.dumps(should_stop(a["policy"], a["goal"], a["series"], a["trial"])))`;
  const run = spawnSync("/usr/bin/python3", ["-c", code, join(REPO_ROOT, "packages/runtime/python"), JSON.stringify({ policy, goal, series, trial })], {
    encoding: "utf8",
  });
  if (run.status !== 0) throw new Error(run.stderr);
  return JSON.parse(run.stdout) as boolean;
}

describe("early termination", () => {
  it("bandit (slack factor): stops a trial whose best is below best / (1 + factor) when maximizing", () => {
    const bandit = { policy: "bandit", slack_factor: 0.2, evaluation_interval: 1, delay_evaluation: 0 };
    // Azure's example: the best run reports 0.8 at the interval, so anything under 0.8 / 1.2 = 0.667 stops.
    expect(stops(bandit, "maximize", { a: [0.8], b: [0.6] }, "b")).toBe(true);
    expect(stops(bandit, "maximize", { a: [0.8], b: [0.7] }, "b")).toBe(false);
    expect(stops(bandit, "minimize", { a: [1.0], b: [1.3] }, "b")).toBe(true);
  });

  it("bandit (slack amount), and only on evaluation intervals after the delay", () => {
    const bandit = { policy: "bandit", slack_amount: 0.1, evaluation_interval: 2, delay_evaluation: 2 };
    expect(stops(bandit, "maximize", { a: [0.9, 0.9], b: [0.5] }, "b")).toBe(false); // interval 1: before the delay
    expect(stops(bandit, "maximize", { a: [0.9, 0.9, 0.9], b: [0.5, 0.7] }, "b")).toBe(true); // interval 2: 0.7 < 0.9 - 0.1
    expect(stops(bandit, "maximize", { a: [0.9, 0.9, 0.9], b: [0.5, 0.7, 0.7] }, "b")).toBe(false); // interval 3: not a multiple of 2
  });

  it("median stopping: stops a trial whose best is worse than the median of the running averages", () => {
    const median = { policy: "median_stopping", evaluation_interval: 1, delay_evaluation: 0 };
    const series = { a: [0.9, 0.9], b: [0.8, 0.8], c: [0.1, 0.2] };
    expect(stops(median, "maximize", series, "c")).toBe(true);
    expect(stops(median, "maximize", series, "b")).toBe(false);
  });

  it("truncation selection: stops the worst share of the trials at the interval", () => {
    const truncation = { policy: "truncation_selection", truncation_percentage: 50, evaluation_interval: 1, delay_evaluation: 0 };
    const series = { a: [0.9], b: [0.8], c: [0.3], d: [0.2] };
    expect(stops(truncation, "maximize", series, "d")).toBe(true);
    expect(stops(truncation, "maximize", series, "c")).toBe(true);
    expect(stops(truncation, "maximize", series, "b")).toBe(false);
    expect(stops(truncation, "minimize", series, "a")).toBe(true);
  });
});
