// A standalone command job (`commandJob`): compiled as a one-node plan, sent as the SDK sends a
// Command job (camelCase resources, distribution and limits, literal inputs as strings, data with
// its mode, `azureml:` dropped from asset names), written as a commandJob YAML, and without a
// compute left to Azure's serverless compute rather than refused.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { cmd, commandJob, dataFolder, dataModel, environment, output } from "@sluice/dsl";
import { compilePipeline, restJobBody } from "../src/index.ts";
import { emitCliYaml } from "../src/yaml.ts";

const root = mkdtempSync(join(tmpdir(), "sluice-command-job-"));
mkdirSync(join(root, "src"));
writeFileSync(join(root, "src", "main.py"), "print('ok')\n");
afterAll(() => rmSync(root, { recursive: true, force: true }));

const job = (compute?: string) =>
  commandJob({
    name: "train-once",
    experiment: "exp",
    description: "one run",
    tags: { team: "ml" },
    ...(compute ? { compute } : {}),
    code: join(root, "src"),
    environment: environment("azureml:AzureML-lightgbm-3.3@latest"),
    inputs: { data: dataFolder("azureml:cifar:2", { mode: "download" }), epochs: 3, rate: 0.5 },
    outputs: { model: output.uriFolder() },
    outputSettings: { model: { mode: "upload" } },
    command: ({ inputs, outputs }) => cmd`python main.py ${inputs.data} ${inputs.epochs} ${inputs.rate} ${outputs.model}`,
    resources: { instanceCount: 2, shmSize: "1g" },
    distribution: { type: "mpi", processCountPerInstance: 2 },
    timeoutSeconds: 3600,
    environmentVariables: { SEED: "1" },
  });

function compiled(compute?: string) {
  const r = compilePipeline(job(compute).toIR());
  if (!r.ok) throw new Error(JSON.stringify(r.diagnostics, null, 2));
  return r.model;
}

describe("a standalone command job", () => {
  it("is sent as a Command job with every setting in the SDK's REST spelling", () => {
    const plan = compiled("cpu-cluster");
    const code = plan.codeSnapshots[0]?.id;
    expect(restJobBody(plan).properties).toEqual({
      codeId: `sluice:code:${code}`,
      command: "python main.py ${{inputs.data}} ${{inputs.epochs}} ${{inputs.rate}} ${{outputs.model}}",
      computeId: "cpu-cluster",
      description: "one run",
      displayName: "train-once",
      distribution: { distributionType: "Mpi", processCountPerInstance: 2 },
      environmentId: "sluice:environment:azureml:AzureML-lightgbm-3.3@latest",
      environmentVariables: { SEED: "1" },
      experimentName: "exp",
      inputs: {
        data: { jobInputType: "uri_folder", uri: "cifar:2", mode: "Download" },
        epochs: { jobInputType: "literal", value: "3" },
        rate: { jobInputType: "literal", value: "0.5" },
      },
      isArchived: false,
      jobType: "Command",
      limits: { jobLimitsType: "Command", timeout: "PT1H" },
      outputs: { model: { jobOutputType: "uri_folder", mode: "Upload", uri: undefined } },
      properties: {},
      resources: { instanceCount: 2, shmSize: "1g", instanceType: undefined, properties: {} },
      tags: { team: "ml" },
    });
  });

  it("is written as a commandJob YAML", () => {
    expect(parse(emitCliYaml(compiled("cpu-cluster"), root))).toEqual({
      $schema: "https://azuremlschemas.azureedge.net/latest/commandJob.schema.json",
      type: "command",
      display_name: "train-once",
      experiment_name: "exp",
      description: "one run",
      tags: { team: "ml" },
      compute: "azureml:cpu-cluster",
      code: "./src",
      command: "python main.py ${{inputs.data}} ${{inputs.epochs}} ${{inputs.rate}} ${{outputs.model}}",
      environment: "azureml:AzureML-lightgbm-3.3@latest",
      inputs: { data: { type: "uri_folder", path: "azureml:cifar:2", mode: "download" }, epochs: 3, rate: 0.5 },
      outputs: { model: { type: "uri_folder", mode: "upload" } },
      resources: { instance_count: 2, shm_size: "1g" },
      distribution: { type: "mpi", process_count_per_instance: 2 },
      limits: { timeout: 3600 },
      environment_variables: { SEED: "1" },
    });
  });

  it("without a compute runs on Azure's serverless compute: no SL113, no computeId", () => {
    const plan = compiled();
    expect(restJobBody(plan).properties.computeId).toBeUndefined();
    expect(parse(emitCliYaml(plan, root)).compute).toBeUndefined();
  });

  it("states its literals as defaults and its outputs' modes on its component, as the SDK's anonymous component does", () => {
    const c = compiled("cpu-cluster").components[0];
    expect(c?.inputs).toEqual({
      data: { type: "uri_folder", mode: "download" },
      epochs: { type: "integer", default: 3 },
      rate: { type: "number", default: 0.5 },
    });
    expect(c?.outputs).toEqual({ model: { type: "uri_folder", mode: "upload" } });
  });
});

describe("a model given to a command", () => {
  it("is a model input of its type, sent with the model asset's name as the SDK sends it", () => {
    const r = compilePipeline(
      commandJob({
        name: "score",
        environment: environment("azureml:env:1"),
        inputs: { m: dataModel("azureml:iris-model:3", { type: "mlflow_model" }), c: dataModel("azureml://datastores/d/paths/m", { mode: "download" }) },
        command: ({ inputs }) => cmd`ls ${inputs.m} ${inputs.c}`,
      }).toIR(),
    );
    if (!r.ok) throw new Error(JSON.stringify(r.diagnostics, null, 2));
    expect(r.model.components[0]?.inputs).toEqual({ m: { type: "mlflow_model" }, c: { type: "custom_model", mode: "download" } });
    expect(restJobBody(r.model).properties.inputs).toEqual({
      m: { jobInputType: "mlflow_model", uri: "iris-model:3" },
      c: { jobInputType: "custom_model", uri: "azureml://datastores/d/paths/m", mode: "Download" },
    });
  });
});
