import { outputFileDataset, pipeline, pythonScriptStep } from "@sluice/dsl";

export default pipeline({ name: "bad_output_name", defaultCompute: "cpu-cluster" }, () => {
  const out = outputFileDataset("prepped-data");
  pythonScriptStep({ name: "prep", sourceDirectory: "../src", script: "prep.py", arguments: ["--out", out] });
  return { prepped: out };
});
