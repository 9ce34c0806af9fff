// The Iris sweep example deployed to the emulated workspace (emulator + Azurite): the trial
// component registered, the sweep node sent with its trial's ARM id, the trials followed as the
// sweep run's children, the best trial's model downloaded and registered.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { useAzureStack } from "../helpers/azure-stack.ts";

const azure = useAzureStack({ project: "examples/iris-sweep" });
const { box, sluice } = azure;
const PIPELINE = azure.project.file("iris.pipeline.ts");

describe("the Iris sweep on an Azure ML workspace", () => {
  let first: ReturnType<typeof sluice>;
  beforeAll(() => {
    first = sluice(["deploy", PIPELINE, "--yes", "--run-now", "--download", join(box.root, "outputs")]);
  }, 240_000);

  it("sends a sweep node whose trial names the registered component", () => {
    expect(first.status, `${first.stdout}${first.stderr}`).toBe(0);
    const job = azure.stack.requests().find((r) => r.method === "PUT" && r.path.includes("/jobs/"))?.body as {
      properties: { jobs: Record<string, Record<string, unknown>> };
    };
    const node = job.properties.jobs.sweep as {
      type: string;
      trial: { componentId: string };
      search_space: Record<string, unknown>;
      sampling_algorithm: unknown;
    };
    expect(node.type).toBe("sweep");
    expect(node.trial.componentId).toMatch(/^\/subscriptions\/.+\/components\/azureml_anonymous\/versions\//);
    expect(node.search_space).toEqual({
      boosting: { type: "choice", values: ["gbdt", "hist"] },
      learning_rate: { type: "uniform", min_value: 0.01, max_value: 0.9 },
    });
    expect(node.sampling_algorithm).toEqual({ seed: 42, type: "random" });
  });

  it("follows the trials and keeps the best one's model", () => {
    expect(first.stdout).toMatch(/run iris_sweep_\w+ completed/);
    const run = JSON.parse(sluice(["runs", "--json"]).stdout)[0] as {
      steps: Array<{ name: string; trials?: Array<{ id: string; metric: number | null; status: string }>; best?: { id: string; metric: number } }>;
    };
    const sweep = run.steps.find((s) => s.name === "sweep");
    expect(sweep?.trials).toHaveLength(8);
    const completed = (sweep?.trials ?? []).filter((t) => t.status === "completed").map((t) => t.metric as number);
    expect(sweep?.best?.metric).toBe(Math.min(...completed));
    expect(existsSync(join(box.root, "outputs", "best_model", "model.pkl"))).toBe(true);
  });
});

describe("the walkthrough's standalone Sweep job on an Azure ML workspace", () => {
  let job: ReturnType<typeof sluice>;
  beforeAll(() => {
    job = sluice(["deploy", azure.project.file("iris.sweep-job.ts"), "--yes", "--run-now", "--download", join(box.root, "job-outputs")]);
  }, 240_000);

  it("sends a Sweep job whose trial names the uploaded code and the environment, not a component", () => {
    expect(job.status, `${job.stdout}${job.stderr}`).toBe(0);
    const puts = azure.stack.requests().filter((r) => r.method === "PUT");
    const body = puts.filter((r) => r.path.includes("/jobs/")).at(-1)?.body as { properties: Record<string, any> };
    expect(body.properties.jobType).toBe("Sweep");
    expect(body.properties.trial.codeId).toMatch(/^\/subscriptions\/.+\/codes\/[^/]+\/versions\/[^/]+$/);
    expect(body.properties.trial.environmentId).toMatch(/\/environments\/AzureML-sklearn-1.0-ubuntu20.04-py38-cpu\/versions\/1$/);
    expect(body.properties.trial.command).toContain("--learning-rate ${{search_space.learning_rate}}");
    expect(body.properties.inputs.n_estimators).toEqual({ jobInputType: "literal", value: "60" });
    expect(puts.some((r) => r.path.includes("/components/train_iris"))).toBe(false);
  });

  it("follows the trials as the job's children and downloads the best trial's model", () => {
    expect(job.stdout).toMatch(/run lightgbm_iris_sweep_example_\w+ completed/);
    const run = JSON.parse(sluice(["runs", "--json"]).stdout)[0] as {
      steps: Array<{ name: string; status: string; trials?: Array<{ metric: number | null; status: string }>; best?: { metric: number } }>;
    };
    const step = run.steps[0];
    expect(step?.status).toBe("completed");
    expect(step?.trials).toHaveLength(6);
    const completed = (step?.trials ?? []).filter((t) => t.status === "completed").map((t) => t.metric as number);
    expect(step?.best?.metric).toBe(Math.min(...completed));
    expect(existsSync(join(box.root, "job-outputs", "model", "model.pkl"))).toBe(true);
  });
});

describe("the walkthrough's single training run as a standalone Command job on an Azure ML workspace", () => {
  let job: ReturnType<typeof sluice>;
  beforeAll(() => {
    job = sluice(["deploy", azure.project.file("iris.command-job.ts"), "--yes", "--run-now", "--download", join(box.root, "command-outputs")]);
  }, 240_000);

  it("sends a Command job naming its uploaded code and its environment by ARM id, with no component", () => {
    expect(job.status, `${job.stdout}${job.stderr}`).toBe(0);
    const puts = azure.stack.requests().filter((r) => r.method === "PUT" && r.path.includes("/jobs/"));
    const body = puts.at(-1)?.body as { properties: Record<string, any> };
    expect(body.properties.jobType).toBe("Command");
    expect(body.properties.codeId).toMatch(/^\/subscriptions\/.+\/codes\/[^/]+\/versions\/[^/]+$/);
    expect(body.properties.environmentId).toMatch(/\/environments\/AzureML-sklearn-1.0-ubuntu20.04-py38-cpu\/versions\/1$/);
    expect(body.properties.computeId).toMatch(/\/computes\/cpu-cluster$/);
    expect(body.properties.inputs.n_estimators).toEqual({ jobInputType: "literal", value: "60" });
    expect(body.properties.outputs).toEqual({ model: { jobOutputType: "mlflow_model" } });
  });

  it("follows the job as its one step and downloads its model", () => {
    expect(job.stdout).toMatch(/run lightgbm_iris_example_\w+ completed/);
    const run = JSON.parse(sluice(["runs", "--json"]).stdout)[0] as { steps: Array<{ status: string }> };
    expect(run.steps.map((s) => s.status)).toEqual(["completed"]);
    expect(existsSync(join(box.root, "command-outputs", "model", "model.pkl"))).toBe(true);
  });
});
