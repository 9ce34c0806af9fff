import { outputFileDataset, pipeline, pythonScriptStep } from "@sluice/dsl";

export default pipeline({ name: "unused_output", defaultCompute: "cpu-cluster" }, () => {
  const used = outputFileDataset("used");
  const forgotten = outputFileDataset("forgotten");
  pythonScriptStep({ name: "prep", sourceDirectory: "../src", script: "prep.py", arguments: ["--out", used, "--debug", forgotten] });
  return { used };
});
