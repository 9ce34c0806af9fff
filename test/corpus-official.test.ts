// The official azureml-examples CLI v2 pipelines (../shared/corpus), each written by hand in
// Sluice under test/corpus/official/<example>/. Compiled in this process, with paths relative
// to the example's own folder (where its YAML is), the REST body must equal the official SDK's
// serialization of the example's pipeline.yml on every field: only the component ids (which
// the SDK fills with the component's YAML, Sluice with a placeholder) and `_source` differ.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parse } from "yaml";
import { afterAll, describe, expect, it } from "vitest";
import { compilePipeline, formatDiagnostics, pipelineComponentSpec, restJobJson, stableStringify, type ExecutionPlan } from "@sluice/compiler";
import { loadPipelines } from "@sluice/runtime";
import { REPO_ROOT, runCli } from "./helpers/run-node.ts";
import { corpusPresent, sdkOracle } from "./helpers/oracle.ts";
import { componentView, type Json, sdkView, strip } from "./helpers/sdk-compare.ts";

const OFFICIAL = join(REPO_ROOT, "test/corpus/official");
const EXAMPLES = join(REPO_ROOT, ".shared/corpus/azureml-examples/cli/jobs/pipelines-with-components");
const sdk = sdkOracle();
const examplesHere = corpusPresent(EXAMPLES);

/** Where each hand-written version's official YAML lives. */
const SOURCES: Record<string, string> = {
  "1a_e2e_local_components": "basics/1a_e2e_local_components/pipeline.yml",
  "2a_basic_component": "basics/2a_basic_component/pipeline.yml",
  "2b_component_with_input_output": "basics/2b_component_with_input_output/pipeline.yml",
  "3b_pipeline_with_data": "basics/3b_pipeline_with_data/pipeline.yml",
  "4a_local_data_input": "basics/4a_local_data_input/pipeline.yml",
  "4b_datastore_datapath_uri": "basics/4b_datastore_datapath_uri/pipeline.yml",
  "4c_web_url_input": "basics/4c_web_url_input/pipeline.yml",
  "4d_data_input": "basics/4d_data_input/pipeline.yml",
  "5a_env_public_docker_image": "basics/5a_env_public_docker_image/pipeline.yml",
  "5b_env_registered": "basics/5b_env_registered/pipeline.yml",
  "5c_env_conda_file": "basics/5c_env_conda_file/pipeline.yml",
  nyc_taxi_data_regression: "nyc_taxi_data_regression/pipeline.yml",
  nyc_taxi_data_regression_single_job: "nyc_taxi_data_regression/single-job-pipeline.yml",
  pipeline_with_pipeline_component: "pipeline_with_pipeline_component/pipeline_with_train_eval_pipeline_component/pipeline.yml",
};

/** Compiles a pipeline file in process and compares it with the SDK's serialization of `yaml`. */
async function expectSdkEqual(pipelineFile: string, yaml: string): Promise<void> {
  const loaded = await loadPipelines(pipelineFile);
  expect(loaded.diagnostics).toEqual([]);
  const result = compilePipeline(loaded.pipelines[0]?.ir);
  if (!result.ok) throw new Error(formatDiagnostics(result.diagnostics, REPO_ROOT));
  const ours = JSON.parse(restJobJson(result.model, join(yaml, ".."))).properties;
  const theirs = spawnSync("/usr/bin/python3", [join(REPO_ROOT, "test/helpers/sdk_load_job.py"), yaml, "job"], { encoding: "utf8" });
  expect(theirs.stderr).toBe("");
  const body = JSON.parse(theirs.stdout).properties;
  expect(strip(ours)).toEqual(strip(body));
  const jobs = parse(readFileSync(yaml, "utf8")).jobs;
  expectComponentsEqual(result.model, result.model.nodes, body.jobs, (key) => join(yaml, "..", jobs[key].component), join(yaml, ".."));
}

