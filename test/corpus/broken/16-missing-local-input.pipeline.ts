import { localFiles, outputFileDataset, pipeline, pythonScriptStep } from "@sluice/dsl";

const raw = localFiles("raw", "../data/titanic.csv");

export default pipeline({ name: "missing_local", defaultCompute: "cpu-cluster" }, () => {
  const out = outputFileDataset("out");
  pythonScriptStep({ name: "prep", sourceDirectory: "../src", script: "prep.py", arguments: ["--in", raw, "--out", out] });
  return { out };
});
