import { outputFileDataset, pipeline, pythonScriptStep } from "@sluice/dsl";

// sourceDirectory names the script itself: it exists, as a file, and is not "missing".
export default pipeline({ name: "source_is_file", defaultCompute: "cpu-cluster" }, () => {
  const out = outputFileDataset("out");
  pythonScriptStep({ name: "prep", sourceDirectory: "../src/prep.py", script: "prep.py", arguments: ["--out", out] });
  return { out };
});
