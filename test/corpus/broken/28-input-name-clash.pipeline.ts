import { outputFileDataset, pipeline, pythonScriptStep, webFiles } from "@sluice/dsl";

const trainCsv = webFiles("data", "https://example.com/train.csv");
const testCsv = webFiles("data", "https://example.com/test.csv");

export default pipeline({ name: "input_clash", defaultCompute: "cpu-cluster" }, () => {
  const out = outputFileDataset("out");
  pythonScriptStep({ name: "prep", sourceDirectory: "../src", script: "prep.py", arguments: ["--train", trainCsv, "--test", testCsv, "--out", out] });
  return { out };
});
