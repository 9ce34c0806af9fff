import { compute, outputFileDataset, pipeline, pythonScriptStep } from "@sluice/dsl";

// compute("") is a compute name that is wrong, once and where it is written: not "no compute" for every step.
export default pipeline({ name: "empty_compute", defaultCompute: compute("") }, () => {
  const a = outputFileDataset("a");
  const b = outputFileDataset("b");
  pythonScriptStep({ name: "one", sourceDirectory: "../src", script: "prep.py", arguments: ["--out", a] });
  pythonScriptStep({ name: "two", sourceDirectory: "../src", script: "prep.py", arguments: ["--out", b] });
  return { a, b };
});
