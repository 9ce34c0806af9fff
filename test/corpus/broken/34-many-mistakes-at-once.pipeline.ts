import { autoMLStep, outputFileDataset, pipeline, pythonScriptStep } from "@sluice/dsl";

export default pipeline({ name: "many_mistakes" }, () => {
  const out = outputFileDataset("out");
  pythonScriptStep({ name: "prep-step", sourceDirectory: "../nowhere", script: "prep.py", arguments: ["--out", out] });
  const train = autoMLStep({ name: "train", task: "classification", trainingData: out.readDelimitedFiles(), labelColumn: "" });
  return { model: train.outputs.bestModel };
});
