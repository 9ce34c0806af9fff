import { outputFileDataset, pipeline, pythonScriptStep } from "@sluice/dsl";

const settings: { rows?: { limit: number } } = {};

export default pipeline({ name: "load_error", defaultCompute: "cpu-cluster" }, () => {
  const out = outputFileDataset("out");
  const limit = (settings.rows as { limit: number }).limit;
  pythonScriptStep({ name: "prep", sourceDirectory: "../src", script: "prep.py", arguments: ["--limit", limit, "--out", out] });
  return { out };
});