/** Each node's component equals the SDK's: command components by their view, pipeline components by their REST body, recursively. */
function expectComponentsEqual(plan: ExecutionPlan, nodes: ExecutionPlan["nodes"], sdkJobs: Json, file: (key: string) => string, dir: string): void {
  for (const node of nodes) {
    const reference = node.kind === "command" ? plan.components.find((c) => c.id === node.component)?.reference : undefined;
    // A registered component is sent by reference (the SDK drops `azureml:` before a workspace name).
    if (reference !== undefined) expect(sdkJobs[node.key].componentId).toBe(reference.replace(/^azureml:(?!\/\/)/, ""));
    else if (node.kind === "command") expect(componentView(plan, node.component, dir)).toEqual(sdkView(parse(sdkJobs[node.key].componentId)));
    else if (node.kind === "sweep") expect(componentView(plan, node.component, dir)).toEqual(sdkView(sdkJobs[node.key].trial.properties.componentSpec));
    if (node.kind !== "pipeline") continue;
    const source = file(node.key);
    const sdk = spawnSync("/usr/bin/python3", [join(REPO_ROOT, "test/helpers/sdk_load_job.py"), source, "component"], { encoding: "utf8" });
    expect(sdk.stderr).toBe("");
    const theirs = JSON.parse(sdk.stdout).properties.componentSpec;
    const spec = (plan.pipelineComponents ?? []).find((c) => c.id === node.component) as NonNullable<ExecutionPlan["pipelineComponents"]>[number];
    const ours = JSON.parse(stableStringify(pipelineComponentSpec(spec)));
    const view = (c: Json) => {
      const { _source, $schema, sourceJobId, name, version, jobs, ...rest } = c;
      return { ...rest, jobs: strip({ jobs, settings: {} }).jobs };
    };
    expect(view(ours)).toEqual(view(theirs));
    const inner = parse(readFileSync(source, "utf8")).jobs;
    expectComponentsEqual(plan, spec.nodes, theirs.jobs, (key) => join(source, "..", inner[key].component), join(source, ".."));
  }
}

describe.runIf(sdk && examplesHere)("official CLI v2 pipelines written in Sluice", () => {
  it("has a hand-written version of each listed example", () => {
    expect(readdirSync(OFFICIAL).sort()).toEqual(Object.keys(SOURCES).sort());
  });

  it.each(Object.entries(SOURCES))("%s compiles to the SDK's serialization of the official YAML", async (name, source) => {
    const file = readdirSync(join(OFFICIAL, name)).find((f) => f.endsWith(".pipeline.ts")) as string;
    await expectSdkEqual(join(OFFICIAL, name, file), join(EXAMPLES, source));
  });
});

describe.runIf(sdk)("AutoML settings", () => {
  it.each(["classification", "forecasting"])("every %s setting is sent as the SDK sends it", async (task) => {
    const dir = join(REPO_ROOT, "test/fixtures/automl-settings");
    await expectSdkEqual(join(dir, `${task}.pipeline.ts`), join(dir, `${task}.yml`));
  });
});

/** A standalone sweep job compiled here against the SDK's Sweep job body: everything equal, the trial's code and environment by what they name. */
async function expectSweepJobEqual(file: string, yaml: string): Promise<void> {
  const loaded = await loadPipelines(file);
  expect(loaded.diagnostics).toEqual([]);
  const result = compilePipeline(loaded.pipelines[0]?.ir);
  if (!result.ok) throw new Error(formatDiagnostics(result.diagnostics, REPO_ROOT));
  const ours = JSON.parse(restJobJson(result.model, join(yaml, ".."))).properties;
  const sdk = spawnSync("/usr/bin/python3", [join(REPO_ROOT, "test/helpers/sdk_load_job.py"), yaml, "job"], { encoding: "utf8" });
  expect(sdk.stderr).toBe("");
  const theirs = JSON.parse(sdk.stdout).properties;
  const plain = (body: Json) => ({ ...body, trial: { ...body.trial, codeId: undefined, environmentId: undefined } });
  expect(plain(ours)).toEqual(plain(theirs));
  const component = result.model.components[0];
  const code = result.model.codeSnapshots.find((c) => c.id === component?.code);
  expect(code && realpathSync(code.path)).toBe(realpathSync(join(yaml, "..", theirs.trial.codeId)));
  expect(component?.environment).toBe(`azureml:${theirs.trial.environmentId}`);
}

