// azureml-examples cli/jobs/automl-standalone-jobs/cli-automl-forecasting-task-energy-demand,
// written in Sluice: a standalone AutoML forecasting job over an MLTable folder, scored on test
// data, 48 hours ahead of an hourly series, with AutoML choosing the cross-validation folds.
import { automlJob, dataTable } from "@sluice/dsl";

const data = (folder: string) => dataTable(`../../../.shared/corpus/azureml-examples/cli/jobs/automl-standalone-jobs/cli-automl-forecasting-task-energy-demand/${folder}`);

export default automlJob({
  name: "energy-demand-forecasting",
  experiment: "dpv2-cli-automl-forecasting-energy-demand",
  description: "A Time-Series Forecasting job using energy demand dataset",
  compute: "cpu-cluster",
  task: "forecasting",
  primaryMetric: "normalized_root_mean_squared_error",
  logVerbosity: "info",
  trainingData: data("training-mltable-folder"),
  testData: data("test-mltable-folder"),
  labelColumn: "demand",
  nCrossValidations: "auto",
  limits: { timeoutMinutes: 20, maxTrials: 10, maxConcurrentTrials: 4, trialTimeoutMinutes: 20 },
  enableEarlyStopping: true,
  forecasting: { timeColumnName: "timeStamp", forecastHorizon: 48, frequency: "H", targetLags: "auto" },
  training: { enableModelExplainability: true, enableStackEnsemble: false },
  blockedAlgorithms: ["extreme_random_trees", "auto_arima", "prophet"],
});
