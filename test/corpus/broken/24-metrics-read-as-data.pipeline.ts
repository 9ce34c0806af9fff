import { autoMLStep, outputFileDataset, pipeline, pythonScriptStep } from "@sluice/dsl";

export default pipeline({ name: "metrics_as_data", defaultCompute: "cpu-cluster" }, () => {
  const out = outputFileDataset("out");
  const report = outputFileDataset("report");
  pythonScriptStep({ name: "prep", sourceDirectory: "../src", script: "prep.py", arguments: ["--out", out] });
  const train = autoMLStep({ name: "train", task: "classification", trainingData: out.readDelimitedFiles(), labelColumn: "y" });
  pythonScriptStep({ name: "report", sourceDirectory: "../src", script: "prep.py", arguments: ["--metrics", train.outputs.metrics as never, "--out", report] });
  return { report };
});