describe.runIf(sdk)("sweeps", () => {
  it("a standalone sweep job is sent as the SDK sends the walkthrough's Sweep job", async () => {
    const dir = join(REPO_ROOT, "test/fixtures/sweep-job");
    await expectSweepJobEqual(join(dir, "job.pipeline.ts"), join(dir, "job.yml"));
  });

  it("the Iris example's sweep job is sent as the SDK sends its YAML: trial defaults as inputs, the model as output", async () => {
    await expectSweepJobEqual(join(REPO_ROOT, "examples/iris-sweep/iris.sweep-job.ts"), join(REPO_ROOT, "test/fixtures/sweep-job/iris.yml"));
  });

  it("a sweep node in a pipeline is sent as the SDK sends it, its trial as its component", async () => {
    const dir = join(REPO_ROOT, "test/fixtures/sweep");
    await expectSdkEqual(join(dir, "sweep.pipeline.ts"), join(dir, "pipeline.yml"));
  });

  it("both shapes import from their YAML to files that compile to the SDK's serialization", async () => {
    const work = mkdtempSync(join(REPO_ROOT, "test", ".work-import-"));
    try {
      const node = join(work, "node.pipeline.ts");
      expect(runCli(["import", join(REPO_ROOT, "test/fixtures/sweep/pipeline.yml"), "--out", node]).stderr).toBe("");
      expect(readFileSync(node, "utf8")).toContain("n_estimators: quniform(50, 200, 10),");
      await expectSdkEqual(node, join(REPO_ROOT, "test/fixtures/sweep/pipeline.yml"));
      for (const yaml of ["job.yml", "iris.yml"]) {
        const job = join(work, yaml.replace(".yml", ".pipeline.ts"));
        expect(runCli(["import", join(REPO_ROOT, "test/fixtures/sweep-job", yaml), "--out", job]).stderr).toBe("");
        expect(readFileSync(job, "utf8")).toContain("export default sweepJob({");
        await expectSweepJobEqual(job, join(REPO_ROOT, "test/fixtures/sweep-job", yaml));
      }
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });
});

describe.runIf(sdk)("Docker build environments", () => {
  it("are sent as the SDK sends a build context, written by hand or imported", async () => {
    const dir = join(REPO_ROOT, "test/fixtures/build-env");
    await expectSdkEqual(join(dir, "build.pipeline.ts"), join(dir, "pipeline.yml"));
    const out = join(dir, "..", "..", `.work-build-${process.pid}.pipeline.ts`);
    try {
      const run = runCli(["import", join(dir, "pipeline.yml"), "--out", out]);
      expect(run.stderr).toBe("");
      expect(readFileSync(out, "utf8")).toContain('environment({ build: "./fixtures/build-env/train/docker", dockerfile: "Dockerfile" })');
      await expectSdkEqual(out, join(dir, "pipeline.yml"));
    } finally {
      rmSync(out, { force: true });
    }
  });
});

describe.runIf(sdk)("registered components", () => {
  it("are sent by reference, by label, version or registry, as the SDK sends them", async () => {
    const dir = join(REPO_ROOT, "test/fixtures/registered-components");
    await expectSdkEqual(join(dir, "registered.pipeline.ts"), join(dir, "pipeline.yml"));
  });
});

describe.runIf(sdk && examplesHere)("official component YAML through loadComponent", () => {
  it("1a_e2e_local_components with its three component files loaded compiles to the SDK's serialization", async () => {
    await expectSdkEqual(join(REPO_ROOT, "test/corpus/load-component/1a-load.pipeline.ts"), join(EXAMPLES, SOURCES["1a_e2e_local_components"] as string));
  });
});

describe.runIf(sdk && examplesHere)("official CLI v2 pipelines through `sluice import`", () => {
  const work = mkdtempSync(join(REPO_ROOT, "test", ".work-import-"));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it.each(Object.entries(SOURCES))("%s imports to a file that compiles to the SDK's serialization", async (name, source) => {
    const out = join(work, `${name}.pipeline.ts`);
    const run = runCli(["import", join(EXAMPLES, source), "--out", out]);
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    await expectSdkEqual(out, join(EXAMPLES, source));
  });

  it("carries resources, distribution, a timeout and environment variables (a fixture beyond the corpus)", async () => {
    const source = join(REPO_ROOT, "test/fixtures/import-run-settings/pipeline.yml");
    const out = join(work, "run-settings.pipeline.ts");
    const run = runCli(["import", source, "--out", out]);
    expect(run.stderr).toBe("");
    expect(readFileSync(out, "utf8")).toContain('distribution: { type: "pytorch", processCountPerInstance: 4 }');
    await expectSdkEqual(out, source);
    const local = runCli(["run", out], { env: { ...process.env, SLUICE_STATE_DIR: join(work, "state") } });
    expect(local.status).toBe(3);
    expect(local.stderr).toMatch(/^sluice: step 'a' asks for pytorch distribution, which a local run cannot give \(it runs one process\)\n {2}hint: /);
  });
});

describe("sluice import given wrong input", () => {
  const work = mkdtempSync(join(REPO_ROOT, "test", ".work-import-"));
  afterAll(() => rmSync(work, { recursive: true, force: true }));
  const write = (name: string, text: string) => {
    writeFileSync(join(work, name), text);
    return join(work, name);
  };

  it.each([
    [
      "a key it does not know",
      "type: pipeline\njobs:\n  a:\n    type: command\n    component: ./c.yml\n    identity:\n      type: managed\n",
      /p\.yml:6:5 jobs\.a\.identity: 'identity' is not supported by sluice import yet\n {2}hint: /,
    ],
    [
      "a job type it does not know",
      "type: pipeline\njobs:\n  a:\n    type: data_transfer\n",
      /p\.yml:4:11 jobs\.a\.type: a 'data_transfer' job is not supported by sluice import yet/,
    ],
    [
      "a sweep over a distribution Azure does not have",
      "type: pipeline\njobs:\n  a:\n    type: sweep\n    trial: ./c.yml\n    search_space:\n      x:\n        type: gaussian\n    objective:\n      primary_metric: m\n",
      /p\.yml:8:15 jobs\.a\.search_space\.x\.type: 'gaussian' is not a distribution Azure ML sweeps take\n {2}hint: use one of choice, /,
    ],
    [
      "a sweep distribution missing a parameter",
      "type: pipeline\njobs:\n  a:\n    type: sweep\n    trial: ./c.yml\n    search_space:\n      x:\n        type: uniform\n        min_value: 0\n    objective:\n      primary_metric: m\n",
      /p\.yml:7:7 jobs\.a\.search_space\.x: a uniform distribution needs min_value, max_value; 'max_value' is missing/,
    ],
    [
      "a sweep job without an objective",
      "type: sweep\ntrial:\n  command: echo ${{search_space.x}}\n  environment: azureml:env:1\nsearch_space:\n  x:\n    type: choice\n    values: [a]\n",
      /p\.yml:1:1 objective: a sweep needs an objective: a primary_metric and a goal/,
    ],
    [
      "a sweep job's trial with a key it does not know",
      "type: sweep\ncompute: azureml:c\ntrial:\n  command: echo\n  environment: azureml:env:1\n  resources:\n    instance_count: 2\nsearch_space:\n  x:\n    type: choice\n    values: [a]\nobjective:\n  primary_metric: m\n",
      /p\.yml:6:3 trial\.resources: 'resources' is not supported by sluice import yet/,
    ],
    [
      "a pipeline-level data input that is not a local path",
      "type: pipeline\ninputs:\n  d:\n    type: uri_folder\n    path: azureml:sales:1\njobs:\n  a:\n    type: command\n    component: ./c.yml\n",
      /p\.yml:3:3 inputs\.d: pipeline-level data inputs other than local files, folders and mltable folders, and web files, are not supported by sluice import yet\n {2}hint: /,
    ],
    [
      "a pipeline job whose component is a command component",
      "type: pipeline\njobs:\n  a:\n    type: pipeline\n    component: ./c.yml\n",
      /c\.yml:1:7 type: job 'a' is a pipeline job, but this is a 'command' component\n {2}hint: give the job type: command/,
    ],
    ["YAML that does not parse", "type: pipeline\njobs: [\n", /p\.yml:\d+:\d+: not valid YAML: /],
    ["a command job without an environment", "type: command\ncommand: echo\n", /p\.yml:1:1 \(document\): a command job needs an environment/],
    [
      "an unknown binding",
      "type: pipeline\njobs:\n  a:\n    type: command\n    component: ./c.yml\n    inputs:\n      x: ${{parent.inputs.nope}}\n",
      /p\.yml:7:10 jobs\.a\.inputs\.x: the pipeline has no input 'nope'/,
    ],
  ])("%s is a located error and nothing is written", (_, text, message) => {
    write("c.yml", "type: command\nname: c\ninputs:\n  x:\n    type: string\nenvironment: azureml:env:1\ncommand: echo ${{inputs.x}}\n");
    const out = join(work, "p.pipeline.ts");
    const run = runCli(["import", write("p.yml", text), "--out", out]);
    expect(run.status).not.toBe(0);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(out)).toBe(false);
  });

  it("refuses a missing file, an --out without .pipeline.ts, and overwriting without --force", () => {
    expect(runCli(["import", join(work, "none.yml")]).stderr).toMatch(/none\.yml does not exist/);
    const yaml = write("ok.yml", "type: pipeline\njobs:\n  a:\n    type: command\n    component: ./c.yml\n    inputs:\n      x: hi\n");
    write("c.yml", "type: command\nname: c\ninputs:\n  x:\n    type: string\nenvironment: azureml:env:1\ncommand: echo ${{inputs.x}}\n");
    expect(runCli(["import", yaml, "--out", join(work, "x.ts")]).stderr).toMatch(/must end in \.pipeline\.ts/);
    const out = join(work, "ok.pipeline.ts");
    expect(runCli(["import", yaml, "--out", out]).status).toBe(0);
    const again = runCli(["import", yaml, "--out", out]);
    expect(again.status).toBe(2);
    expect(again.stderr).toMatch(/already exists\n {2}hint: pass --force/);
    expect(runCli(["import", yaml, "--out", out, "--force"]).status).toBe(0);
  });
});

