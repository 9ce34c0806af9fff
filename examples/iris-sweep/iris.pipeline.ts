// The REST walkthrough's hyperparameter sweep ("REST로 모델 학습", last part) as a pipeline:
// a training component swept over its learning rate and boosting kind (seeded random sampling,
// test-multi_logloss minimized, a bandit policy), then the best trial's model registered.
import { choice, cmd, component, environment, input, output, pipeline, registerModelStep, sweepStep, uniform, webFiles } from "@sluice/dsl";

const sklearn = environment("AzureML-sklearn-1.0-ubuntu20.04-py38-cpu:1");

// The walkthrough's public CSV; offline runs map it to ../shared/data/iris.csv (sluice.config.json).
const iris = webFiles("iris_csv", "https://azuremlexamples.blob.core.windows.net/datasets/iris.csv");

const train = component({
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

export default pipeline({ name: "iris_sweep", experiment: "lightgbm-iris-sweep-example", defaultCompute: "cpu-cluster" }, () => {
  const sweep = sweepStep({
    name: "sweep",
    trial: train,
    inputs: { iris_csv: iris },
    searchSpace: { learning_rate: uniform(0.01, 0.9), boosting: choice(["gbdt", "hist"]) },
    sampling: { type: "random", seed: 42 },
    objective: { metric: "test-multi_logloss", goal: "minimize" },
    limits: { maxTotalTrials: 8, maxConcurrentTrials: 2, timeoutSeconds: 7200 },
    earlyTermination: { policy: "bandit", slackFactor: 0.5, evaluationInterval: 1, delayEvaluation: 3 },
  });
  registerModelStep({ name: "register", model: sweep.outputs.model, modelName: "iris-sweep", environment: sklearn, allowReuse: false });
  return { best_model: sweep.outputs.model };
});
