// `sluice invoke --batch` as a user runs it: a batch deployment's job on this machine — the
// Titanic example scores titanic.csv (891 predictions), a folder is cut into mini-batches scored
// in parallel, failing and hanging mini-batches are retried, counted and reported, the error
// threshold fails a job, and `sluice cancel` stops one.
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sandbox, TITANIC_CSV } from "../helpers/local-sandbox.ts";
import { REPO_ROOT } from "../helpers/run-node.ts";

const box = sandbox();
const TITANIC = "examples/titanic-automl/titanic.pipeline.ts";
const SERVING = "test/fixtures/serving/serving.pipeline.ts";
afterAll(() => box.cleanup());

type Run = { id: string; pipeline: string; status: string; steps: Array<{ name: string; status: string; batch?: Record<string, number> }> };
const latest = () => box.runs()[0] as unknown as Run;
const predictions = (id: string) =>
  readFileSync(join(box.env.SLUICE_STATE_DIR, "runs", id, "steps", "score", "outputs", "predictions", "predictions.csv"), "utf8");

/** titanic.csv cut into `parts` CSV files, each with the header. */
function splitTitanic(dir: string, parts: number): void {
  const [header, ...rows] = readFileSync(TITANIC_CSV, "utf8").trim().split("\n");
  mkdirSync(dir, { recursive: true });
  const size = Math.ceil(rows.length / parts);
  for (let i = 0; i < parts; i++) writeFileSync(join(dir, `part-${i}.csv`), `${[header, ...rows.slice(i * size, (i + 1) * size)].join("\n")}\n`);
}

beforeAll(() => {
  for (const file of [TITANIC, SERVING]) {
    const r = box.sluice(["run", file]);
    expect(r.status, r.stderr).toBe(0);
  }
}, 180_000);

describe("the Titanic example's batch endpoint", () => {
  it("scores titanic.csv: 891 predictions in the job's output folder, the job recorded as a run", () => {
    const r = box.sluice(["invoke", TITANIC, "--endpoint", "titanic-batch", "--batch", TITANIC_CSV]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain("1/1 mini-batches of 1 file(s) scored, 0 failed; 891 prediction row(s)");
    const run = latest();
    expect(run).toMatchObject({ pipeline: "titanic-batch/nightly", status: "completed" });
    expect(run.steps[0]?.batch).toEqual({ miniBatches: 1, completed: 1, failed: 0, files: 1, failedFiles: 0, rows: 891 });
    const lines = predictions(run.id).trim().split("\n");
    expect(lines).toHaveLength(891);
    expect(lines.every((l) => /^\d+,[01]$/.test(l))).toBe(true);
    const out = join(box.root, "fetched");
    expect(box.sluice(["outputs", run.id, "predictions", "--download", out]).status).toBe(0);
    expect(
      readFileSync(join(out, "predictions", "predictions.csv"), "utf8")
        .trim()
        .split("\n"),
    ).toHaveLength(891);
  });

  it("cuts a folder into mini-batches scored in parallel, written in file order", () => {
    const dir = join(box.root, "passengers");
    splitTitanic(dir, 9);
    const r = box.sluice(["invoke", TITANIC, "--endpoint", "titanic-batch", "--batch", dir, "--json"]);
    expect(r.status, r.stderr).toBe(0);
    expect(latest().steps[0]?.batch).toMatchObject({ miniBatches: 5, completed: 5, files: 9, rows: 891 });
    const ids = predictions(latest().id)
      .trim()
      .split("\n")
      .map((l) => Number(l.split(",")[0]));
    expect(ids).toEqual(Array.from({ length: 891 }, (_, i) => i + 1));
  });
});

describe("batch jobs that go wrong", () => {
  const iris = readFileSync(join(REPO_ROOT, ".shared/data/iris.csv"), "utf8");

  it("a failing file is retried, then counted; over the error threshold the job fails with the reason", () => {
    const dir = join(box.root, "strict");
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "a.csv"), iris);
    writeFileSync(join(dir, "b.csv"), "x,y\n1,2\n");
    const r = box.sluice(["invoke", SERVING, "--endpoint", "iris-batch", "--deployment", "strict", "--batch", dir]);
    expect(r.status).toBe(1);
    const run = latest();
    expect(run.status).toBe("failed");
    expect(run.steps[0]?.batch).toMatchObject({ failed: 1, failedFiles: 1 });
    expect(r.stderr + r.stdout).toContain("1 failed file(s), over the error threshold of 0");
    const events = readFileSync(join(box.env.SLUICE_STATE_DIR, "runs", run.id, "steps", "score", "batch-events.jsonl"), "utf8");
    expect(events).toMatch(/"event": "retrying"/);
    expect(events).toMatch(/b\.csv lacks the model's columns: sepal_length/);
  });

  it("a hanging mini-batch times out and is counted, the others are written; the job completes under the default threshold", () => {
    const dir = join(box.root, "flaky");
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "a.csv"), iris);
    writeFileSync(join(dir, "b-sleep.csv"), iris);
    writeFileSync(join(dir, "c-bad.csv"), iris);
    const started = Date.now();
    const r = box.sluice(["invoke", SERVING, "--endpoint", "iris-batch", "--deployment", "flaky", "--batch", dir]);
    expect(r.status, r.stderr).toBe(0);
    expect(Date.now() - started).toBeLessThan(60_000);
    expect(latest().steps[0]?.batch).toEqual({ miniBatches: 3, completed: 1, failed: 2, files: 3, failedFiles: 2, rows: 1 });
    expect(predictions(latest().id)).toBe("a.csv,150\n");
  }, 90_000);

  it("sluice cancel stops a running job and its processes", async () => {
    const dir = join(box.root, "sleepy");
    mkdirSync(dir, { recursive: true });
    for (const n of ["1", "2", "3"]) writeFileSync(join(dir, `${n}-sleep.csv`), iris);
    const child = spawn(
      process.execPath,
      [
        "--disable-warning=ExperimentalWarning",
        "packages/runtime/src/cli/main.ts",
        "invoke",
        SERVING,
        "--endpoint",
        "iris-batch",
        "--deployment",
        "flaky",
        "--batch",
        dir,
      ],
      { cwd: REPO_ROOT, env: { ...process.env, ...box.env }, stdio: "ignore" },
    );
    await box.waitForRunning("score");
    const exited = new Promise<number | null>((r) => child.on("exit", (code) => r(code)));
    const cancel = box.sluice(["cancel", "latest"]);
    expect(cancel.status, cancel.stderr).toBe(0);
    expect(await exited).toBe(130);
    expect(latest().status).toBe("cancelled");
    expect(spawnSync("pgrep", ["-f", `batch_scoring.py ${box.env.SLUICE_STATE_DIR}`]).status).toBe(1);
  }, 60_000);
});
