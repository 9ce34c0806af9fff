import { outputFileDataset, pipeline, pythonScriptStep } from "@sluice/dsl";

export default pipeline({ name: "two_producers", defaultCompute: "cpu-cluster" }, () => {
  const shared = outputFileDataset("shared");
  pythonScriptStep({ name: "writer_a", sourceDirectory: "../src", script: "prep.py", arguments: ["--out", shared] });
  pythonScriptStep({ name: "writer_b", sourceDirectory: "../src", script: "prep.py", arguments: ["--out", shared] });
  return { shared };
});
