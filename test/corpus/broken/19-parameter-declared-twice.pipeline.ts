import { outputFileDataset, pipeline, pipelineParameter, pythonScriptStep } from "@sluice/dsl";

export default pipeline({ name: "param_twice", defaultCompute: "cpu-cluster" }, () => {
  const a = outputFileDataset("a");
  const b = outputFileDataset("b");
  pythonScriptStep({ name: "head", sourceDirectory: "../src", script: "prep.py", arguments: ["--rows", pipelineParameter("rows", 100), "--out", a] });
  pythonScriptStep({ name: "tail", sourceDirectory: "../src", script: "prep.py", arguments: ["--rows", pipelineParameter("rows", "all"), "--out", b] });
  return { a, b };
});
