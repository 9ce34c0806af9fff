import { outputFileDataset, pipeline, pythonScriptStep, webFiles } from "@sluice/dsl";

const titanic = webFiles("titanic_ds", "dprepdata.blob.core.windows.net/demo/Titanic.csv");

export default pipeline({ name: "not_a_url", defaultCompute: "cpu-cluster" }, () => {
  const out = outputFileDataset("out");
  pythonScriptStep({ name: "prep", sourceDirectory: "../src", script: "prep.py", arguments: ["--in", titanic, "--out", out] });
  return { out };
});
