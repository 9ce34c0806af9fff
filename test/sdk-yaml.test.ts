import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { REPO_ROOT, runCli } from "./helpers/run-node.ts";
import { sdkOracle } from "./helpers/oracle.ts";

// The official SDK v2 source from Debian's python3-azure (installed by the bootstrap as root).
const sdk = sdkOracle();
const loadJob = (yaml: string, kind = "job") =>
  spawnSync("/usr/bin/python3", [join(REPO_ROOT, "test/helpers/sdk_load_job.py"), yaml, kind], { encoding: "utf8" });

describe.runIf(sdk)("CLI v2 YAML through the official SDK's load_job", () => {
  const out = mkdtempSync(join(REPO_ROOT, "test", ".sdk-"));
  runCli(["compile", "examples/titanic-automl", "--out", out]);
  const yamlPath = join(out, "titanic_automl.pipeline.yml");
  const ours = JSON.parse(readFileSync(join(out, "titanic_automl.job.json"), "utf8")).properties;
  const loaded = loadJob(yamlPath);
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it("is accepted by the schemas `az ml job create -f` uses", () => {
    expect(loaded.stderr).toBe("");
    expect(loaded.status).toBe(0);
  });

  it("serializes to our REST body, with nothing normalized away but _source and the component ids", () => {
    const theirs = JSON.parse(loaded.stdout).properties;
    const strip = (body: any) => {
      const copy = structuredClone(body);
      delete copy.settings._source;
      for (const node of Object.values<any>(copy.jobs)) {
        delete node._source;
        delete node.componentId;
      }
      return copy;
    };
    expect(strip(theirs)).toEqual(strip(ours));
    expect(theirs.settings).toMatchObject({ _source: "YAML.JOB" });
    expect(theirs.settings.continue_on_step_failure).toBeUndefined();
  });

  it("resolves each component's code path to the right folder", () => {
    const theirs = JSON.parse(loaded.stdout).properties;
    expect(theirs.jobs.dataprep.componentId).toContain(`code: ${join(REPO_ROOT, "examples/titanic-automl/src")}\n`);
    expect(theirs.jobs.register_model.componentId).toContain(`code: ${join(REPO_ROOT, "packages/compiler/builtin/register_model")}\n`);
  });

  it("rejects an unknown key, so acceptance means something", () => {
    const bogus = join(out, "bogus.pipeline.yml");
    writeFileSync(bogus, readFileSync(yamlPath, "utf8").replace("    log_verbosity: info\n", "    log_verbosity: info\n    bogus_key: 1\n"));
    expect(loadJob(bogus).status).not.toBe(0);
  });
});

describe.runIf(sdk)("schedule YAML through the official SDK's load_schedule", () => {
  const out = mkdtempSync(join(REPO_ROOT, "test", ".sdk-"));
  runCli(["compile", "examples/titanic-automl", "--out", out]);
  const base = join(out, "titanic_automl.titanic-nightly-retrain.schedule");
  const ours = JSON.parse(readFileSync(`${base}.json`, "utf8")).properties;
  const loaded = loadJob(`${base}.yml`, "schedule");
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it("is accepted and gives our REST trigger and job definition", () => {
    expect(loaded.stderr).toBe("");
    expect(loaded.status).toBe(0);
    const theirs = JSON.parse(loaded.stdout).properties;
    expect({ ...theirs.trigger, startTime: String(theirs.trigger.startTime).replace(" ", "T") }).toEqual(ours.trigger);
    expect(theirs.action.actionType).toBe("CreateJob");
    expect(Object.keys(theirs.action.jobDefinition.jobs).sort()).toEqual(Object.keys(ours.action.jobDefinition.jobs).sort());
    expect(theirs.action.jobDefinition.inputs).toEqual(ours.action.jobDefinition.inputs);
  });

  it("rejects a recurrence with a bad week day, so acceptance means something", () => {
    const bogus = join(out, "bogus.schedule.yml");
    writeFileSync(
      bogus,
      readFileSync(`${base}.yml`, "utf8")
        .replace("  type: cron\n", "  type: recurrence\n  frequency: week\n  interval: 1\n  schedule: {hours: [1], minutes: [0], week_days: [funday]}\n")
        .replace("  expression: 0 2 * * *\n", ""),
    );
    expect(loadJob(bogus, "schedule").status).not.toBe(0);
  });
});

