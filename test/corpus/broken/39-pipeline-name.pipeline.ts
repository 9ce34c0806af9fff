import { outputFileDataset, pipeline, pythonScriptStep } from "@sluice/dsl";

// A name that would make `compile --out` write outside its folder; the experiment is valid.
export default pipeline({ name: "../../oops", experiment: "oops", defaultCompute: "cpu-cluster" }, () => {
  const out = outputFileDataset("out");
  pythonScriptStep({ name: "prep", sourceDirectory: "../src", script: "prep.py", arguments: ["--out", out] });
  return { out };
});
