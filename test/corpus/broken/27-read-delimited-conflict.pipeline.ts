import { autoMLStep, outputFileDataset, pipeline, pythonScriptStep } from "@sluice/dsl";

export default pipeline({ name: "delimited_conflict", defaultCompute: "cpu-cluster" }, () => {
  const out = outputFileDataset("out");
  pythonScriptStep({ name: "prep", sourceDirectory: "../src", script: "prep.py", arguments: ["--out", out] });
  const a = autoMLStep({ name: "train_a", task: "classification", trainingData: out.readDelimitedFiles(), labelColumn: "y" });
  const b = autoMLStep({ name: "train_b", task: "classification", trainingData: out.readDelimitedFiles({ delimiter: ";" }), labelColumn: "y" });
  return { a: a.outputs.bestModel, b: b.outputs.bestModel };
});
