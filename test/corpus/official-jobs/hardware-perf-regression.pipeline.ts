// azureml-examples cli/jobs/automl-standalone-jobs/cli-automl-regression-task-hardware-perf,
// written in Sluice: AutoML regression with custom featurization (a column treated as
// categorical, the label encoder blocked, two columns imputed with their most frequent value).
import { automlJob, dataTable } from "@sluice/dsl";

const mostFrequent = (column: string) => ({ fields: [column], parameters: { strategy: "most_frequent" } });

export default automlJob({
  name: "hardware-perf-regression",
  experiment: "dpv2-cli-automl-regression-experiment",
  description: "A regression job using hardware performance dataset",
  compute: "cpu-cluster",
  task: "regression",
  logVerbosity: "debug",
  primaryMetric: "r2_score",
  labelColumn: "ERP",
  nCrossValidations: 5,
  trainingData: dataTable("../../../.shared/corpus/azureml-examples/cli/jobs/automl-standalone-jobs/cli-automl-regression-task-hardware-perf/training-mltable-folder"),
  limits: { timeoutMinutes: 180, maxTrials: 10, maxConcurrentTrials: 2, trialTimeoutMinutes: 20 },
  enableEarlyStopping: true,
  featurization: {
    mode: "custom",
    blockedTransformers: ["label_encoder"],
    columnPurposes: { CHMIN: "categorical" },
    transformerParams: { imputer: [mostFrequent("CACH"), mostFrequent("PRP")] },
  },
  training: { enableModelExplainability: true },
  allowedAlgorithms: ["light_gbm", "xg_boost_regressor"],
});
