import { compute, outputFileDataset, pipeline, pythonScriptStep } from "@sluice/dsl";

export default pipeline({ name: "no_compute" }, () => {
  const a = outputFileDataset("a");
  const b = outputFileDataset("b");
  pythonScriptStep({ name: "with_compute", sourceDirectory: "../src", script: "prep.py", arguments: ["--out", a], compute: compute("cpu-cluster") });
  pythonScriptStep({ name: "without_compute", sourceDirectory: "../src", script: "prep.py", arguments: ["--in", a.asInput(), "--out", b] });
  return { b };
});
