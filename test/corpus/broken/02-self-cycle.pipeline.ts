import { outputFileDataset, pipeline, pythonScriptStep } from "@sluice/dsl";

export default pipeline({ name: "self_cycle", defaultCompute: "cpu-cluster" }, () => {
  const a = outputFileDataset("a");
  pythonScriptStep({ name: "loop", sourceDirectory: "../src", script: "prep.py", arguments: ["--in", a.asInput(), "--out", a] });
  return { a };
});
