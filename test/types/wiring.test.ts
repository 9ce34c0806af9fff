// Wrong wiring is a TypeScript error, not a runtime surprise. `tsc` (part of `npm test`) fails
// if any `@ts-expect-error` below stops being an error, so each line is a real check.
import { describe, expect, expectTypeOf, it } from "vitest";
import {
  autoMLStep,
  dataset,
  outputFileDataset,
  pipeline,
  pipelineParameter,
  pythonScriptStep,
  registerModelStep,
  schedule,
  webFiles,
  type FileData,
  type ModelData,
  type PipelineParameter,
  type TabularData,
} from "@sluice/dsl";

/** Never called: only type-checked. */
function mistakes(): void {
  pipeline({ name: "mistakes" }, () => {
    const table = outputFileDataset("table");
    // @ts-expect-error -- a regression algorithm for a classification task
    autoMLStep({ name: "alg", task: "classification", trainingData: table.readDelimitedFiles(), labelColumn: "y", allowedAlgorithms: ["elastic_net"] });
    autoMLStep({ name: "alg2", task: "regression", trainingData: table.readDelimitedFiles(), labelColumn: "y", blockedAlgorithms: ["elastic_net", "knn"] });
    const out = outputFileDataset("out");
    pythonScriptStep({ name: "prep", sourceDirectory: "src", script: "prep.py", arguments: ["--out", out] });

    // @ts-expect-error a plain file output is not tabular: AutoML needs .readDelimitedFiles()
    autoMLStep({ name: "a", task: "classification", trainingData: out.asInput(), labelColumn: "y" });
    // @ts-expect-error the OutputFileDataset itself is not tabular either
    autoMLStep({ name: "b", task: "classification", trainingData: out, labelColumn: "y" });
    // @ts-expect-error a web file is not a table
    autoMLStep({ name: "c", task: "regression", trainingData: webFiles("w", "https://x/y.csv"), labelColumn: "y" });
    // @ts-expect-error a regression metric for a classification task
    autoMLStep({ name: "d", task: "classification", trainingData: out.readDelimitedFiles(), labelColumn: "y", primaryMetric: "r2_score" });
    // @ts-expect-error a classification metric for a regression task
    autoMLStep({ name: "e", task: "regression", trainingData: out.readDelimitedFiles(), labelColumn: "y", primaryMetric: "AUC_weighted" });
    // @ts-expect-error forecasting shares regression's metrics
    autoMLStep({ name: "f", task: "forecasting", trainingData: out.readDelimitedFiles(), labelColumn: "y", primaryMetric: "accuracy" });
    // @ts-expect-error an unknown task
    autoMLStep({ name: "g", task: "clustering", trainingData: out.readDelimitedFiles(), labelColumn: "y" });

    const train = autoMLStep({ name: "h", task: "classification", trainingData: out.readDelimitedFiles(), labelColumn: "y" });
    // @ts-expect-error a number parameter where a string is required
    registerModelStep({ name: "r1", model: train.outputs.bestModel, modelName: pipelineParameter("n", 3) });
    // @ts-expect-error a boolean parameter as the label column
    autoMLStep({ name: "i", task: "classification", trainingData: out.readDelimitedFiles(), labelColumn: pipelineParameter("b", true) });
    // @ts-expect-error registering something that is not a model
    registerModelStep({ name: "r2", model: out.asInput(), modelName: "m" });
    // @ts-expect-error AutoML metrics are not data a step can read
    pythonScriptStep({ name: "p2", sourceDirectory: "src", script: "x.py", arguments: [train.outputs.metrics] });
    // @ts-expect-error a file dataset is not tabular
    autoMLStep({ name: "j", task: "classification", trainingData: dataset("raw", { version: "1" }), labelColumn: "y" });
  });
}

describe("typed wiring", () => {
  it("infers link kinds and parameter types", () => {
    expectTypeOf(outputFileDataset("o").readDelimitedFiles()).toEqualTypeOf<TabularData>();
    expectTypeOf(outputFileDataset("o").asInput()).toEqualTypeOf<FileData>();
    expectTypeOf(dataset("d", { version: "1", type: "mltable" })).toEqualTypeOf<TabularData>();
    expectTypeOf(dataset("d", { version: "1" })).toEqualTypeOf<FileData>();
    expectTypeOf(pipelineParameter("p", "x")).toEqualTypeOf<PipelineParameter<string>>();
    expectTypeOf(pipelineParameter("p", 1)).toEqualTypeOf<PipelineParameter<number>>();
    expectTypeOf(pipelineParameter("p", false)).toEqualTypeOf<PipelineParameter<boolean>>();
    expectTypeOf(mistakes).toBeFunction();
  });

  it("types AutoML outputs and ties the metric to the task", () => {
    pipeline({ name: "ok" }, () => {
      const out = outputFileDataset("out");
      const step = autoMLStep({ name: "t", task: "regression", trainingData: out.readDelimitedFiles(), labelColumn: "y", primaryMetric: "r2_score" });
      expectTypeOf(step.outputs.bestModel).toEqualTypeOf<ModelData>();
      expectTypeOf<Parameters<typeof autoMLStep<"regression">>[0]["primaryMetric"]>().toEqualTypeOf<
        "spearman_correlation" | "normalized_root_mean_squared_error" | "r2_score" | "normalized_mean_absolute_error" | undefined
      >();
    });
  });

  it("types schedules: one trigger kind, Azure's zone names and units", () => {
    schedule({ name: "ok", cron: "0 2 * * *", timeZone: "W. Europe Standard Time" });
    schedule({ name: "ok", recurrence: { frequency: "Week", hours: [2], minutes: [0], weekDays: ["Monday"] } });
    // @ts-expect-error a zone name with the wrong case is not one Azure accepts
    schedule({ name: "tz", cron: "0 2 * * *", timeZone: "Pacific Standard time" });
    // @ts-expect-error cron and recurrence together are ambiguous
    schedule({ name: "both", cron: "0 2 * * *", recurrence: { frequency: "Day", hours: [2], minutes: [0] } });
    // The same mistakes without the type-checker are refused when the file runs.
    expect(() =>
      // @ts-expect-error frequency uses Azure's enum casing
      schedule({ name: "case", recurrence: { frequency: "day", hours: [2], minutes: [0] } }),
    ).toThrow(`option 'recurrence.frequency' of schedule must be "Minute" or "Hour" or "Day" or "Week" or "Month", not the string "day"`);
    expect(() =>
      // @ts-expect-error week days are names, not numbers
      schedule({ name: "days", recurrence: { frequency: "Week", hours: [2], minutes: [0], weekDays: [1] } }),
    ).toThrow(/^option 'recurrence.weekDays' of schedule must be a list of "Monday" or .*; item 1 is the number 1$/);
    expectTypeOf(schedule({ name: "n", cron: "0 0 * * *" }).name).toEqualTypeOf<string>();
  });
});
