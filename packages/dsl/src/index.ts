export { pipeline, isPipeline, Pipeline, type PipelineOptions, type PipelineOutputValue } from "./pipeline.ts";
export { pythonScriptStep, PythonScriptStep, type PythonScriptStepOptions, type ScriptArgument } from "./steps/python-script-step.ts";
export { autoMLStep, AutoMLStep, type AutoMLStepOptions, type AutoMLLimits } from "./steps/automl-step.ts";
export { registerModelStep, RegisterModelStep, type RegisterModelStepOptions } from "./steps/register-model-step.ts";
export {
  CLASSIFICATION_METRICS,
  REGRESSION_METRICS,
  defaultMetric,
  metricsFor,
  type ClassificationMetric,
  type RegressionMetric,
  type MetricFor,
} from "./ir/automl-metrics.ts";
export { outputFileDataset, OutputFileDataset, type DelimitedOptions } from "./data/output-file-dataset.ts";
export { dataset, webFiles, localFiles, type DatasetOptions } from "./data/data-inputs.ts";
export { pipelineParameter, PipelineParameter, type ParameterValue } from "./data/pipeline-parameter.ts";
export type { DataLink, DataKind, FileData, TabularData, ModelData, MetricsData } from "./data/data-link.ts";
export { compute, type Compute } from "./resources/compute.ts";
export { environment, DEFAULT_ENVIRONMENT, type Environment } from "./resources/environment.ts";
export { schedule, Schedule, type ScheduleOptions, type Recurrence, type RecurrenceFrequency, type WeekDay } from "./schedules/schedule.ts";
export { TIME_ZONES, type TimeZone } from "./schedules/time-zones.ts";
export { SluiceDefinitionError, isSluiceDefinitionError } from "./core/errors.ts";
export type { PipelineIR, StepIR, ScheduleIR, SourceLocation } from "./ir/schema.ts";
