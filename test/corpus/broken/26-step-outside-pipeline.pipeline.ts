import { outputFileDataset, pipeline, pythonScriptStep } from "@sluice/dsl";

const out = outputFileDataset("out");
pythonScriptStep({ name: "prep", sourceDirectory: "../src", script: "prep.py", arguments: ["--out", out] });

export default pipeline({ name: "outside", defaultCompute: "cpu-cluster" }, () => ({ out }));
