// A standalone AutoML job (`automlJob`) deployed to the emulated workspace (emulator + Azurite):
// its MLTable folder uploaded and named by URI in the task details, the body sent as jobType
// AutoML with REST enums and ISO durations, the job followed as its one step, its model downloaded.
import { copyFileSync, existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { useAzureStack } from "../helpers/azure-stack.ts";
import { REPO_ROOT } from "../helpers/run-node.ts";

const azure = useAzureStack({ project: "examples/titanic-automl" });
const { box, sluice } = azure;

describe("a standalone AutoML job on an Azure ML workspace", () => {
  let job: ReturnType<typeof sluice>;
  beforeAll(() => {
    const dir = join(REPO_ROOT, azure.project.file("titanic-table"));
    mkdirSync(dir, { recursive: true });
    copyFileSync(join(REPO_ROOT, ".shared/data/titanic.csv"), join(dir, "titanic.csv"));
    writeFileSync(join(dir, "MLTable"), "paths:\n  - file: ./titanic.csv\ntransformations:\n  - read_delimited:\n      delimiter: ','\n");
    writeFileSync(
      join(REPO_ROOT, azure.project.file("titanic.automl-job.ts")),
      `import { automlJob, dataTable } from "@sluice/dsl";
export default automlJob({
  name: "titanic-automl-job",
  experiment: "titanic",
  compute: "cpu-cluster",
  task: "classification",
  trainingData: dataTable("./titanic-table"),
  labelColumn: "Survived",
  primaryMetric: "AUC_weighted",
  featurization: { columnPurposes: { Pclass: "categorical" } },
  limits: { maxTrials: 2, timeoutMinutes: 10 },
  outputs: { bestModel: {} },
});
`,
    );
    job = sluice(["deploy", azure.project.file("titanic.automl-job.ts"), "--yes", "--run-now", "--download", join(box.root, "automl-outputs")]);
  }, 240_000);

  it("sends an AutoML job whose table is the uploaded folder, in REST's names", () => {
    expect(job.status, `${job.stdout}${job.stderr}`).toBe(0);
    const body = azure.stack
      .requests()
      .filter((r) => r.method === "PUT" && r.path.includes("/jobs/"))
      .at(-1)?.body as { properties: Record<string, any> };
    expect(body.properties.jobType).toBe("AutoML");
    expect(body.properties.computeId).toMatch(/\/computes\/cpu-cluster$/);
    const task = body.properties.taskDetails;
    expect(task.taskType).toBe("Classification");
    expect(task.primaryMetric).toBe("AUCWeighted");
    expect(task.limitSettings).toEqual({ maxTrials: 2, timeout: "PT10M" });
    expect(task.featurizationSettings.columnNameAndTypes).toEqual({ Pclass: "Categorical" });
    expect(task.trainingData.jobInputType).toBe("mltable");
    expect(task.trainingData.uri).toMatch(/^azureml:\/\/|^\/subscriptions\//);
    expect(body.properties.outputs).toEqual({ best_model: { jobOutputType: "mlflow_model" } });
  });

  it("follows the job as its one step and downloads the best model", () => {
    expect(job.stdout).toMatch(/run titanic_automl_job_\w+ completed/);
    const run = JSON.parse(sluice(["runs", "--json"]).stdout)[0] as { steps: Array<{ status: string }> };
    expect(run.steps.map((s) => s.status)).toEqual(["completed"]);
    expect(existsSync(join(box.root, "automl-outputs", "best_model", "MLmodel"))).toBe(true);
  });
});
