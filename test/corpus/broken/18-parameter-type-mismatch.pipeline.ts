// Plain-JS callers (or an `as never` cast) get past the types; the compiler still catches it.
import { autoMLStep, outputFileDataset, pipeline, pipelineParameter, pythonScriptStep, registerModelStep } from "@sluice/dsl";

const version = pipelineParameter("model_version", 3);

export default pipeline({ name: "param_mismatch", defaultCompute: "cpu-cluster" }, () => {
  const out = outputFileDataset("out");
  pythonScriptStep({ name: "prep", sourceDirectory: "../src", script: "prep.py", arguments: ["--out", out] });
  const train = autoMLStep({ name: "train", task: "classification", trainingData: out.readDelimitedFiles(), labelColumn: "y" });
  registerModelStep({ name: "register", model: train.outputs.bestModel, modelName: version as never });
});
