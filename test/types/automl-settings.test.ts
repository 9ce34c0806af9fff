// AutoML settings are typed by task: a positive label only for classification, forecasting
// settings only for forecasting, algorithms and meta-learners from their lists (`tsc` fails if
// an `@ts-expect-error` below stops being an error).
import { describe, expectTypeOf, it } from "vitest";
import { autoMLStep, choice, dataset, pipeline, uniform, type AutoMLStepOptions, type ForecastingSettings } from "@sluice/dsl";

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
    // @ts-expect-error iou is a multi-label metric, not object detection's
    autoMLStep({ name: "i1", task: "image_object_detection", trainingData: table, labelColumn: "label", primaryMetric: "iou" });
    // @ts-expect-error cropSize is not an image training parameter (trainingCropSize is)
    autoMLStep({ name: "i2", task: "image_classification", trainingData: table, labelColumn: "label", trainingParameters: { cropSize: 224 } });
    // @ts-expect-error a text model takes no image settings
    autoMLStep({ name: "t1", task: "text_classification", trainingData: table, labelColumn: "y", trainingParameters: { layersToFreeze: 2 } });
    // @ts-expect-error a table's task has no sweep of its own
    autoMLStep({ name: "c7", task: "classification", trainingData: table, labelColumn: "y", sweep: { sampling: "random" } });
    // @ts-expect-error deep-learning tasks choose models in their search space, not by algorithm lists
    autoMLStep({ name: "i3", task: "image_classification", trainingData: table, labelColumn: "label", allowedAlgorithms: ["knn"] });
    // @ts-expect-error only text tasks have a dataset language
    autoMLStep({ name: "i4", task: "image_classification", trainingData: table, labelColumn: "label", datasetLanguage: "eng" });
    autoMLStep({
      name: "od",
      task: "image_object_detection",
      trainingData: table,
      labelColumn: "label",
      primaryMetric: "mean_average_precision",
      trainingParameters: { earlyStopping: true, optimizer: "adamw", modelSize: "small" },
      searchSpace: [
        { modelName: choice(["yolov5"]), learningRate: uniform(0.0001, 0.01) },
        { modelName: "fasterrcnn_resnet50_fpn", minSize: choice([600, 800]) },
      ],
      sweep: { sampling: "random", earlyTermination: { policy: "bandit", slackFactor: 0.2, evaluationInterval: 2 } },
      limits: { maxTrials: 10, maxConcurrentTrials: 2 },
    });
    autoMLStep({ name: "ner", task: "text_ner", trainingData: table, datasetLanguage: "eng", limits: { maxNodes: 4 } });
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
