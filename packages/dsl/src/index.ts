/**
 * Typed builders for Azure ML pipelines. A pipeline file (`<name>.pipeline.ts`) imports them,
 * builds its graph inside {@link pipeline}, and exports the result; the `sluice` CLI checks,
 * compiles, runs and deploys it. Mistakes in wiring are TypeScript errors; every other mistake
 * is a located diagnostic (`file:line:col [step] CODE message`, codes in docs/diagnostics.md).
 *
 * In the order a pipeline file uses them:
 * - data that exists before the run: {@link webFiles}, {@link localFiles}, {@link dataset};
 *   values each run may set: {@link pipelineParameter};
 * - where steps run on Azure: {@link compute}, {@link environment};
 * - the graph: {@link pipeline} and, inside its build function, {@link pythonScriptStep},
 *   {@link autoMLStep}, {@link registerModelStep}, {@link deployModelStep}, and steps of a {@link component}, a
 *   {@link commandStep} or a {@link pipelineComponent} (a pipeline used as a step), linked by {@link outputFileDataset}
 *   folders (`.asInput()`, `.readDelimitedFiles()`) and AutoML's `outputs`;
 * - retraining on Azure: {@link schedule}.
 * - serving: {@link onlineEndpoint}, {@link batchEndpoint} and their deployments; {@link deployModelStep} promotes a retrained model.
 *
 * Project settings live in `sluice.config.json` beside the project's `package.json`: `inputs`
 * maps data inputs by name to local paths for offline runs, `parallelism` caps the steps a
 * local run starts at once (default: the number of cores).
 *
 * @packageDocumentation
 */
