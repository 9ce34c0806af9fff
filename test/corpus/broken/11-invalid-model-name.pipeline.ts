import { autoMLStep, outputFileDataset, pipeline, pythonScriptStep, registerModelStep } from "@sluice/dsl";

export default pipeline({ name: "bad_model_name", defaultCompute: "cpu-cluster" }, () => {
  const out = outputFileDataset("out");
  pythonScriptStep({ name: "prep", sourceDirectory: "../src", script: "prep.py", arguments: ["--out", out] });
  const train = autoMLStep({ name: "train", task: "classification", trainingData: out.readDelimitedFiles(), labelColumn: "y" });
  registerModelStep({ name: "register", model: train.outputs.bestModel, modelName: "my model/v1" });
});
