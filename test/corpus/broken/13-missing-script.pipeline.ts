import { outputFileDataset, pipeline, pythonScriptStep } from "@sluice/dsl";

export default pipeline({ name: "missing_script", defaultCompute: "cpu-cluster" }, () => {
  const out = outputFileDataset("out");
  pythonScriptStep({ name: "prep", sourceDirectory: "../src", script: "preprocess.py", arguments: ["--out", out] });
  return { out };
});
