import { autoMLStep, outputFileDataset, pipeline, pythonScriptStep, registerModelStep } from "@sluice/dsl";

// Misspelled options: each one would otherwise be ignored without a word.
export default pipeline({ name: "typos", defaultCompute: "cpu-cluster", continueOnStepFaliure: true } as never, () => {
  const out = outputFileDataset("out");
  pythonScriptStep({ name: "prep", sourceDirectory: "../src", script: "prep.py", arguments: ["--out", out], allowreuse: false } as never);
  const train = autoMLStep({ name: "train", task: "classification", trainingData: out.readDelimitedFiles(), labelColumn: "y", primaryMetrc: "accuracy", limits: { maxTrals: 3 } } as never);
  registerModelStep({ name: "register", model: train.outputs.bestModel, modelName: "m", descripton: "x" } as never);
  return { out };
});
