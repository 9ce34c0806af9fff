import { outputFileDataset, pipeline, pipelineParameter, pythonScriptStep } from "@sluice/dsl";

const ratio = pipelineParameter("split ratio", 0.2);

export default pipeline({ name: "bad_parameter_name", defaultCompute: "cpu-cluster" }, () => {
  const out = outputFileDataset("out");
  pythonScriptStep({ name: "prep", sourceDirectory: "../src", script: "prep.py", arguments: ["--ratio", ratio, "--out", out] });
  return { out };
});
