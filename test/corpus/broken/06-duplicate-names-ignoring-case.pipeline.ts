import { outputFileDataset, pipeline, pythonScriptStep } from "@sluice/dsl";

export default pipeline({ name: "case_clash", defaultCompute: "cpu-cluster" }, () => {
  const a = outputFileDataset("a");
  const b = outputFileDataset("b");
  pythonScriptStep({ name: "Prep", sourceDirectory: "../src", script: "prep.py", arguments: ["--out", a] });
  pythonScriptStep({ name: "prep", sourceDirectory: "../src", script: "prep.py", arguments: ["--out", b] });
  return { a, b };
});
