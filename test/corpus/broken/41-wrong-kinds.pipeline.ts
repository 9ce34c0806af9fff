import { autoMLStep, outputFileDataset, pipeline, pythonScriptStep, registerModelStep } from "@sluice/dsl";

// Values of the wrong kind, as a pipeline without the type-checker would pass them.
export default pipeline({ name: "wrong_kinds", defaultCompute: "cpu-cluster" }, () => {
  const out = outputFileDataset("out");
  pythonScriptStep({ name: "prep", sourceDirectory: "../src", script: 42, arguments: ["--out", out, { flag: true }], timeoutSeconds: "600" } as never);
  const train = autoMLStep({ name: "train", task: "classification", trainingData: out, labelColumn: 7 } as never);
  registerModelStep({ name: "register", model: out.asInput(), modelName: "m" } as never);
  return { model: train.outputs.bestModel };
});
