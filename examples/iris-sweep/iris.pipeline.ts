// The REST walkthrough's hyperparameter sweep ("REST로 모델 학습", last part) as a pipeline:
// a training component swept over its learning rate and boosting kind (seeded random sampling,
// test-multi_logloss minimized, a bandit policy), then the best trial's model registered.
import { choice, pipeline, registerModelStep, sweepStep, uniform } from "@sluice/dsl";
import { iris, sklearn, train } from "./train-component.ts";

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
