// Parallel steps run on this machine as Azure ML runs a parallel job: mini-batches of a folder's
// files (or of a table's partitions) handed to worker processes that each ran the entry script's
// init() once; rows appended in mini-batch order to `appendRowTo`; a failing mini-batch retried,
// then counted against the error thresholds, which decide whether the step fails.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { copyProject, sandbox } from "./helpers/local-sandbox.ts";

const project = copyProject("test/fixtures/parallel");
const box = sandbox();
afterAll(() => {
  project.cleanup();
  box.cleanup();
});

/** The rows file of the newest run's step `step`. */
function rows(step: string, file = "parallel_run_step.txt"): string[] {
  const runs = join(box.env.SLUICE_STATE_DIR, "runs");
  const run = readdirSync(runs).sort().at(-1) ?? "";
  const dir = join(runs, run, "steps", step, "outputs");
  const out = readdirSync(dir)[0] ?? "";
  return readFileSync(join(dir, out, file), "utf8")
    .trim()
    .split("\n");
}

/** The pipeline file with `edit` applied to its source. */
function variant(name: string, edit: (text: string) => string): string {
  writeFileSync(project.file(`${name}.pipeline.ts`), edit(readFileSync(project.file("parallel.pipeline.ts"), "utf8")));
  return project.file(`${name}.pipeline.ts`);
}

describe("a parallel step run locally", () => {
  it("splits files and partitions into mini-batches, and appends the rows in order", () => {
    const r = box.sluice(["run", project.file("parallel.pipeline.ts")]);
    expect(r.status, r.stderr).toBe(0);
    expect(rows("score_files")).toEqual([1, 2, 3, 4, 5, 6, 7].map((i) => `scored,f${i}.txt,item ${i}`));
    expect(rows("sum_partitions")).toEqual(["1,a,3", "1,b,4", "2,a,5", "2,b,13"]);
    const summary = JSON.parse(
      readFileSync(
        join(
          box.env.SLUICE_STATE_DIR,
          "runs",
          readdirSync(join(box.env.SLUICE_STATE_DIR, "runs")).sort().at(-1) ?? "",
          "steps",
          "score_files",
          "parallel.json",
        ),
        "utf8",
      ),
    );
    expect(summary).toMatchObject({ status: "completed", mini_batches: 3, items: 7, failed_items: 0, rows: 7 });
  });

  it("retries a failing mini-batch, then fails the step once failures pass the error threshold", () => {
    const file = variant("failing", (t) =>
      t
        .replace("cmd`--prefix ${inputs.prefix}`", "cmd`--prefix ${inputs.prefix} --fail_on f5.txt`")
        .replace("maxConcurrencyPerInstance: 2,", "maxConcurrencyPerInstance: 2,\n    errorThreshold: 2,"),
    );
    const r = box.sluice(["run", file]);
    expect(r.status).not.toBe(0);
    expect(r.stdout).toContain("parallel job failed: 3 failed item(s), over the error threshold of 2");
    const log = readFileSync(
      join(box.env.SLUICE_STATE_DIR, "runs", readdirSync(join(box.env.SLUICE_STATE_DIR, "runs")).sort().at(-1) ?? "", "steps", "score_files", "stderr.log"),
      "utf8",
    );
    expect(log).toContain("mini-batch 1 failed, retrying: ValueError: cannot score f5.txt");
  });

  it("tolerates the failures within the thresholds (-1: all), writing the rows that succeeded", () => {
    const file = variant("tolerant", (t) => t.replace("cmd`--prefix ${inputs.prefix}`", "cmd`--prefix ${inputs.prefix} --fail_on f5.txt`"));
    const r = box.sluice(["run", file]);
    expect(r.status, r.stderr).toBe(0);
    expect(rows("score_files")).toEqual([1, 2, 3, 7].map((i) => `scored,f${i}.txt,item ${i}`));
  });

  it("fails with the entry script's own error when init() does", () => {
    writeFileSync(project.file("script/broken.py"), "def init():\n    raise RuntimeError('no model here')\n\n\ndef run(batch):\n    return batch\n");
    const file = variant("broken", (t) => t.replace('entryScript: "score_files.py"', 'entryScript: "broken.py"'));
    const r = box.sluice(["run", file]);
    expect(r.status).not.toBe(0);
    expect(r.stdout).toContain("parallel job failed: init failed: RuntimeError: no model here");
  });
});
