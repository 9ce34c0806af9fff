// The Iris sweep example run locally: trials in parallel with seeded values, a bandit policy,
// the best trial's model registered; an unchanged re-run runs no trial; more trials run only
// the new ones; grid and bayesian sampling; a trial that logs no objective fails with the reason.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { copyProject, sandbox } from "../helpers/local-sandbox.ts";

const project = copyProject("examples/iris-sweep");
const box = sandbox();
afterAll(() => {
  project.cleanup();
  box.cleanup();
});
const FILE = project.file("iris.pipeline.ts");
const source = join(project.dir, "iris.pipeline.ts");
const original = readFileSync(source, "utf8");
const edit = (from: string, to: string) => writeFileSync(source, original.replace(from, to));
type Trial = { id: string; params: Record<string, unknown>; metric: number | null; status: string; reused: boolean };
/** `--json` output: one event per line. */
const jsonEvents = (stdout: string) =>
  stdout
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l));
const sweepOf = (run: { steps: Array<Record<string, unknown>> }) =>
  run.steps.find((s) => s.name === "sweep") as { trials: Trial[]; best: { id: string; metric: number }; reused: boolean };

describe("a sweep run locally", () => {
  let first: ReturnType<typeof box.sluice>;
  beforeAll(() => {
    first = box.sluice(["run", FILE, "--json"]);
  }, 120_000);

  it("runs 8 trials with seeded values, stops laggards with the bandit policy, and keeps the best", () => {
    expect(first.stderr).toBe("");
    expect(first.status).toBe(0);
    const events = jsonEvents(first.stdout);
    const trials = events.filter((e) => e.type === "trial-finished");
    expect(trials).toHaveLength(8);
    expect(trials.at(-1)).toMatchObject({ step: "sweep", done: 8, running: 0, total: 8 });
    const sweep = sweepOf(box.runs()[0] as never);
    expect(sweep.trials.map((t) => t.id)).toEqual(["trial_0", "trial_1", "trial_2", "trial_3", "trial_4", "trial_5", "trial_6", "trial_7"]);
    expect(sweep.trials[0]?.params).toEqual({ boosting: "hist", learning_rate: 0.4006018113793266 });
    expect(sweep.trials.some((t) => t.status === "terminated")).toBe(true);
    const completed = sweep.trials.filter((t) => t.status === "completed").map((t) => t.metric as number);
    expect(sweep.best.metric).toBe(Math.min(...completed));
    const log = readFileSync(join(box.root, "state", "runs", box.runs()[0]?.id as string, "steps", "sweep", "stdout.log"), "utf8");
    expect(log).toMatch(/stopped by the bandit policy at interval \d+/);
    const id = box.runs()[0]?.id as string;
    expect(box.sluice(["logs", id, "sweep", "--trial", "trial_0"]).status).toBe(0);
    const unknown = box.sluice(["logs", id, "sweep", "--trial", "trial_99"]);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/^sluice: sweep 'sweep' has no trial 'trial_99'\n {2}hint: trials: trial_0, trial_1, /);
  });

  it("re-runs unchanged with no trial executed", () => {
    const again = box.sluice(["run", FILE]);
    expect(again.status).toBe(0);
    const sweep = sweepOf(box.runs()[0] as never);
    expect(sweep.reused).toBe(true);
    expect(sweep.trials.every((t) => t.reused)).toBe(true);
  });

  it("runs only the new trials when max total trials is raised", () => {
    edit("maxTotalTrials: 8", "maxTotalTrials: 10");
    const more = box.sluice(["run", FILE]);
    expect(more.status, more.stderr).toBe(0);
    const sweep = sweepOf(box.runs()[0] as never);
    expect(sweep.trials.map((t) => t.reused)).toEqual([true, true, true, true, true, true, true, true, false, false]);
  });

  it("enumerates every combination with grid sampling", () => {
    edit(
      'searchSpace: { learning_rate: uniform(0.01, 0.9), boosting: choice(["gbdt", "hist"]) },',
      'searchSpace: { learning_rate: choice([0.1, 0.3]), boosting: choice(["gbdt", "hist"]) },',
    );
    writeFileSync(source, readFileSync(source, "utf8").replace('sampling: { type: "random", seed: 42 },', 'sampling: "grid",'));
    const grid = box.sluice(["run", FILE]);
    expect(grid.status, grid.stderr).toBe(0);
    const params = sweepOf(box.runs()[0] as never).trials.map((t) => `${t.params.boosting}/${t.params.learning_rate}`);
    expect(params).toEqual(["gbdt/0.1", "gbdt/0.3", "hist/0.1", "hist/0.3"]);
  });

  it("samples with Optuna's TPE for bayesian sampling", () => {
    edit('sampling: { type: "random", seed: 42 },', 'sampling: "bayesian",');
    writeFileSync(source, readFileSync(source, "utf8").replace("maxTotalTrials: 8", "maxTotalTrials: 4"));
    const bayes = box.sluice(["run", FILE]);
    expect(bayes.status, bayes.stderr).toBe(0);
    expect(sweepOf(box.runs()[0] as never).trials).toHaveLength(4);
  });

  it("refuses what Azure would refuse before anything runs: grid over a range, a misspelled input, a wrong distribution", () => {
    edit('sampling: { type: "random", seed: 42 },', 'sampling: "grid",');
    const grid = box.sluice(["check", FILE, "--no-types"]);
    expect(grid.status).toBe(1);
    expect(grid.stderr).toMatch(/SL148 sweep 'sweep' uses grid sampling with a continuous distribution/);
    edit("learning_rate: uniform(0.01, 0.9)", "learning_rat: uniform(0.01, 0.9)");
    const typo = box.sluice(["check", FILE, "--no-types"]);
    expect(typo.stderr).toMatch(/SL148 sweep 'sweep' sweeps 'learning_rat', which component 'train_iris' does not have/);
    edit('boosting: choice(["gbdt", "hist"])', "boosting: uniform(0, 1)");
    const kind = box.sluice(["check", FILE, "--no-types"]);
    expect(kind.stderr).toMatch(/SL148 sweep 'sweep' search space 'boosting' is uniform, which samples numbers, for a string input/);
  });
});

