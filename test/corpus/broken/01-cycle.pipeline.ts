import { outputFileDataset, pipeline, pythonScriptStep } from "@sluice/dsl";

export default pipeline({ name: "cycle", defaultCompute: "cpu-cluster" }, () => {
  const a = outputFileDataset("a");
  const b = outputFileDataset("b");
  pythonScriptStep({ name: "first", sourceDirectory: "../src", script: "prep.py", arguments: ["--in", b.asInput(), "--out", a] });
  pythonScriptStep({ name: "second", sourceDirectory: "../src", script: "prep.py", arguments: ["--in", a.asInput(), "--out", b] });
});
