import { autoMLStep, outputFileDataset, pipeline, pythonScriptStep } from "@sluice/dsl";

export default pipeline({ name: "wrong_metric", defaultCompute: "cpu-cluster" }, () => {
  const out = outputFileDataset("out");
  pythonScriptStep({ name: "prep", sourceDirectory: "../src", script: "prep.py", arguments: ["--out", out] });
  const train = autoMLStep({
    name: "train",
    task: "regression",
    trainingData: out.readDelimitedFiles(),
    labelColumn: "y",
    primaryMetric: "AUC_weighted" as never,
  });
  return { model: train.outputs.bestModel };
});