describe("a sweep stopped with Ctrl-C", () => {
  it("stops its trials, keeps the ones that ended in the run record, and a re-run reuses them", async () => {
    edit("maxTotalTrials: 8", "maxTotalTrials: 16");
    const stopped = sandbox();
    const child = stopped.start(FILE);
    await stopped.waitForRunning("sweep");
    const runsDir = join(stopped.env.SLUICE_STATE_DIR, "runs");
    const events = () => {
      const id = readdirSync(runsDir).sort().at(-1) as string;
      const file = join(runsDir, id, "steps", "sweep", "sweep-events.jsonl");
      return existsSync(file) ? readFileSync(file, "utf8") : "";
    };
    for (let i = 0; i < 300 && !/"event": ?"finished"/.test(events()); i++) await new Promise((r) => setTimeout(r, 100));
    const exited = new Promise<number | null>((r) => child.on("exit", (code) => r(code)));
    child.kill("SIGINT");
    expect(await exited).toBe(130);
    const trainers = `train.py .*${stopped.env.SLUICE_STATE_DIR}`;
    expect(spawnSync("pgrep", ["-f", trainers]).status).toBe(1);
    const run = stopped.runs()[0] as never as { status: string; steps: Array<Record<string, unknown>> };
    expect(run.status).toBe("cancelled");
    const kept = sweepOf(run).trials;
    expect(kept.length).toBeGreaterThanOrEqual(1);
    expect(kept.every((t) => t.status !== "running" && t.status !== "queued")).toBe(true);
    const again = stopped.sluice(["run", FILE]);
    expect(again.status, again.stderr).toBe(0);
    const resumed = sweepOf(stopped.runs()[0] as never).trials;
    expect(resumed).toHaveLength(16);
    const done = new Set(kept.filter((t) => t.status === "completed").map((t) => t.id));
    expect(resumed.filter((t) => done.has(t.id)).every((t) => t.reused)).toBe(true);
    stopped.cleanup();
  }, 180_000);
});

describe("a standalone sweep job run locally", () => {
  const JOB = project.file("iris.sweep-job.ts");
  let first: ReturnType<typeof box.sluice>;
  beforeAll(() => {
    first = box.sluice(["run", JOB, "--json"]);
  }, 120_000);

  it("runs its trials as one step and keeps the best trial's model as the job's output", () => {
    expect(first.stderr).toBe("");
    expect(first.status).toBe(0);
    const events = jsonEvents(first.stdout);
    expect(events.filter((e) => e.type === "trial-finished")).toHaveLength(6);
    const run = box.runs()[0] as never as { id: string; pipeline: string; steps: Array<Record<string, unknown>> };
    expect(run.pipeline).toBe("lightgbm-iris-sweep-example");
    const step = run.steps[0] as { name: string; trials: Trial[]; best: { id: string; metric: number } };
    expect(step.name).toBe("trial");
    expect(step.trials).toHaveLength(6);
    expect(step.best.metric).toBe(Math.min(...step.trials.filter((t) => t.status === "completed").map((t) => t.metric as number)));
    const out = join(box.root, "job-model");
    const fetched = box.sluice(["outputs", run.id, "model", "--download", out]);
    expect(fetched.status, fetched.stderr).toBe(0);
    const meta = JSON.parse(readFileSync(join(out, "model", "MLmodel.json"), "utf8"));
    expect(meta.metric.value).toBeCloseTo(step.best.metric, 6);
  });

  it("re-runs unchanged with every trial reused", () => {
    const again = box.sluice(["run", JOB]);
    expect(again.status, again.stderr).toBe(0);
    const step = box.runs()[0]?.steps[0] as never as { reused: boolean };
    expect(step.reused).toBe(true);
  });
});
