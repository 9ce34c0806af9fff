// The Iris trial both sweeps run: scikit-learn gradient boosting, swept over its learning rate
// and boosting kind, logging test-multi_logloss with MLflow as it trains.
import { cmd, component, environment, input, output, webFiles } from "@sluice/dsl";

export const sklearn = environment("AzureML-sklearn-1.0-ubuntu20.04-py38-cpu:1");

// The walkthrough's public CSV; offline runs map it to ../shared/data/iris.csv (sluice.config.json).
export const iris = webFiles("iris_csv", "https://azuremlexamples.blob.core.windows.net/datasets/iris.csv");

export const train = component({
  name: "train_iris",
  displayName: "Train on Iris",
  code: "./src",
  environment: sklearn,
  inputs: {
    iris_csv: input.uriFile(),
    learning_rate: input.number({ default: 0.1, min: 0.001, max: 1 }),
    boosting: input.string({ default: "gbdt", enum: ["gbdt", "hist"] }),
    n_estimators: input.integer({ default: 60, min: 10 }),
  },
  outputs: { model: output.mlflowModel() },
  command: ({ inputs, outputs }) =>
    cmd`python train.py --iris-csv ${inputs.iris_csv} --learning-rate ${inputs.learning_rate} --boosting ${inputs.boosting} --n-estimators ${inputs.n_estimators} --model ${outputs.model}`,
});
