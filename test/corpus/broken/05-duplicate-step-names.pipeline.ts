import { outputFileDataset, pipeline, pythonScriptStep } from "@sluice/dsl";

export default pipeline({ name: "duplicate_names", defaultCompute: "cpu-cluster" }, () => {
  const a = outputFileDataset("a");
  const b = outputFileDataset("b");
  pythonScriptStep({ name: "prep", sourceDirectory: "../src", script: "prep.py", arguments: ["--out", a] });
  pythonScriptStep({ name: "prep", sourceDirectory: "../src", script: "prep.py", arguments: ["--out", b] });
  return { a, b };
});
