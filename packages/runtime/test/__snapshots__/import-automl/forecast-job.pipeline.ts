// Imported by `sluice import` from ../job.yml.
import { automlJob, dataTable } from "@sluice/dsl";

export default automlJob({
  name: "Sales_forecast",
  displayName: "Sales forecast",
  experiment: "sales",
  description: "every forecasting setting",
  tags: { team: "demand" },
  compute: "cpu-cluster",
  task: "forecasting",
  labelColumn: "sales",
  trainingData: dataTable("../train"),
  testData: dataTable("../test", { mode: "direct" }),
  primaryMetric: "normalized_mean_absolute_error",
  nCrossValidations: 4,
  weightColumn: "w",
  featurization: { mode: "custom", blockedTransformers: ["label_encoder", "tf_idf"], columnPurposes: { store: "categorical_hash", when: "datetime" }, transformerParams: { imputer: [{ fields: ["sales"], parameters: { strategy: "median" } }] } },
  limits: { maxTrials: 12, maxConcurrentTrials: 3, timeoutMinutes: 1500, trialTimeoutMinutes: 90, exitScore: 0.1, maxCoresPerTrial: -1 },
  enableEarlyStopping: false,
  allowedAlgorithms: ["tcn_forecaster", "light_gbm", "xg_boost_regressor"],
  training: { enableStackEnsemble: true, enableVoteEnsemble: false, enableOnnxCompatibleModels: true },
  forecasting: { timeColumnName: "when", forecastHorizon: 14, timeSeriesIdColumnNames: ["store"], targetLags: [1, 7], targetRollingWindowSize: "auto", frequency: "D", seasonality: 7, countryOrRegionForHolidays: "US", featureLags: "auto", shortSeriesHandlingConfig: "pad", targetAggregateFunction: "sum", useStl: "season_trend", cvStepSize: 2 },
  logVerbosity: "warning",
  outputs: { bestModel: {} },
});
