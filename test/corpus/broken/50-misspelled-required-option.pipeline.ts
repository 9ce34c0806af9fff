import { outputFileDataset, pipeline, pythonScriptStep } from "@sluice/dsl";

// A misspelled required option is one mistake: SL008 names it, without a second "needs option 'script'".
export default pipeline({ name: "typo_required", defaultCompute: "cpu-cluster" }, () => {
  const out = outputFileDataset("out");
  pythonScriptStep({ name: "prep", sourceDirectory: "../src", scirpt: "prep.py", arguments: ["--out", out] } as never);
  return { out };
});