export { pipeline, isPipeline, Pipeline, type PipelineOptions, type PipelineOutputValue } from "./pipeline.ts";
export { pythonScriptStep, PythonScriptStep, type PythonScriptStepOptions, type ScriptArgument } from "./steps/python-script-step.ts";
export {
  autoMLStep,
  AutoMLStep,
  type AutoMLStepOptions,
  type AutoMLLimits,
  type AutoMLTask,
  type AutoMLTraining,
  type AutoMLFeaturization,
  type ForecastingSettings,
  type StackMetaLearner,
  type BlockedTransformer,
  type ColumnPurpose,
  type TransformerParams,
  type TransformerParamsByName,
  type StackEnsembleSettings,
  type AutoMLLogVerbosity,
  type TableData,
} from "./steps/automl-step.ts";
export { automlJob, type AutoMLJobOptions } from "./steps/automl-job.ts";
export type {
  AutoMLImageTask,
  AutoMLTextTask,
  AutoMLSweep,
  ImageTrainingParameters,
  TextTrainingParameters,
  TrainingParametersFor,
  SearchSubspace,
} from "./steps/automl-deep-learning.ts";
export { registerModelStep, RegisterModelStep, type RegisterModelStepOptions } from "./steps/register-model-step.ts";
export { deployModelStep, DeployModelStep, type DeployModelStepOptions } from "./steps/deploy-model-step.ts";
export { HELD_OUT_METRICS, type HeldOutMetric } from "./ir/model-steps-schema.ts";
export {
  CLASSIFICATION_METRICS,
  REGRESSION_METRICS,
  IMAGE_MULTILABEL_METRICS,
  DETECTION_METRICS,
  TEXT_FIXED_METRICS,
  defaultMetric,
  metricsFor,
  type ClassificationMetric,
  type RegressionMetric,
  type MetricFor,
} from "./ir/automl-metrics.ts";
export {
  CLASSIFICATION_ALGORITHMS,
  REGRESSION_ALGORITHMS,
  FORECASTING_ALGORITHMS,
  algorithmsFor,
  type ClassificationAlgorithm,
  type RegressionAlgorithm,
  type ForecastingAlgorithm,
  type AlgorithmFor,
} from "./ir/automl-algorithms.ts";
export { outputFileDataset, OutputFileDataset, type DelimitedOptions } from "./data/output-file-dataset.ts";
export { dataset, webFiles, localFiles, dataAsset, type DatasetOptions, type DataAssetOptions, type InputModeOption } from "./data/data-inputs.ts";
export { pipelineParameter, PipelineParameter, type ParameterValue } from "./data/pipeline-parameter.ts";
export type { DataLink, DataKind, FileData, TabularData, ModelData, MetricsData, ValueData, ValueType } from "./data/data-link.ts";
export { ifElse, ControlNode, type IfElseOptions, type Condition, type StepRef, type LoopBody } from "./control/control-flow.ts";
export { doWhile, parallelFor, ParallelFor, type DoWhileOptions, type ParallelForOptions, type AggregatedOutputs } from "./control/loops.ts";
export type { ConsumableData, StepInputValue } from "./steps/step-io.ts";
export { component, type Component, type ComponentOptions, type Placeholders } from "./components/component.ts";
export {
  ComponentStep,
  type ComponentStepOptions,
  type InputValue,
  type InputValues,
  type OutputLink,
  type RequiredKeys,
  type StepOutputs,
} from "./components/component-step.ts";
export {
  input,
  output,
  type InputSpec,
  type OutputSpec,
  type InputOptions,
  type DataInputOptions,
  type StringInputOptions,
  type NumberInputOptions,
  type BooleanInputOptions,
  type OutputOptions,
  type ValueOutputOptions,
  type OutputIOType,
  type OutputSettings,
  type IsRequired,
  type HasDefault,
  type IsOptional,
  type PrimitiveInputType,
  type DataIOType,
} from "./components/io-specs.ts";
export {
  pipelineComponent,
  type PipelineComponent,
  type PipelineComponentOptions,
  type PipelineComponentStepOptions,
  type BodyInputs,
  type BodyOutputs,
} from "./components/pipeline-component.ts";
export { registeredComponent, type RegisteredComponentOptions } from "./components/registered-component.ts";
export { sparkComponent, type SparkComponent, type SparkComponentOptions, type SparkEntry, type SparkStepOptions } from "./components/spark-component.ts";
export { sparkStep, sparkJob, type SparkStepInlineOptions, type SparkJobOptions } from "./components/spark-step.ts";
export { parallelStep, type ParallelStepOptions, type MiniBatchSize, type ParallelTaskOptions, type ParallelSettings } from "./components/parallel-step.ts";
export { parallelComponent, type ParallelComponent, type ParallelComponentOptions } from "./components/parallel-component.ts";
export type { SparkConf, SparkResources, SparkIdentity } from "./components/spark-settings.ts";
export {
  sweepStep,
  sweepJob,
  type SweepStepOptions,
  type SweepJobOptions,
  type EarlyTermination,
  type PolicyTiming,
  type BanditPolicy,
  type MedianStoppingPolicy,
  type TruncationSelectionPolicy,
  type ValueInputs,
  type DistributionFor,
  type Sampling,
  type SweepObjective,
  type SweepLimits,
} from "./components/sweep-step.ts";
export {
  choice,
  randint,
  uniform,
  loguniform,
  normal,
  lognormal,
  quniform,
  qloguniform,
  qnormal,
  qlognormal,
  type Hyperparameter,
} from "./components/hyperparameters.ts";
export {
  loadComponent,
  setComponentFileLoader,
  type ComponentFiles,
  type ComponentFileLoader,
  type ComponentInterface,
  type LoadedInterface,
  type UntypedInterface,
} from "./components/load-component.ts";
export { cmd, opt, Placeholder, type CommandText } from "./components/command-text.ts";
export { commandStep, type CommandStepOptions, type CommandInputValue } from "./components/command-step.ts";
export { commandJob, type CommandJobOptions } from "./components/command-job.ts";
export type { StandaloneJobOptions } from "./components/standalone-job.ts";
export { StepData, dataFolder, dataFile, dataTable, dataModel } from "./components/step-data.ts";
export type { StepResources, StepDistribution, ProcessDistribution, TensorFlowDistribution, JobService } from "./components/run-settings.ts";
export type { DataMode } from "./ir/schema.ts";
export { compute, type Compute } from "./resources/compute.ts";
export { environment, DEFAULT_ENVIRONMENT, type Environment, type EnvironmentName } from "./resources/environment.ts";
export {
  batchDeployment,
  onlineDeployment,
  registeredModel,
  type BatchDeployment,
  type BatchDeploymentOptions,
  type ModelSource,
  type OnlineDeployment,
  type OnlineDeploymentOptions,
  type Probe,
  type RegisteredModel,
  type Scoring,
} from "./endpoints/deployments.ts";
export {
  batchEndpoint,
  onlineEndpoint,
  type BatchEndpointOptions,
  type Endpoint,
  type OnlineEndpoint,
  type OnlineEndpointOptions,
} from "./endpoints/endpoints.ts";
export {
  schedule,
  Schedule,
  type ScheduleOptions,
  type ScheduleCommonOptions,
  type Recurrence,
  type RecurrenceFrequency,
  type WeekDay,
} from "./schedules/schedule.ts";
export { TIME_ZONES, type TimeZone } from "./schedules/time-zones.ts";
export { SluiceDefinitionError, isSluiceDefinitionError, type DefinitionLocation } from "./core/errors.ts";
