import { cmd, commandStep, dataFile, dataFolder, dataTable, environment, pipeline } from "@sluice/dsl";

// Data given at steps that is not what it says: missing, a folder given as a file, and an
// mltable folder without the MLTable file that describes it.
const env = environment("AzureML-sklearn-1.0-ubuntu20.04-py38-cpu:1");

export default pipeline({ name: "step_data", defaultCompute: "cpu-cluster" }, () => {
  commandStep({ name: "missing", environment: env, inputs: { d: dataFolder("./no-such-folder") }, command: ({ inputs }) => cmd`ls ${inputs.d}` });
  commandStep({ name: "kind", environment: env, inputs: { f: dataFile("../src") }, command: ({ inputs }) => cmd`cat ${inputs.f}` });
  commandStep({ name: "table", environment: env, inputs: { t: dataTable("../src") }, command: ({ inputs }) => cmd`ls ${inputs.t}` });
});
