// azureml-examples nyc_taxi_data_regression: prep → transform → train → predict → score.
import { cmd, component, dataFolder, environment, input, output, pipeline } from "@sluice/dsl";

const EXAMPLE = "../../../../.shared/corpus/azureml-examples/cli/jobs/pipelines-with-components/nyc_taxi_data_regression";
const sklearn = environment("azureml://registries/azureml/environments/sklearn-1.5/labels/latest");

export const prep = component({
  name: "prep_taxi_data",
  displayName: "PrepTaxiData",
  version: "1",
  code: `${EXAMPLE}/prep_src`,
  environment: sklearn,
  inputs: { raw_data: input.uriFolder() },
  outputs: { prep_data: output.uriFolder() },
  command: ({ inputs, outputs }) => cmd`python prep.py --raw_data ${inputs.raw_data} --prep_data ${outputs.prep_data}`,
});

export const transform = component({
  name: "taxi_feature_engineering",
  displayName: "TaxiFeatureEngineering",
  version: "1",
  code: `${EXAMPLE}/transform_src`,
  environment: sklearn,
  inputs: { clean_data: input.uriFolder() },
  outputs: { transformed_data: output.uriFolder() },
  command: ({ inputs, outputs }) => cmd`python transform.py --clean_data ${inputs.clean_data} --transformed_data ${outputs.transformed_data}`,
});

export const train = component({
  name: "train_linear_regression_model",
  displayName: "TrainLinearRegressionModel",
  version: "1",
  code: `${EXAMPLE}/train_src`,
  environment: sklearn,
  inputs: { training_data: input.uriFolder(), test_split_ratio: input.number({ min: 0, max: 1, default: 0.2 }) },
  outputs: { model_output: output.mlflowModel(), test_data: output.uriFolder() },
  command: ({ inputs, outputs }) =>
    cmd`python train.py --training_data ${inputs.training_data} --test_data ${outputs.test_data} --model_output ${outputs.model_output} --test_split_ratio ${inputs.test_split_ratio}`,
});

const predict = component({
  name: "predict_taxi_fares",
  displayName: "PredictTaxiFares",
  version: "1",
  code: `${EXAMPLE}/predict_src`,
  environment: sklearn,
  inputs: { model_input: input.mlflowModel(), test_data: input.uriFolder() },
  outputs: { predictions: output.uriFolder() },
  command: ({ inputs, outputs }) => cmd`python predict.py --model_input ${inputs.model_input} --test_data ${inputs.test_data} --predictions ${outputs.predictions}`,
});

const score = component({
  name: "score_model",
  displayName: "ScoreModel",
  version: "1",
  code: `${EXAMPLE}/score_src`,
  environment: sklearn,
  inputs: { predictions: input.uriFolder(), model: input.mlflowModel() },
  outputs: { score_report: output.uriFolder() },
  command: ({ inputs, outputs }) => cmd`python score.py --predictions ${inputs.predictions} --model ${inputs.model} --score_report ${outputs.score_report}`,
});

export default pipeline(
  {
    name: "nyc_taxi_data_regression",
    description: "Train regression model based on nyc taxi dataset",
    defaultDatastore: "workspaceblobstore",
    defaultCompute: "cpu-cluster",
    continueOnStepFailure: false,
  },
  () => {
    const prepared = prep({ name: "prep_job", inputs: { raw_data: dataFolder(`${EXAMPLE}/data`) } });
    const transformed = transform({ name: "transform_job", inputs: { clean_data: prepared.outputs.prep_data } });
    const trained = train({
      name: "train_job",
      inputs: { training_data: transformed.outputs.transformed_data },
      outputs: { model_output: { mode: "rw_mount" } },
    });
    const predicted = predict({
      name: "predict_job",
      inputs: { model_input: trained.outputs.model_output, test_data: trained.outputs.test_data },
      outputs: { predictions: { mode: "rw_mount" } },
    });
    const scored = score({
      name: "score_job",
      inputs: { predictions: predicted.outputs.predictions, model: trained.outputs.model_output },
      outputs: { score_report: { mode: "rw_mount" } },
    });
    return {
      pipeline_job_trained_model: trained.outputs.model_output,
      pipeline_job_predictions: predicted.outputs.predictions,
      pipeline_job_score_report: scored.outputs.score_report,
    };
  },
);
