// Pins the sweep emitters field by field: a sweep node in a pipeline (REST and CLI YAML share the
// search space, sampling, objective and limits but spell the early-termination policy apart) and
// a standalone Sweep job (its own REST form: `["uniform", [min, max]]`, ISO durations, the
// trial's defaults stated on the job, swept inputs read from `search_space`).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import {
  choice,
  cmd,
  component,
  environment,
  input,
  lognormal,
  loguniform,
  normal,
  output,
  pipeline,
  pipelineParameter,
  qlognormal,
  qloguniform,
  qnormal,
  quniform,
  randint,
  sweepJob,
  sweepStep,
  uniform,
  dataFile,
  webFiles,
  type EarlyTermination,
} from "@sluice/dsl";
import { compilePipeline, emitRestJob } from "../src/index.ts";
import { emitCliYaml } from "../src/yaml.ts";

const root = mkdtempSync(join(tmpdir(), "sluice-sweep-"));
mkdirSync(join(root, "src"));
writeFileSync(join(root, "src", "train.py"), "print('ok')\n");
afterAll(() => rmSync(root, { recursive: true, force: true }));

const env = environment("AzureML-sklearn-1.0-ubuntu20.04-py38-cpu:1");
const data = webFiles("iris_csv", "https://example.com/iris.csv");
const train = component({
  name: "train",
  code: join(root, "src"),
  environment: env,
  inputs: {
    data: input.uriFile(),
    a: input.number({ default: 0.5 }),
    b: input.number({ default: 0.5 }),
    c: input.number({ default: 0.5 }),
    d: input.number({ default: 0.5 }),
    e: input.number({ default: 0.5 }),
    f: input.number({ default: 0.5 }),
    g: input.number({ default: 0.5 }),
    h: input.number({ default: 0.5 }),
    n: input.integer({ default: 3 }),
    kind: input.string({ default: "gbdt" }),
    fixed: input.integer({ default: 7 }),
    unset: input.string({ optional: true }),
  },
  outputs: { model: output.mlflowModel() },
  command: ({ inputs, outputs }) =>
    cmd`python train.py --data ${inputs.data} --a ${inputs.a} --b ${inputs.b} --c ${inputs.c} --d ${inputs.d} --e ${inputs.e} --f ${inputs.f} --g ${inputs.g} --h ${inputs.h} --n ${inputs.n} --kind ${inputs.kind} --fixed ${inputs.fixed} --model ${outputs.model}`,
});

const searchSpace = {
  a: uniform(0.1, 0.9),
  b: loguniform(-3, 0),
  c: quniform(1, 9, 2),
  d: qloguniform(0, 2, 1),
  e: normal(0, 1),
  f: lognormal(1, 0.5),
  g: qnormal(5, 2, 1),
  h: qlognormal(1, 1, 2),
  n: randint(10),
  kind: choice(["gbdt", "hist"]),
} as const;

function compileSweepNode(earlyTermination: EarlyTermination | undefined, sampling: Parameters<typeof sweepStep>[0]["sampling"]) {
  const p = pipeline({ name: "swept", defaultCompute: "cpu-cluster" }, () => {
    const s = sweepStep({
      name: "sweep",
      trial: train,
      inputs: { data },
      searchSpace,
      sampling,
      objective: { metric: "loss", goal: "minimize" },
      limits: { maxTotalTrials: 20, maxConcurrentTrials: 4, timeoutSeconds: 3600, trialTimeoutSeconds: 600 },
      ...(earlyTermination ? { earlyTermination } : {}),
    });
    return { best: s.outputs.model };
  });
  const r = compilePipeline(p.toIR());
  if (!r.ok) throw new Error(JSON.stringify(r.diagnostics, null, 2));
  return r.model;
}

const SPACE_YAML = {
  a: { type: "uniform", min_value: 0.1, max_value: 0.9 },
  b: { type: "loguniform", min_value: -3, max_value: 0 },
  c: { type: "quniform", min_value: 1, max_value: 9, q: 2 },
  d: { type: "qloguniform", min_value: 0, max_value: 2, q: 1 },
  e: { type: "normal", mu: 0, sigma: 1 },
  f: { type: "lognormal", mu: 1, sigma: 0.5 },
  g: { type: "qnormal", mu: 5, sigma: 2, q: 1 },
  h: { type: "qlognormal", mu: 1, sigma: 1, q: 2 },
  n: { type: "randint", upper: 10 },
  kind: { type: "choice", values: ["gbdt", "hist"] },
};
const LIMITS = { max_total_trials: 20, max_concurrent_trials: 4, timeout: 3600, trial_timeout: 600 };

const restNode = (m: ReturnType<typeof compileSweepNode>) => (emitRestJob(m, root) as { properties: { jobs: Record<string, any> } }).properties.jobs.sweep;
const yamlNode = (m: ReturnType<typeof compileSweepNode>) => parse(emitCliYaml(m, root)).jobs.sweep;

