// The walkthrough's sweep as it submits it: a standalone Sweep job (REST `jobType: Sweep`), not
// a pipeline. Same trial, search space, sampling and objective; fewer trials than its 20 so a
// laptop finishes it quickly. The best trial's model is the job's output.
import { choice, sweepJob, uniform } from "@sluice/dsl";
import { iris, train } from "./train-component.ts";

export default sweepJob({
  name: "lightgbm-iris-sweep-example",
  experiment: "lightgbm-iris-sweep-example",
  description: "Run a hyperparameter sweep job on the Iris dataset.",
  compute: "cpu-cluster",
  trial: train,
  inputs: { iris_csv: iris },
  searchSpace: { learning_rate: uniform(0.01, 0.9), boosting: choice(["gbdt", "hist"]) },
  sampling: { type: "random", seed: 7 },
  objective: { metric: "test-multi_logloss", goal: "minimize" },
  limits: { maxTotalTrials: 6, maxConcurrentTrials: 3, timeoutSeconds: 7200 },
});