/** Examples whose scripts need only what Debian provides (5c needs pyjokes; 4c reads a web URL). */
const LOCAL: Record<string, { output?: [string, RegExp] }> = {
  "1a_e2e_local_components": { output: ["pipeline_job_evaluation_report", /^eval_result\.txt$/] },
  "2a_basic_component": {},
  "2b_component_with_input_output": {},
  "3b_pipeline_with_data": { output: ["final_pipeline_output", /^file-.*\.txt$/] },
  "4a_local_data_input": {},
  "5a_env_public_docker_image": {},
  "5b_env_registered": {},
  pipeline_with_pipeline_component: { output: ["pipeline_job_best_model", /^model$/] },
};

describe.runIf(examplesHere)("official CLI v2 pipelines run locally", () => {
  const state = mkdtempSync(join(tmpdir(), "sluice-official-"));
  afterAll(() => rmSync(state, { recursive: true, force: true }));

  it.each(Object.entries(LOCAL))("%s runs end to end with `sluice run`", (name, expected) => {
    const file = readdirSync(join(OFFICIAL, name)).find((f) => f.endsWith(".pipeline.ts")) as string;
    const run = runCli(["run", join(OFFICIAL, name, file), "--json"], { env: { ...process.env, SLUICE_STATE_DIR: state } });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    const events = run.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    const done = events.find((e) => e.type === "run-finished");
    expect(done?.status).toBe("completed");
    expect(events.filter((e) => e.type === "step-finished").every((e) => e.status === "completed")).toBe(true);
    if (expected.output) {
      const [output, fileName] = expected.output;
      const line = (done.summary as string[]).find((l) => l.startsWith(`output ${output}: `)) as string;
      expect(line, run.stdout).toBeTypeOf("string");
      expect(readdirSync(resolve(REPO_ROOT, line.slice(`output ${output}: `.length))).some((f) => fileName.test(f))).toBe(true);
    }
  });
});

