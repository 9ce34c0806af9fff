// azureml-examples nyc_taxi_data_regression/single-job-pipeline.yml: the training component alone.
import { dataFolder, pipeline } from "@sluice/dsl";
import { train } from "../nyc_taxi_data_regression/nyc-taxi.pipeline.ts";

const EXAMPLE = "../../../../.shared/corpus/azureml-examples/cli/jobs/pipelines-with-components/nyc_taxi_data_regression";

export default pipeline(
  { name: "nyc_taxi_data_regression_single_job", description: "Single job pipeline to train regression model based on nyc taxi dataset" },
  () => {
    train({
      name: "train_job",
      compute: "cpu-cluster",
      inputs: { training_data: dataFolder(`${EXAMPLE}/data_transformed`) },
      outputs: { model_output: {} },
    });
  },
);
