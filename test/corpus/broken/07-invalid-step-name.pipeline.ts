import { outputFileDataset, pipeline, pythonScriptStep } from "@sluice/dsl";

export default pipeline({ name: "bad_step_name", defaultCompute: "cpu-cluster" }, () => {
  const out = outputFileDataset("out");
  pythonScriptStep({ name: "data-prep v2", sourceDirectory: "../src", script: "prep.py", arguments: ["--out", out] });
  return { out };
});
