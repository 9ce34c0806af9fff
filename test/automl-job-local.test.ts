// A standalone AutoML job (`automlJob`) run here as the user runs it: `sluice run` trains with the
// local engine on an MLTable folder given with `dataTable`, records the best model as the job's
// output, and refuses before any step starts a task the local engine does not have.
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { REPO_ROOT, runCli } from "./helpers/run-node.ts";

const work = mkdtempSync(join(REPO_ROOT, "test", ".work-automl-job-"));
// Run records and caches in the work folder, never in the repository's own `.sluice/`.
const env = { SLUICE_STATE_DIR: join(work, ".state"), SLUICE_CACHE_DIR: join(work, ".cache") };
afterAll(() => rmSync(work, { recursive: true, force: true }));
mkdirSync(join(work, "titanic"));
copyFileSync(join(REPO_ROOT, ".shared/data/titanic.csv"), join(work, "titanic", "titanic.csv"));
writeFileSync(join(work, "titanic", "MLTable"), "paths:\n  - file: ./titanic.csv\ntransformations:\n  - read_delimited:\n      delimiter: ','\n");

const job = (task: string, extra = "") => `import { automlJob, dataTable } from "@sluice/dsl";
export default automlJob({
  name: "titanic-${task}",
  task: "${task}",
  trainingData: dataTable("./titanic"),
  labelColumn: "Survived",
  limits: { maxTrials: 2, timeoutMinutes: 5 },
  outputs: { bestModel: {} },${extra}
});
`;

describe("sluice run of an automlJob", () => {
  it("trains here and records the best model as the job's output", { timeout: 180_000 }, () => {
    writeFileSync(join(work, "classify.pipeline.ts"), job("classification", '\n  primaryMetric: "accuracy",'));
    const r = runCli(["run", "classify.pipeline.ts"], { cwd: work, env });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/job: best accuracy 0\.\d{4} \(\w+, iteration \d of 2\)/);
    const model = r.stdout.match(/output best_model: (.*)/)?.[1] as string;
    expect(existsSync(resolve(work, model, "MLmodel"))).toBe(true);
  });

  it("refuses an image task before any step starts: deep models train on Azure", () => {
    writeFileSync(join(work, "images.pipeline.ts"), job("image_classification", "\n  trainingParameters: { numberOfEpochs: 2 },"));
    const r = runCli(["run", "images.pipeline.ts"], { cwd: work, env });
    expect(r.status).toBe(3);
    expect(r.stdout).not.toContain("started");
    expect(r.stderr).toBe(
      "sluice: step 'job' is an AutoML image_classification task, which the local AutoML engine does not support\n  hint: image and text tasks train deep models on GPUs: run this pipeline on Azure ML\n",
    );
  });

  it("refuses forecasting before any step starts, saying why", () => {
    writeFileSync(join(work, "forecast.pipeline.ts"), job("forecasting", '\n  forecasting: { timeColumnName: "Age" },'));
    const r = runCli(["run", "forecast.pipeline.ts"], { cwd: work, env });
    expect(r.status).not.toBe(0);
    expect(r.stdout).not.toContain("started");
    expect(r.status).toBe(3);
    expect(r.stderr).toContain("sluice: step 'job' is an AutoML forecasting task, which the local AutoML engine does not support");
  });
});