describe.runIf(sdk)("a standalone sweep job's YAML through the official SDK's load_job", () => {
  const out = mkdtempSync(join(REPO_ROOT, "test", ".sdk-"));
  const compiled = runCli(["compile", "examples/iris-sweep/iris.sweep-job.ts", "--out", out]);
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it("loads as a sweep job and serializes to our REST body, the trial's code and environment aside", () => {
    expect(compiled.status, compiled.stderr).toBe(0);
    const ours = JSON.parse(readFileSync(join(out, "lightgbm-iris-sweep-example.job.json"), "utf8")).properties;
    const loaded = loadJob(join(out, "lightgbm-iris-sweep-example.pipeline.yml"));
    expect(loaded.stderr).toBe("");
    const theirs = JSON.parse(loaded.stdout).properties;
    expect(theirs.jobType).toBe("Sweep");
    const plain = (body: any) => ({ ...body, trial: { ...body.trial, codeId: undefined, environmentId: undefined } });
    expect(plain(theirs)).toEqual(plain(ours));
    // The SDK keeps the path as written, relative to the YAML's folder.
    expect(resolve(out, theirs.trial.codeId)).toBe(join(REPO_ROOT, "examples/iris-sweep/src"));
    expect(theirs.trial.environmentId).toBe("AzureML-sklearn-1.0-ubuntu20.04-py38-cpu:1");
  });
});

describe.runIf(sdk)("endpoint and deployment YAML through the official SDK's loaders", () => {
  const out = mkdtempSync(join(REPO_ROOT, "test", ".sdk-"));
  const compiled = runCli(["compile", "test/fixtures/endpoints/endpoints.pipeline.ts", "--out", out]);
  afterAll(() => rmSync(out, { recursive: true, force: true }));
  const load = (file: string, kind: string) =>
    spawnSync("/usr/bin/python3", [join(REPO_ROOT, "test/helpers/sdk_load_endpoint.py"), join(out, file), kind], { encoding: "utf8" });
  // What the SDK sends before it resolves names to ARM ids, so both sides name things alike.
  const requests = () => {
    const all = JSON.parse(readFileSync(join(out, "titanic_serving.endpoints.json"), "utf8")) as Array<{ path: string; body: any }>;
    const unresolved = (text: string) =>
      text
        .replace(/sluice:workspace-location/g, "westeurope")
        .replace(/sluice:model:([^:"]+):latest/g, "$1@latest")
        .replace(/sluice:model:([^:"]+):(\d+)/g, "$1:$2")
        .replace(/sluice:code:code-[0-9a-f]+/g, "CODE")
        .replace(/sluice:environment:azureml:/g, "")
        .replace(/sluice:compute:/g, "");
    return all.map((r) => ({ path: r.path, body: JSON.parse(unresolved(JSON.stringify(r.body))) }));
  };
  // The Debian SDK serializes with an older REST client: these fields are its own additions or spellings.
  const normalized = (body: any) => {
    const copy = structuredClone(body);
    const p = copy.properties;
    for (const k of ["properties", "environmentVariables", "mirrorTraffic", "privateNetworkConnection"])
      if (JSON.stringify(p[k]) === "{}" || p[k] === false) delete p[k];
    if (p.resources) delete p.resources.properties;
    if (p.codeConfiguration) p.codeConfiguration.codeId = "CODE";
    for (const k of ["loggingLevel", "authMode"]) if (typeof p[k] === "string") p[k] = p[k].toLowerCase();
    if (JSON.stringify(copy.tags) === "{}") delete copy.tags;
    return copy;
  };

  it.each([
    ["titanic_serving.titanic-survival.endpoint.yml", "online-endpoint", "onlineEndpoints/titanic-survival"],
    ["titanic_serving.titanic-survival.blue.deployment.yml", "online-deployment", "onlineEndpoints/titanic-survival/deployments/blue"],
    ["titanic_serving.titanic-survival.green.deployment.yml", "online-deployment", "onlineEndpoints/titanic-survival/deployments/green"],
    ["titanic_serving.titanic-batch.endpoint.yml", "batch-endpoint", "batchEndpoints/titanic-batch"],
    ["titanic_serving.titanic-batch.nightly.deployment.yml", "batch-deployment", "batchEndpoints/titanic-batch/deployments/nightly"],
  ])("%s loads and serializes to our request body", (file, kind, path) => {
    expect(compiled.status, compiled.stderr).toBe(0);
    const loaded = load(file, kind);
    expect(loaded.stderr).toBe("");
    const ours = requests()
      .filter((r) => r.path === path)
      .at(-1)?.body;
    expect(normalized(JSON.parse(loaded.stdout))).toEqual(normalized(ours));
  });

  it("refuses an unknown key, so acceptance means something", () => {
    const file = "titanic_serving.titanic-survival.blue.deployment.yml";
    writeFileSync(join(out, "bogus.yml"), `${readFileSync(join(out, file), "utf8")}bogus_key: 1\n`);
    expect(load("bogus.yml", "online-deployment").status).not.toBe(0);
  });
});