/** The official examples a local run cannot do, and the one line that says why before anything starts. */
const NOT_LOCAL: Record<string, [number, RegExp]> = {
  "4b_datastore_datapath_uri": [
    1,
    /^sluice: input 'sample_input_data' of step 'component_folder' is azureml:\/\/datastores\/workspaceblobstore\/paths\/azureml, which has no local copy\n/,
  ],
  "4d_data_input": [1, /^sluice: input 'sample_input_data' of step 'python_hello_step' is azureml:local-folder-example@latest, which has no local copy\n/],
  "5c_env_conda_file": [3, /^sluice: step 'hello_python_world_job' needs pyjokes, which no Python here has/],
  nyc_taxi_data_regression: [3, /needs mlflow, which no Python here has/],
};

describe.runIf(examplesHere)("official CLI v2 pipelines a local run cannot do", () => {
  const state = mkdtempSync(join(tmpdir(), "sluice-official-"));
  afterAll(() => rmSync(state, { recursive: true, force: true }));

  it.each(Object.entries(NOT_LOCAL))("%s is refused before any step starts, in one message", (name, [status, message]) => {
    const file = readdirSync(join(OFFICIAL, name)).find((f) => f.endsWith(".pipeline.ts")) as string;
    const run = runCli(["run", join(OFFICIAL, name, file)], { env: { ...process.env, SLUICE_STATE_DIR: state } });
    expect(run.status).toBe(status);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).toMatch(/\n {2}hint: /);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(run.stdout).not.toMatch(/started/);
  });
});
