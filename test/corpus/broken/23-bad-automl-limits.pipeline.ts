import { autoMLStep, outputFileDataset, pipeline, pythonScriptStep } from "@sluice/dsl";

export default pipeline({ name: "bad_limits", defaultCompute: "cpu-cluster" }, () => {
  const out = outputFileDataset("out");
  pythonScriptStep({ name: "prep", sourceDirectory: "../src", script: "prep.py", arguments: ["--out", out] });
  const train = autoMLStep({
    name: "train",
    task: "classification",
    trainingData: out.readDelimitedFiles(),
    labelColumn: "y",
    nCrossValidations: 1,
    limits: { iterations: 2, maxConcurrentIterations: 4, iterationTimeoutMinutes: 0.5 },
  });
  return { model: train.outputs.bestModel };
});
