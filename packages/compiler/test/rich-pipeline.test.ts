// A pipeline using every option the DSL has, compiled to each emitted form and compared with
// committed snapshots: a dropped option, a lost sort or a mis-bound input changes a file here.
// Each form is one file under __snapshots__/ so a review shows the difference that matters.
import { withBuiltinTokens } from "../../../test/helpers/golden-tokens.ts";
import { describe, expect, it } from "vitest";
import {
  autoMLStep,
  compute,
  dataset,
  environment,
  localFiles,
  outputFileDataset,
  pipeline,
  pipelineParameter,
  pythonScriptStep,
  registerModelStep,
  schedule,
  webFiles,
} from "@sluice/dsl";
import { ExecutionPlanSchema, compilePipeline, emitGraph, planJson, restJobJson, scheduleJson, scheduleSpecs } from "../src/index.ts";
import { emitCliYaml, emitScheduleYaml } from "../src/yaml.ts";

const HERE = new URL("./fixtures/rich/", import.meta.url).pathname;
const OUT = `${HERE}out`;

const rich = pipeline(
  {
    name: "rich",
    experiment: "rich-exp",
    description: "every option",
    defaultCompute: "cpu-cluster",
    continueOnStepFailure: true,
    tags: { zeta: "last", alpha: "first" },
    schedules: [
      schedule({ name: "weekly", recurrence: { frequency: "Week", interval: 2, weekDays: ["Friday", "Monday"], hours: [6], minutes: [15] }, timeZone: "UTC" }),
      schedule({ name: "hourly", cron: "5 * * * *", startTime: "2026-01-01T00:00:00", endTime: "2027-01-01T00:00:00" }),
    ],
  },
  () => {
    const zebra = localFiles("zebra", `${HERE}data/local.csv`, { type: "uri_file" });
    const apple = localFiles("apple", `${HERE}data/folder`, { type: "uri_folder" });
    const web = webFiles("web", "https://example.com/data.csv");
    const table = dataset("table", { version: "latest", type: "mltable" });
    const train = outputFileDataset("train");
    const valid = outputFileDataset("valid");
    const notes = outputFileDataset("notes");
    const env = environment({ image: "mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu20.04:1", condaFile: "fixtures/rich/env/conda.yml" });
    pythonScriptStep({
      name: "prep",
      sourceDirectory: "fixtures/rich/src",
      script: "train.py",
      arguments: ["--zebra", zebra, "--apple", apple, "--web", web, "--rate", pipelineParameter("rate", 0.5), "--flag", true, "--train", train],
      outputs: { valid, notes },
      compute: compute("gpu-cluster"),
      environment: env,
      timeoutSeconds: 900,
      allowReuse: false,
    });
    pythonScriptStep({
      name: "side",
      sourceDirectory: "fixtures/rich/src",
      script: "train.py",
      inputs: { notes: notes.asInput(), table },
      environment: environment("my-env:3"),
    });
    const fit = autoMLStep({
      name: "fit",
      task: "classification",
      trainingData: train.readDelimitedFiles({ delimiter: ";" }),
      validationData: valid.readDelimitedFiles(),
      labelColumn: pipelineParameter("label", "Survived"),
      primaryMetric: "accuracy",
      featurization: "off",
      limits: { maxTrials: 4, maxConcurrentIterations: 2, experimentTimeoutMinutes: 30 },
      enableEarlyStopping: true,
      compute: "automl-cluster",
    });
    registerModelStep({
      name: "register",
      model: fit.outputs.bestModel,
      modelName: pipelineParameter("model_name", "rich_model"),
      description: "the best",
      tags: { b: "2", a: "1" },
    });
    return { model: fit.outputs.bestModel, metrics: fit.outputs.metrics, notes };
  },
);

describe("a pipeline using every option", () => {
  const result = compilePipeline(rich.toIR());
  if (!result.ok) throw new Error(JSON.stringify(result.diagnostics, null, 2));
  const model = result.model;
  const snap = (name: string) => `./__snapshots__/rich/${name}`;

  it("compiles without diagnostics", () => {
    expect(result.diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual([]);
  });

  it("emits the REST body", async () => {
    await expect(withBuiltinTokens(planJson(model, OUT), restJobJson(model, OUT))).toMatchFileSnapshot(snap("rich.job.json"));
  });

  it("emits the CLI YAML", async () => {
    await expect(withBuiltinTokens(planJson(model, OUT), emitCliYaml(model, OUT))).toMatchFileSnapshot(snap("rich.pipeline.yml"));
  });

  it("emits the plan, which its schema accepts as written", async () => {
    const text = planJson(model, OUT);
    expect(ExecutionPlanSchema.parse(JSON.parse(text))).toEqual(JSON.parse(text));
    await expect(withBuiltinTokens(text, text)).toMatchFileSnapshot(snap("rich.plan.json"));
  });

  it("emits the graph", async () => {
    await expect(emitGraph(rich.toIR(), "mermaid")).toMatchFileSnapshot(snap("rich.graph.mmd"));
  });

  it("emits both schedules", async () => {
    const specs = scheduleSpecs(model);
    expect(specs.map((s) => s.name)).toEqual(["hourly", "weekly"]);
    const text = specs.map((s) => `${scheduleJson(s, { jobType: "Pipeline" })}---\n${emitScheduleYaml(s, "rich.pipeline.yml")}`).join("===\n");
    await expect(withBuiltinTokens(planJson(model, OUT), text)).toMatchFileSnapshot(snap("rich.schedules.txt"));
  });
});
