import { outputFileDataset, pipeline, pipelineParameter, pythonScriptStep } from "@sluice/dsl";

const separator = pipelineParameter("separator", "-");
const empty = pipelineParameter("suffix", "");

export default pipeline({ name: "literal_values", defaultCompute: "cpu-cluster" }, () => {
  const out = outputFileDataset("out");
  pythonScriptStep({ name: "prep", sourceDirectory: "../src", script: "prep.py", arguments: ["--sep", separator, "--suffix", empty, "--out", out] });
  return { out };
});