describe("a sweep node in a pipeline", () => {
  // Compiled inside each test (not at load), so mutation testing sees every mutant.
  const bandit = () =>
    compileSweepNode({ policy: "bandit", slackFactor: 0.2, evaluationInterval: 2, delayEvaluation: 5 }, { type: "random", seed: 3, rule: "sobol" });
  const truncation = () => compileSweepNode({ policy: "truncation_selection", truncationPercentage: 20 }, "random");
  const plain = () => compileSweepNode(undefined, "bayesian");

  it("writes every distribution, sampling with its seed and rule, objective and limits alike in REST and YAML", () => {
    for (const node of [restNode(bandit()), yamlNode(bandit())]) {
      expect(node.type).toBe("sweep");
      expect(node.search_space).toEqual(SPACE_YAML);
      expect(node.sampling_algorithm).toEqual({ type: "random", seed: 3, rule: "sobol" });
      expect(node.objective).toEqual({ goal: "minimize", primary_metric: "loss" });
      expect(node.limits).toEqual(LIMITS);
    }
  });

  it("spells the policy as REST (policy_type) and YAML (type) each do", () => {
    expect(restNode(bandit()).early_termination).toEqual({ policy_type: "Bandit", slack_factor: 0.2, evaluation_interval: 2, delay_evaluation: 5 });
    expect(yamlNode(bandit()).early_termination).toEqual({ type: "bandit", slack_factor: 0.2, evaluation_interval: 2, delay_evaluation: 5 });
    expect(restNode(truncation()).early_termination).toEqual({ policy_type: "TruncationSelection", truncation_percentage: 20 });
    expect(yamlNode(truncation()).early_termination).toEqual({ type: "truncation_selection", truncation_percentage: 20 });
  });

  it("writes sampling as a plain string without seed or rule, and no policy when none is given", () => {
    expect(restNode(truncation()).sampling_algorithm).toBe("random");
    expect(yamlNode(plain()).sampling_algorithm).toBe("bayesian");
    expect(restNode(plain()).early_termination).toBeUndefined();
    expect(yamlNode(plain()).early_termination).toBeUndefined();
  });
});

const jobOptions = {
  name: "swept-job",
  experiment: "exp",
  description: "a job",
  compute: "gpu-cluster",
  tags: { k: "v" },
  trial: train,
  searchSpace,
  objective: { metric: "acc", goal: "maximize" },
} as const;

// Options vary per case; the DSL checks them again at run time.
function compileJob(options: Record<string, unknown>) {
  const r = compilePipeline(sweepJob({ ...jobOptions, ...options } as never).toIR());
  if (!r.ok) throw new Error(JSON.stringify(r.diagnostics, null, 2));
  return r.model;
}

describe("a standalone sweep job over REST", () => {
  const model = () =>
    compileJob({
      inputs: { data, fixed: pipelineParameter("fixed", 9) },
      sampling: { type: "random", seed: 1, rule: "random" },
      limits: { maxTotalTrials: 5, timeoutSeconds: 90 },
      earlyTermination: { policy: "median_stopping", evaluationInterval: 1 },
    });

  it("sends the job as the SDK does: Sweep limits, ISO durations, REST search space, placeholders for code and environment", () => {
    const compiled = model();
    const code = compiled.codeSnapshots[0]?.id;
    expect(code).toBeDefined();
    expect((emitRestJob(compiled, root) as { properties: Record<string, any> }).properties).toEqual({
      computeId: "gpu-cluster",
      description: "a job",
      displayName: "swept-job",
      experimentName: "exp",
      inputs: { data: { jobInputType: "uri_file", uri: "https://example.com/iris.csv" }, fixed: { jobInputType: "literal", value: "9" } },
      isArchived: false,
      jobType: "Sweep",
      limits: { jobLimitsType: "Sweep", maxTotalTrials: 5, timeout: "PT1M30S" },
      objective: { goal: "maximize", primaryMetric: "acc" },
      outputs: { model: { jobOutputType: "mlflow_model" } },
      properties: {},
      samplingAlgorithm: { samplingAlgorithmType: "Random", seed: 1, rule: "Random" },
      searchSpace: {
        a: ["uniform", [0.1, 0.9]],
        b: ["loguniform", [-3, 0]],
        c: ["quniform", [1, 9, 2]],
        d: ["qloguniform", [0, 2, 1]],
        e: ["normal", [0, 1]],
        f: ["lognormal", [1, 0.5]],
        g: ["qnormal", [5, 2, 1]],
        h: ["qlognormal", [1, 1, 2]],
        n: ["randint", [10]],
        kind: ["choice", [["gbdt", "hist"]]],
      },
      earlyTermination: { policyType: "MedianStopping", evaluationInterval: 1 },
      tags: { k: "v" },
      trial: {
        codeId: `sluice:code:${code}`,
        command:
          "python train.py --data ${{inputs.data}} --a ${{search_space.a}} --b ${{search_space.b}} --c ${{search_space.c}} --d ${{search_space.d}} --e ${{search_space.e}} --f ${{search_space.f}} --g ${{search_space.g}} --h ${{search_space.h}} --n ${{search_space.n}} --kind ${{search_space.kind}} --fixed ${{inputs.fixed}} --model ${{outputs.model}}",
        environmentId: "sluice:environment:azureml:AzureML-sklearn-1.0-ubuntu20.04-py38-cpu:1",
        environmentVariables: {},
      },
    });
  });

  it("states the defaults of trial inputs neither given nor swept, and sends data given on the step with its mode", () => {
    const other = compileJob({
      inputs: { data: dataFile("azureml://datastores/d/paths/iris.csv", { mode: "download" }) },
      sampling: "grid",
      searchSpace: { kind: choice(["gbdt", "hist"]), n: choice([1, 2]) } as never,
      limits: { maxConcurrentTrials: 2, trialTimeoutSeconds: 120 },
      earlyTermination: { policy: "bandit", slackAmount: 0.1 },
    });
    const p = (emitRestJob(other, root) as { properties: Record<string, any> }).properties;
    expect(p.inputs).toEqual({
      data: { jobInputType: "uri_file", uri: "azureml://datastores/d/paths/iris.csv", mode: "Download" },
      a: { jobInputType: "literal", value: "0.5" },
      b: { jobInputType: "literal", value: "0.5" },
      c: { jobInputType: "literal", value: "0.5" },
      d: { jobInputType: "literal", value: "0.5" },
      e: { jobInputType: "literal", value: "0.5" },
      f: { jobInputType: "literal", value: "0.5" },
      g: { jobInputType: "literal", value: "0.5" },
      h: { jobInputType: "literal", value: "0.5" },
      fixed: { jobInputType: "literal", value: "7" },
    });
    expect(p.limits).toEqual({ jobLimitsType: "Sweep", maxConcurrentTrials: 2, trialTimeout: "PT2M" });
    expect(p.samplingAlgorithm).toEqual({ samplingAlgorithmType: "Grid" });
    expect(p.earlyTermination).toEqual({ policyType: "Bandit", slackAmount: 0.1 });
    expect(p.trial.command).toContain("--a ${{inputs.a}} ");
    expect(p.trial.command).toContain("--n ${{search_space.n}} --kind ${{search_space.kind}} ");
    const yaml = parse(emitCliYaml(other, root));
    expect(yaml.inputs).toEqual({
      data: { type: "uri_file", path: "azureml://datastores/d/paths/iris.csv", mode: "download" },
      a: 0.5,
      b: 0.5,
      c: 0.5,
      d: 0.5,
      e: 0.5,
      f: 0.5,
      g: 0.5,
      h: 0.5,
      fixed: 7,
    });
  });
});

