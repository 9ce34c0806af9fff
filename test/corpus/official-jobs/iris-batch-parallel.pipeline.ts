// azureml-examples cli/jobs/parallel/2a_iris_batch_prediction, written in Sluice: a parallel job
// scoring an mltable of Iris rows, 10 kB at a time, in two processes on each of two machines,
// with the model folder downloaded and the predictions appended to one file.
import { cmd, dataFolder, dataTable, environment, output, parallelStep, pipeline } from "@sluice/dsl";

const EXAMPLE = "../../../.shared/corpus/azureml-examples/cli/jobs/parallel/2a_iris_batch_prediction";

export default pipeline(
  {
    name: "iris-batch-prediction-using-parallel",
    description: "The hello world pipeline job with inline parallel job",
    experiment: "hello-world-parallel-job",
    tags: { tag: "tagvalue", owner: "sdkteam" },
    defaultCompute: "cpu-cluster",
  },
  () => {
    parallelStep({
      name: "batch_prediction",
      compute: "cpu-cluster",
      inputs: {
        input_data: dataTable(`${EXAMPLE}/neural-iris-mltable`, { mode: "direct" }),
        score_model: dataFolder(`${EXAMPLE}/iris-model`, { mode: "download" }),
      },
      outputs: { job_output_file: output.uriFile() },
      outputSettings: {
        job_output_file: { path: "azureml://datastores/${{default_datastore}}/paths/${{name}}/aggregated_returns.csv", mode: "rw_mount" },
      },
      inputData: "input_data",
      code: `${EXAMPLE}/script`,
      entryScript: "iris_prediction.py",
      environment: environment({
        name: "prs-env",
        version: "1",
        image: "mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu20.04",
        condaFile: `${EXAMPLE}/environment/environment_parallel.yml`,
      }),
      programArguments: ({ inputs }) =>
        cmd`--model ${inputs.score_model} --allowed_failed_percent 30 --task_overhead_timeout 1200 --progress_update_timeout 600 --first_task_creation_timeout 600 --resource_monitor_interval 20`,
      appendRowTo: "job_output_file",
      miniBatchSize: "10kb",
      resources: { instanceCount: 2 },
      maxConcurrencyPerInstance: 2,
      loggingLevel: "DEBUG",
      errorThreshold: 5,
      miniBatchErrorThreshold: 5,
      retry: { maxRetries: 2, timeoutSeconds: 60 },
      environmentVariables: { AZUREML_PARALLEL_EXAMPLE: "2a_yaml" },
    });
    return {};
  },
);
