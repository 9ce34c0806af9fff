import { cmd, commandStep, dataAsset, environment, localFiles, pipeline } from "@sluice/dsl";

// Pipeline-level local data that is not what it is declared as. A folder with an MLTable file is
// a fine mltable (../tables/described); these are not: a folder without one, a file declared a
// folder, and a folder declared a file.
const env = environment("AzureML-sklearn-1.0-ubuntu20.04-py38-cpu:1");
const described = dataAsset("described", { path: "../tables/described", type: "mltable" });
const bare = dataAsset("bare", { path: "../tables/bare", type: "mltable" });
const fileAsFolder = localFiles("file_as_folder", "../src/prep.py", { type: "uri_folder" });
const folderAsFile = dataAsset("folder_as_file", { path: "../tables/bare", type: "uri_file" });

export default pipeline({ name: "pipeline_data_shape", defaultCompute: "cpu-cluster" }, () => {
  commandStep({
    name: "read",
    environment: env,
    inputs: { a: described, b: bare, c: fileAsFolder, d: folderAsFile },
    command: ({ inputs }) => cmd`ls ${inputs.a} ${inputs.b} ${inputs.c} ${inputs.d}`,
  });
});
