import { outputFileDataset, pipeline, pythonScriptStep } from "@sluice/dsl";

export default pipeline({ name: "orphan_input", defaultCompute: "cpu-cluster" }, () => {
  const never = outputFileDataset("never_written");
  const out = outputFileDataset("out");
  pythonScriptStep({ name: "consumer", sourceDirectory: "../src", script: "prep.py", arguments: ["--in", never.asInput(), "--out", out] });
  return { out };
});