describe("a standalone sweep job as CLI v2 YAML", () => {
  const model = () =>
    compileJob({
      inputs: { data, fixed: pipelineParameter("fixed", 9) },
      sampling: { type: "random", seed: 1, rule: "random" },
      limits: { maxTotalTrials: 5, timeoutSeconds: 90 },
      earlyTermination: { policy: "median_stopping", evaluationInterval: 1 },
    });

  it("writes a sweepJob file with the trial's command reading the search space", () => {
    expect(parse(emitCliYaml(model(), root))).toEqual({
      $schema: "https://azuremlschemas.azureedge.net/latest/sweepJob.schema.json",
      type: "sweep",
      display_name: "swept-job",
      experiment_name: "exp",
      description: "a job",
      tags: { k: "v" },
      compute: "azureml:gpu-cluster",
      trial: {
        code: "./src",
        command:
          "python train.py --data ${{inputs.data}} --a ${{search_space.a}} --b ${{search_space.b}} --c ${{search_space.c}} --d ${{search_space.d}} --e ${{search_space.e}} --f ${{search_space.f}} --g ${{search_space.g}} --h ${{search_space.h}} --n ${{search_space.n}} --kind ${{search_space.kind}} --fixed ${{inputs.fixed}} --model ${{outputs.model}}",
        environment: "azureml:AzureML-sklearn-1.0-ubuntu20.04-py38-cpu:1",
      },
      inputs: { data: { type: "uri_file", path: "https://example.com/iris.csv" }, fixed: 9 },
      outputs: { model: { type: "mlflow_model" } },
      search_space: SPACE_YAML,
      sampling_algorithm: { type: "random", seed: 1, rule: "random" },
      objective: { goal: "maximize", primary_metric: "acc" },
      limits: { max_total_trials: 5, timeout: 90 },
      early_termination: { type: "median_stopping", evaluation_interval: 1 },
    });
  });

  it("leaves out tags when there are none", () => {
    const untagged = compileJob({ tags: {}, inputs: { data } });
    expect(parse(emitCliYaml(untagged, root)).tags).toBeUndefined();
  });
});

describe("a standalone sweep job without a compute", () => {
  it("runs on Azure's serverless compute: no SL113, no computeId, no compute in its YAML", () => {
    const { compute: _, ...rest } = jobOptions;
    const r = compilePipeline(sweepJob({ ...rest, inputs: { data } } as never).toIR(), { target: "azure" });
    if (!r.ok) throw new Error(JSON.stringify(r.diagnostics, null, 2));
    expect((emitRestJob(r.model, root) as { properties: Record<string, unknown> }).properties.computeId).toBeUndefined();
    expect(parse(emitCliYaml(r.model, root)).compute).toBeUndefined();
  });
});
