import { environment, outputFileDataset, pipeline, pythonScriptStep } from "@sluice/dsl";

const env = environment({ image: "mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu20.04:latest", condaFile: "./conda.yml" });

export default pipeline({ name: "missing_conda", defaultCompute: "cpu-cluster" }, () => {
  const out = outputFileDataset("out");
  pythonScriptStep({ name: "prep", sourceDirectory: "../src", script: "prep.py", arguments: ["--out", out], environment: env });
  return { out };
});
