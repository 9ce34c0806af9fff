import { outputFileDataset, pipeline, pythonScriptStep, webFiles } from "@sluice/dsl";

const titanic = webFiles("titanic_ds", [
  "https://dprepdata.blob.core.windows.net/demo/Titanic.csv",
  "https://dprepdata.blob.core.windows.net/demo/Titanic2.csv",
]);

export default pipeline({ name: "two_urls", defaultCompute: "cpu-cluster" }, () => {
  const out = outputFileDataset("out");
  pythonScriptStep({ name: "prep", sourceDirectory: "../src", script: "prep.py", arguments: ["--in", titanic, "--out", out] });
  return { out };
});
