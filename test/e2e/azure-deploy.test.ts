import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { AZURITE_KEY, LOG_SAS, useAzureStack } from "../helpers/azure-stack.ts";
import { startUiProcess, uiGet } from "../helpers/ui-process.ts";
import { TITANIC_CSV } from "../helpers/local-sandbox.ts";
import { REPO_ROOT } from "../helpers/run-node.ts";

// The Titanic walkthrough deployed to the emulated workspace: code into Azurite, the job run by
// the emulator with the local engine, outputs fetched back from the blob store and MLflow.
const azure = useAzureStack({ project: "examples/titanic-automl" });
const { box, captured, sluice } = azure;
const PIPELINE = azure.project.file("titanic.pipeline.ts");
const writes = (method: string, kind: string) => azure.stack.requests().filter((r) => r.method === method && r.path.includes(`/${kind}/`));

describe("deploying the Titanic example to an Azure ML workspace (emulator + Azurite)", () => {
  let first: ReturnType<typeof sluice>;
  let jobName = "";
  const download = () => join(box.root, "downloads");

  beforeAll(() => {
    first = sluice(["deploy", PIPELINE, "--yes", "--run-now", "--download", download()]);
    jobName = /run (titanic_automl_\w+):/.exec(first.stdout)?.[1] ?? "";
  }, 240_000);

  it("prints the plan, uploads each code snapshot once, and the job completes", async () => {
    expect(first.stderr).toMatch(/^metrics_output: 1 file\(s\), \d+ bytes\nmodel_output: \d file\(s\), \d+ bytes\n$/);
    expect(first.status).toBe(0);
    const src = ["dataprep.py", "batch_score.py", "split.py"].reduce((n, f) => n + statSync(join(REPO_ROOT, "examples/titanic-automl/src", f)).size, 0);
    expect(first.stdout).toMatch(new RegExp(`code {8}\\+ .*\\(src: upload 3 file\\(s\\), ${src} bytes\\)`));
    expect(first.stdout).toContain('schedule    + titanic-nightly-retrain  (cron "0 2 * * *" UTC)');
    expect(first.stdout).toMatch(/run titanic_automl_\w+ completed/);
    // Both code snapshots, each uploaded once: the example's src/ and the built-in register and deploy scripts.
    const builtin = join(REPO_ROOT, "packages/compiler/builtin/register_model");
    // What a code snapshot holds: the folder's files, recursively, without Python's __pycache__ (an import of the scripts may have left one).
    const files = readdirSync(builtin, { recursive: true, encoding: "utf8" }).filter((f) => !f.split("/").includes("__pycache__"));
    const snapshotBytes = files.map((f) => statSync(join(builtin, f))).reduce((n, st) => n + (st.isFile() ? st.size : 0), src);
    // 2 code versions, 4 components (dataprep, split, register_model, promote), the schedule.
    expect(first.stdout).toContain(`applied: 7 changed, ${snapshotBytes} bytes uploaded`);
    // The job's deploy step ran before the endpoint existed, and said so; deploy created it after the run.
    expect(first.stdout).toContain(
      "promote: kept: titanic-survival/blue not updated: the deployment does not exist yet (sluice deploy creates it with the registered model)",
    );
    expect(writes("PUT", "codes")).toHaveLength(2);
    const state = await azure.stack.state();
    expect(state).toMatchObject({
      codes: 2,
      components: 4,
      environments: 0,
      jobs: [{ name: jobName, status: "Completed" }],
      schedules: [{ name: "titanic-nightly-retrain", enabled: true }],
    });
    const arm = azure.stack.requests().filter((r) => r.path.startsWith("/subscriptions/"));
    expect(arm.length).toBeGreaterThan(10);
    // Job bodies and schedules (which hold one) go as 2024-04-01, the version defining Spark; the rest as 2022-10-01.
    const expected = (r: { method: string; path: string }) =>
      /\/schedules\/[^/]+$/.test(r.path) || (r.method === "PUT" && /\/jobs\/[^/]+$/.test(r.path)) ? "2024-04-01" : "2022-10-01";
    expect(arm.filter((r) => r.apiVersion !== expected(r)).map((r) => `${r.method} ${r.path} ${r.apiVersion}`)).toEqual([]);
  });

  it("shows the Azure run on the run page: its DAG, the AutoML leaderboard and a step's log from run history", async () => {
    const ui = await startUiProcess({ ...box.env, ...azure.stack.env });
    try {
      const list = await uiGet(ui.url, "/");
      expect(list.text).toContain(`/runs/${jobName}`);
      const run = await uiGet(ui.url, `/runs/${jobName}`);
      expect(run.status).toBe(200);
      expect(run.text).toContain(`job ${jobName}`);
      expect((run.text.match(/class="node"/g) ?? []).length).toBe(5);
      expect(run.text).toMatch(/<table class="leaderboard">[\s\S]*(LogisticRegression|RandomForest)/);
      const log = await uiGet(ui.url, `/api/runs/${jobName}/steps/dataprep/log`);
      expect(log.text).toMatch(/^event: log\ndata: .*Wrote prepped data/m);
    } finally {
      ui.process.kill("SIGINT");
    }
  });

  it("downloads metrics that equal the engine's own metrics.json, rebuilt from MLflow run history", () => {
    const ours = JSON.parse(readFileSync(join(download(), "metrics_output", "metrics.json"), "utf8"));
    const runs = join(azure.stack.emulatorDir, "state", "runs");
    const [local] = readdirSync(runs);
    const { warnings, ...engine } = JSON.parse(
      readFileSync(join(runs, local as string, "steps", "automl_classification", "outputs", "metrics", "metrics.json"), "utf8"),
    );
    // The local engine's thin-data warnings are its own; MLflow run history has no such field, so the rebuilt document leaves it out.
    expect(warnings).toEqual([]);
    expect(ours).toEqual(engine);
    expect(ours.iterations.length).toBeGreaterThanOrEqual(2);
    expect(ours.primary_metric).toBe("AUC_weighted");
  });

  it("downloads a best model that loads in Python and scores held-out rows", () => {
    const [header, ...rows] = readFileSync(TITANIC_CSV, "utf8").trimEnd().split("\n");
    const holdout = join(box.root, "holdout.csv");
    writeFileSync(holdout, [header, ...rows.slice(650)].join("\n"));
    const score = spawnSync(
      "/usr/bin/python3",
      [
        join(REPO_ROOT, "test/helpers/evaluate_model.py"),
        join(download(), "model_output"),
        holdout,
        join(REPO_ROOT, "examples/titanic-automl/src/dataprep.py"),
      ],
      { encoding: "utf8" },
    );
    expect(score.stderr).toBe("");
    expect(JSON.parse(score.stdout).auc).toBeGreaterThan(0.75);
  });

  it("downloads a step output by <step>.<output> from the datastore path Azure wrote it to", () => {
    const got = sluice(["outputs", jobName, "dataprep.output_path", "--download", download()]);
    expect(got.status).toBe(0);
    expect(readdirSync(join(download(), "dataprep_output_path")).sort()).toEqual(["MLTable", "prepped_data.csv"]);
  });

  it("lists the model the register step registered in the workspace", () => {
    const models = JSON.parse(sluice(["models", "list", "--azure", "--json"]).stdout);
    expect(models).toEqual([expect.objectContaining({ name: "TitanicSurvivalInitial", version: "1", modelType: "mlflow_model" })]);
  });

  it("deploys the endpoints once the run registered their model, and serves the online one behind its scoring URI", () => {
    expect(first.stdout).toMatch(
      /endpoint {4}… titanic-survival {2}\(model TitanicSurvivalInitial has no version in the workspace yet; deployed once a run registers it\)/,
    );
    expect(first.stdout).toMatch(
      /endpoints, now that the run registered their models:\n {2}endpoint {4}\+ titanic-batch\n {2}deployment {2}\+ titanic-batch\/nightly\n {2}endpoint {4}\+ titanic-survival\n {2}deployment {2}\+ titanic-survival\/blue\n/,
    );
    const deployment = azure.stack.requests().find((r) => r.method === "PUT" && r.path.endsWith("/onlineEndpoints/titanic-survival/deployments/blue"))
      ?.body as {
      properties: { model: string; endpointComputeType: string };
    };
    expect(deployment.properties).toMatchObject({
      endpointComputeType: "Managed",
      model: expect.stringMatching(/\/models\/TitanicSurvivalInitial\/versions\/1$/),
    });
    const request = join(box.root, "request.json");
    writeFileSync(
      request,
      JSON.stringify({
        input_data: {
          columns: ["Pclass", "Sex", "SibSp", "Parch", "Embarked", "Age_Group", "Fare_Group"],
          index: [0, 1],
          data: [
            [3, 0, 1, 0, 0, 1, 0],
            [1, 1, 1, 0, 1, 3, 4],
          ],
        },
      }),
    );
    const scored = sluice(["invoke", PIPELINE, "--data", request]);
    expect(scored.status, scored.stderr).toBe(0);
    expect(JSON.parse(scored.stdout)).toEqual([0, 1]);
    expect(scored.stderr).toBe("scored by deployment blue\n");
    const keys = JSON.parse(sluice(["endpoint", "keys", PIPELINE, "--json"]).stdout);
    expect(Object.keys(keys).sort()).toEqual(["primaryKey", "secondaryKey"]);
  });

  it("re-deploys unchanged: 0 bytes uploaded, no new code, environment, component or schedule versions", async () => {
    const before = await azure.stack.state();
    const requests = azure.stack.requests().length;
    const again = sluice(["deploy", PIPELINE, "--yes", "--json"]);
    expect(again.status).toBe(0);
    const report = JSON.parse(again.stdout);
    expect(report.bytesUploaded).toBe(0);
    expect(report.assets.every((a: { result: string }) => a.result === "unchanged")).toBe(true);
    expect(report.assets.map((a: { kind: string }) => a.kind).sort()).toEqual([
      "code",
      "code",
      "component",
      "component",
      "component",
      "component",
      "deployment",
      "deployment",
      "endpoint",
      "endpoint",
      "environment",
      "schedule",
    ]);
    const later = azure.stack.requests().slice(requests);
    expect(later.filter((r) => r.method !== "GET" && r.method !== "POST")).toEqual([]);
    expect(await azure.stack.state()).toEqual(before);
  });

  it("submits again with Azure reusing the unchanged steps (same componentIds)", async () => {
    const run = sluice(["run", PIPELINE]);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/↺ dataprep reused/);
    expect(run.stdout).toMatch(/↺ AutoML_Classification reused/);
    expect(run.stdout).toMatch(/✓ register_model done/);
    const jobs = azure.stack.requests().filter((r) => r.method === "PUT" && /\/jobs\/[^/]+$/.test(r.path));
    const ids = jobs.map((j) =>
      JSON.stringify((j.body as { properties: { jobs: Record<string, { componentId?: string }> } }).properties.jobs.dataprep?.componentId),
    );
    expect(new Set(ids).size).toBe(1);
    // The same model again: the workspace keeps one version.
    const models = JSON.parse(sluice(["models", "list", "--azure", "--json"]).stdout);
    expect(models.map((m: { name: string; version: string }) => `${m.name}:${m.version}`)).toEqual(["TitanicSurvivalInitial:1"]);
  });

  it("--force sends force_rerun, and every step runs again", () => {
    const run = sluice(["run", PIPELINE, "--force"]);
    expect(run.status).toBe(0);
    expect(run.stdout).not.toContain("reused");
    expect(run.stdout).toMatch(/✓ AutoML_Classification done/);
    const last = azure.stack
      .requests()
      .filter((r) => r.method === "PUT" && /\/jobs\/[^/]+$/.test(r.path))
      .at(-1);
    expect(last).toBeDefined();
    expect((last!.body as { properties: { settings: Record<string, unknown> } }).properties.settings.force_rerun).toBe(true);
  });

  it("never prints the storage key, the bearer token or a SAS signature", () => {
    const all = captured.join("\n");
    expect(all).not.toContain(AZURITE_KEY);
    expect(all).not.toContain(azure.stack.env.SLUICE_ARM_TOKEN as string);
    expect(all).not.toContain(LOG_SAS);
  });

  it("records each code version under the snapshot's whole content hash", () => {
    const bodies = writes("PUT", "codes").map(
      (r) => (r.body as { properties: { properties: { hash_sha256: string; hash_version: string } } }).properties.properties,
    );
    expect(bodies.length).toBeGreaterThan(0);
    for (const b of bodies) expect(b).toEqual({ hash_sha256: expect.stringMatching(/^[0-9a-f]{64}$/), hash_version: "202208" });
  });

  it("sends --param values to Azure", () => {
    const run = sluice(["run", PIPELINE, "--param", "model_name=TitanicOther"]);
    expect(run.status).toBe(0);
    const last = azure.stack
      .requests()
      .filter((r) => r.method === "PUT" && /\/jobs\/[^/]+$/.test(r.path))
      .at(-1);
    expect(last).toBeDefined();
    expect((last!.body as { properties: { inputs: Record<string, { value?: string }> } }).properties.inputs.model_name?.value).toBe("TitanicOther");
  });

  it("deploys a new code and component version when the step's code changes", () => {
    const source = join(azure.project.dir, "src", "dataprep.py");
    const before = readFileSync(source, "utf8");
    writeFileSync(source, `${before}\n# a change\n`);
    try {
      const dry = sluice(["deploy", PIPELINE, "--dry-run", "--json"]);
      expect(dry.status).toBe(0);
      const assets = JSON.parse(dry.stdout).assets as Array<{ kind: string; name: string; result: string }>;
      // New code, so new dataprep and split components (same folder); the schedule's job definition names them, so it is updated too,
      // and so is the batch deployment whose scoring code is the same folder.
      const changed = assets.filter((a) => a.result !== "unchanged").map((a) => `${a.kind} ${a.kind === "code" ? "" : a.name} ${a.result}`.replace("  ", " "));
      expect(changed.sort()).toEqual([
        "code created",
        "component dataprep created",
        "component split created",
        "deployment titanic-batch/nightly updated",
        "schedule titanic-nightly-retrain updated",
      ]);
    } finally {
      writeFileSync(source, before);
    }
  });

  it("has an emulator that refuses a body Azure would refuse", async () => {
    expect(await azure.stack.arm("PUT", "jobs/not_a_job", { properties: { jobType: "Pipeline", jobs: "not an object" } })).toBe(400);
    expect(await azure.stack.arm("PUT", "codes/x/versions/1", { properties: { codeUri: 42 } })).toBe(400);
    // Endpoints: the REST spec (authMode is required) and the references (a model that does not exist).
    expect(await azure.stack.arm("PUT", "onlineEndpoints/bad", { location: "westeurope", properties: {} })).toBe(400);
    const model = "/subscriptions/s/resourceGroups/r/providers/Microsoft.MachineLearningServices/workspaces/w/models/nope/versions/1";
    const deployment = {
      location: "westeurope",
      properties: { endpointComputeType: "Managed", model, instanceType: "Standard_DS3_v2" },
      sku: { name: "Default", capacity: 1 },
    };
    expect(await azure.stack.arm("PUT", "onlineEndpoints/titanic-survival/deployments/green", deployment)).toBe(400);
  });
});
