// `sluice import` of what the YAML names but does not describe, and of interactive services:
// a registered component (workspace or registry, with or without a version) is written as
// `registeredComponent(ref, { inputs, outputs })` typed from how the pipeline uses it (its node's
// values, the outputs it and later nodes read), the union of every node that runs it; `services`
// become the DSL's option, each type checked where it stands.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { SluiceError } from "../src/errors/sluice-error.ts";
import { importPipeline } from "../src/import/import-pipeline.ts";

const work = mkdtempSync(join(tmpdir(), "sluice-import-registered-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function imported(yaml: string): string {
  const dir = mkdtempSync(join(work, "p-"));
  mkdirSync(join(dir, "data"));
  writeFileSync(join(dir, "pipeline.yml"), yaml);
  return importPipeline(join(dir, "pipeline.yml"), join(dir, "out", "x.pipeline.ts"));
}

function refusal(yaml: string): string {
  try {
    imported(yaml);
  } catch (e) {
    expect(e).toBeInstanceOf(SluiceError);
    return (e as SluiceError).message.replace(/^.*pipeline\.yml:/, "pipeline.yml:");
  }
  throw new Error("imported without an error");
}

const PIPELINE = `type: pipeline
inputs:
  epochs: 20
  rate: 1.8
  schedule: time-based
  raw: { type: uri_folder, path: ./data }
outputs:
  report: { type: uri_file, mode: upload }
jobs:
  train:
    component: azureml:my_train@latest
    inputs:
      data: \${{parent.inputs.raw}}
      epochs: \${{parent.inputs.epochs}}
      rate: \${{parent.inputs.rate}}
      schedule: \${{parent.inputs.schedule}}
      flag: true
    outputs:
      model: { type: mlflow_model }
    services:
      code: { type: vs_code }
      board: { type: tensor_board, log_dir: outputs/tb }
  score:
    component: azureml://registries/azureml/components/scorer
    inputs:
      model: \${{parent.jobs.train.outputs.model}}
    outputs:
      result:
        type: uri_file
        path: \${{parent.outputs.report}}
  again:
    component: azureml://registries/azureml/components/scorer
    inputs:
      model: \${{parent.jobs.train.outputs.model}}
      extra: 3
  read:
    component: azureml:reader:4
    inputs:
      table: \${{parent.jobs.score.outputs.metrics}}
`;

describe("registered components without an interface in the YAML", () => {
  const text = imported(PIPELINE);

  it("are typed from how the pipeline uses them, and marked as inferred", () => {
    expect(text).toContain(`// Registered component: its interface is not in the YAML, so it is inferred from how this pipeline uses it
// (the registered one may declare more inputs and outputs).
const myTrain = registeredComponent("azureml:my_train@latest", {
  inputs: {
    data: input.uriFolder(),
    epochs: input.integer(),
    rate: input.number(),
    schedule: input.string(),
    flag: input.boolean(),
  },
  outputs: {
    model: output.mlflowModel(),
  },
});`);
  });

  it("take the union of every node's use, outputs read by later nodes included", () => {
    expect(text).toContain(`const scorer = registeredComponent("azureml://registries/azureml/components/scorer", {
  inputs: {
    model: input.mlflowModel(),
    extra: input.integer(),
  },
  outputs: {
    result: output.uriFile(),
    metrics: output.uriFolder(),
  },
});`);
    expect(text).toContain('registeredComponent("azureml:reader:4", {');
  });

  it("bind an output whose path is a pipeline output to it, and carry the services over", () => {
    expect(text).toMatch(/return \{\n\s+report: score\.outputs\.result,\n\s+\};/);
    expect(text).toContain('services: { code: { type: "vs_code" }, board: { type: "tensor_board", logDir: "outputs/tb" } },');
  });

  it("refuse a registered pipeline component, and services Azure does not have, where they stand", () => {
    expect(refusal("type: pipeline\njobs:\n  p:\n    type: pipeline\n    component: azureml:sub:1\n")).toBe(
      "pipeline.yml:5:16 jobs.p.component: a registered pipeline component cannot be imported: its jobs are not in the YAML",
    );
    const svc = (s: string) => `type: command\ncommand: echo\nenvironment: azureml:e:1\nservices:\n  x: ${s}\n`;
    expect(refusal(svc("{ type: rdp }"))).toBe("pipeline.yml:5:14 services.x.type: service type 'rdp' is not one Azure ML opens");
    expect(refusal(svc("{ type: ssh, nodes: some }"))).toBe("pipeline.yml:5:26 services.x.nodes: nodes can only be 'all'");
    expect(refusal(svc("{ type: ssh, keys: abc }"))).toMatch(/^pipeline\.yml:5:\d+ services\.x\.keys: unknown key 'keys'/);
    expect(refusal("type: command\ncommand: echo\nenvironment: azureml:e:1\nservices: [a]\n")).toBe(
      "pipeline.yml:4:1 services: services must be a mapping of named services",
    );
  });
});
