// Imported by `sluice import` from ../job.yml.
import { autoMLStep, choice, localFiles, loguniform, pipeline } from "@sluice/dsl";

export default pipeline({ name: "text_nodes", defaultCompute: "gpu-cluster" }, () => {
  const train = localFiles("train", "../train", { type: "mltable" });
  const classify = autoMLStep({
    name: "classify",
    task: "text_classification",
    labelColumn: "y",
    trainingData: train,
    validationData: train,
    primaryMetric: "accuracy",
    datasetLanguage: "deu",
    trainingParameters: { numberOfEpochs: 3 },
    searchSpace: [
      { modelName: choice(["bert-base-german-cased"]), learningRate: loguniform(-9, -3) },
    ],
    sweep: { sampling: "random", earlyTermination: { policy: "bandit", slackAmount: 0.05, evaluationInterval: 1 } },
    limits: { maxNodes: 2, maxTrials: 2 },
  });
  const ner = autoMLStep({
    name: "ner",
    task: "text_ner",
    trainingData: train,
    validationData: train,
  });
});
