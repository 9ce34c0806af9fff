// AutoML settings are typed by task: a positive label only for classification, forecasting
// settings only for forecasting, algorithms and meta-learners from their lists (`tsc` fails if
// an `@ts-expect-error` below stops being an error).
import { describe, expectTypeOf, it } from "vitest";
import { autoMLStep, dataset, pipeline, type AutoMLStepOptions, type ForecastingSettings } from "@sluice/dsl";

/** Never called: only type-checked. */
function mistakes(): void {
  pipeline({ name: "p" }, () => {
    const table = dataset("t", { version: "1", type: "mltable" });
    // @ts-expect-error regression has no positive label
    autoMLStep({ name: "r", task: "regression", trainingData: table, labelColumn: "y", positiveLabel: "1" });
    // @ts-expect-error forecasting settings belong to forecasting
    autoMLStep({ name: "c", task: "classification", trainingData: table, labelColumn: "y", forecasting: { timeColumnName: "d" } });
    // @ts-expect-error prophet is a forecasting model, not a classification one
    autoMLStep({ name: "c2", task: "classification", trainingData: table, labelColumn: "y", allowedAlgorithms: ["prophet"] });
    // @ts-expect-error not a meta-learner Azure has
    autoMLStep({ name: "c3", task: "classification", trainingData: table, labelColumn: "y", training: { stackEnsemble: { metaLearner: "xgboost" } } });
    // @ts-expect-error not a column purpose
    autoMLStep({ name: "c4", task: "classification", trainingData: table, labelColumn: "y", featurization: { columnPurposes: { a: "number" } } });
    // @ts-expect-error test data must be a table
    autoMLStep({ name: "c5", task: "classification", trainingData: table, labelColumn: "y", testData: "x" });
    autoMLStep({
      name: "f",
      task: "forecasting",
      trainingData: table,
      labelColumn: "y",
      allowedAlgorithms: ["prophet", "auto_arima"],
      forecasting: { timeColumnName: "date", forecastHorizon: "auto", targetLags: [1, 7] },
    });
    autoMLStep({ name: "c6", task: "classification", trainingData: table, labelColumn: "y", positiveLabel: "yes", testData: table, weightColumn: "w" });
  });
}

describe("AutoML settings are typed per task", () => {
  it("offers forecasting settings only to forecasting, and positive labels only to classification", () => {
    expectTypeOf<AutoMLStepOptions<"forecasting">["forecasting"]>().toEqualTypeOf<ForecastingSettings | undefined>();
    expectTypeOf<AutoMLStepOptions<"regression">["forecasting"]>().toEqualTypeOf<undefined>();
    expectTypeOf<AutoMLStepOptions<"classification">["positiveLabel"]>().toEqualTypeOf<string | undefined>();
    expectTypeOf<AutoMLStepOptions<"forecasting">["positiveLabel"]>().toEqualTypeOf<undefined>();
    expectTypeOf(mistakes).toBeFunction();
  });
});
