// azureml-examples cli/jobs/single-step/dask/nyctaxi/job.yml, written in Sluice: a 4-node job on
// an image with a conda file, reading a public blob folder mounted read-only.
import { cmd, commandJob, dataFolder, environment, output } from "@sluice/dsl";

const EXAMPLE = "../../../.shared/corpus/azureml-examples/cli/jobs/single-step/dask/nyctaxi";

export default commandJob({
  name: "dask-nyctaxi-example",
  experiment: "dask-nyctaxi-example",
  description:
    "This sample shows how to run a distributed DASK job on AzureML. The 24GB NYC Taxi dataset is read in CSV format by a 4 node DASK cluster, processed and then written as job output in parquet format.",
  compute: "cpu-cluster-lg",
  code: `${EXAMPLE}/src`,
  environment: environment({ image: "mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu22.04", condaFile: `${EXAMPLE}/conda.yaml` }),
  inputs: { nyc_taxi_dataset: dataFolder("wasbs://datasets@azuremlexamples.blob.core.windows.net/nyctaxi/", { mode: "ro_mount" }) },
  outputs: { output_folder: output.uriFolder() },
  command: ({ inputs, outputs }) =>
    cmd`python startDask.py --script prep-nyctaxi.py  --nyc_taxi_dataset ${inputs.nyc_taxi_dataset} --output_folder ${outputs.output_folder}`,
  resources: { instanceCount: 4 },
  distribution: { type: "pytorch" },
});
