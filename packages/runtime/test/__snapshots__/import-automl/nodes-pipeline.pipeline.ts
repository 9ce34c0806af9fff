// Imported by `sluice import` from ../job.yml.
import { autoMLStep, cmd, commandStep, environment, localFiles, pipeline, pipelineParameter } from "@sluice/dsl";

export default pipeline({ name: "automl_nodes", defaultCompute: "cpu-cluster" }, () => {
  const train = localFiles("train", "../train", { type: "mltable" });
  const label = pipelineParameter("label", "sales");
  const fit = autoMLStep({
    name: "fit",
    task: "regression",
    labelColumn: label,
    trainingData: train,
    primaryMetric: "r2_score",
    validationDataSize: 0.2,
    testDataSize: 0.1,
    featurization: { mode: "off" },
    limits: { maxTrials: 2 },
    blockedAlgorithms: ["knn"],
  });
  const classify = autoMLStep({
    name: "classify",
    displayName: "Classify stores",
    compute: "gpu-cluster",
    task: "classification",
    labelColumn: "store",
    trainingData: train,
    primaryMetric: "AUC_weighted",
    cvSplitColumns: ["fold"],
    positiveLabel: "1",
    outputs: { bestModel: { mode: "upload" } },
  });
  const use = commandStep({
    name: "use",
    inputs: {
      model: classify.outputs.bestModel,
    },
    environment: environment("AzureML-sklearn-1.0-ubuntu20.04-py38-cpu:1"),
    command: ({ inputs }) => cmd`python use.py --model ${inputs.model}`,
  });
  return {
    model: fit.outputs.bestModel,
  };
});
