import { outputFileDataset, pipeline, pythonScriptStep } from "@sluice/dsl";

// Built but never exported: Sluice cannot find it.
pipeline({ name: "hidden", defaultCompute: "cpu-cluster" }, () => {
  const out = outputFileDataset("out");
  pythonScriptStep({ name: "prep", sourceDirectory: "../src", script: "prep.py", arguments: ["--out", out] });
  return { out };
});
