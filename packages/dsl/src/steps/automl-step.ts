import { currentScope, enforceOptions, withoutRefused } from "../core/builder-context.ts";
import { either, flag, is, isPlainObject, listOf, number, object, oneOf, type Shape, stringParameter, stringRecord, text } from "../core/option-checks.ts";

const isObject = is("an object { fields, parameters }", isPlainObject);
import { captureLocation } from "../core/source-location.ts";
import { DataLink, ProducedData, type MetricsData, type ModelData, type TabularData } from "../data/data-link.ts";
import type { PipelineParameter } from "../data/pipeline-parameter.ts";
import type { AutoMLFeaturizationIR, AutoMLStepIR, AutoMLTask, AutoMLTrainingIR, ForecastingIR, SourceLocation, ValueRef } from "../ir/schema.ts";
import { StepData } from "../components/step-data.ts";
import type { StepResources } from "../components/run-settings.ts";
import type { Hyperparameter } from "../components/hyperparameters.ts";
import { EARLY_TERMINATION } from "../components/sweep-step.ts";
import { AutoMLTaskSchema, type HyperparameterIR } from "../ir/schema.ts";
import type { AutoMLImageTask, AutoMLSweep, AutoMLTextTask, SearchSubspace, TrainingParametersFor } from "./automl-deep-learning.ts";
import { COMPUTE_FIELD, computeName, type Compute } from "../resources/compute.ts";
import { defaultMetric, type MetricFor } from "../ir/automl-metrics.ts";
import type { AlgorithmFor } from "../ir/automl-algorithms.ts";
import type { Synthesis, SynthesizableStep } from "./synthesis.ts";

export type { AutoMLTask };
export type {
  AutoMLLimits,
  StackMetaLearner,
  AutoMLTraining,
  StackEnsembleSettings,
  BlockedTransformer,
  ColumnPurpose,
  TransformerParams,
  TransformerParamsByName,
  AutoMLFeaturization,
  ForecastingSettings,
} from "./automl-settings.ts";
import type { AutoMLLimits, AutoMLTraining, TransformerParams, AutoMLFeaturization, ForecastingSettings } from "./automl-settings.ts";

/** Options of {@link autoMLStep}; `T` is the task, which types `primaryMetric`. */
export interface AutoMLStepOptions<T extends AutoMLTask> {
  /** Step name, unique in the pipeline (ignoring case). */
  name: string;
  /** Shown in Azure's UI instead of the name. */
  displayName?: string;
  /** What to learn; decides the metrics `primaryMetric` may name. */
  task: T;
  /**
   * The table to learn from. Must be tabular (a TypeScript error otherwise): an
   * {@link OutputFileDataset}'s `readDelimitedFiles()` or an mltable {@link dataset}.
   */
  trainingData: TableData;
  /** A separate table to score trials on, instead of cross-validation. */
  validationData?: TableData;
  /**
   * The column to predict (Azure's `target_column_name`). Checked against the data when it runs.
   * Every task needs one but `text_ner`, whose labels are in its CoNLL text (SL118).
   */
  labelColumn?: string | PipelineParameter<string>;
  /**
   * The metric that picks the best model, typed by `task` (a misspelling is a TypeScript error
   * and SL117). Default: `AUC_weighted` for classification, `normalized_root_mean_squared_error`
   * for regression.
   */
  primaryMetric?: MetricFor<T>;
  /** `auto`: AutoML encodes and imputes raw columns; `off`: the data must already be numeric; or custom settings. Default `auto`. */
  featurization?: "auto" | "off" | AutoMLFeaturization;
  /** Folds of cross-validation when there is no `validationData`; `auto` lets AutoML choose. */
  nCrossValidations?: number | "auto";
  /** Trial count and time limits. */
  limits?: AutoMLLimits;
  /** End the experiment early when the primary metric stops improving. */
  enableEarlyStopping?: boolean;
  /** Only these algorithms are tried (typed by `task`; a misspelling is a TypeScript error). */
  allowedAlgorithms?: readonly AlgorithmFor<T>[];
  /** These algorithms are never tried. */
  blockedAlgorithms?: readonly AlgorithmFor<T>[];
  /** Hold out this share of the training data (0–1, exclusive) to score trials, instead of cross-validation. */
  validationDataSize?: number;
  /** A table the best model is scored on once trained (Azure's `test_data`); the scores go with the run's metrics. */
  testData?: TableData;
  /** Or hold out this share (0–1, exclusive) of the training data for that test. */
  testDataSize?: number;
  /** A column of row weights: fitting and scoring count each row by it. */
  weightColumn?: string;
  /** The class that counts as positive in binary metrics (classification only). */
  positiveLabel?: T extends "classification" ? string : never;
  /** Columns that each define one cross-validation split (1: train on the row, 0: validate on it). */
  cvSplitColumns?: readonly string[];
  /** Ensembles and extras. */
  training?: AutoMLTraining;
  /** Forecasting's own settings (forecasting only). */
  forecasting?: T extends "forecasting" ? ForecastingSettings : never;
  /** Compute for this step on Azure, overriding the pipeline's `defaultCompute`. */
  compute?: Compute | string;
  /** Reuse a previous run when the data and settings did not change. Default true. */
  allowReuse?: boolean;
  /** Image and text tasks: fixed settings of the models trained (Azure's `training_parameters`). */
  trainingParameters?: TrainingParametersFor<T>;
  /**
   * Image and text tasks: the subspaces trials sample, each a set of training parameters given as
   * values or distributions (Azure's `search_space`), e.g. `[{ modelName: choice(["yolov5"]), learningRate: uniform(0.0001, 0.01) }]`.
   */
  searchSpace?: readonly SearchSubspace<TrainingParametersFor<T>>[];
  /** Image and text tasks: how the search space is sampled and trials stopped early (Azure's `sweep`). */
  sweep?: T extends AutoMLImageTask | AutoMLTextTask ? AutoMLSweep : never;
  /** Text tasks: the language of the text, as a three-letter code (`eng`, `deu`; `mul` for several). */
  datasetLanguage?: T extends AutoMLTextTask ? string : never;
  /** Azure: the machines AutoML runs on (a serverless job's or node's instance type and count). */
  resources?: StepResources;
  /** How much the AutoML run logs on Azure (Azure's `log_verbosity`). Default `info`. */
  logVerbosity?: AutoMLLogVerbosity;
  /**
   * Outputs declared at the node, as a CLI v2 YAML's `outputs: best_model: {type: mlflow_model}`
   * does (Azure's examples declare it before a later node reads it); `mode` as for any output.
   */
  outputs?: {
    /** Declare the best model at the node (Azure's `best_model: {type: mlflow_model}`). */
    bestModel?: {
      /** How Azure writes it: `rw_mount` (its default) or `upload`. */
      mode?: "rw_mount" | "upload";
    };
  };
}

/** A table AutoML reads: tabular data of the pipeline, or an MLTable folder given here with {@link dataTable}. */
export type TableData = TabularData | StepData<"mltable">;

/** Azure AutoML's log levels. */
export type AutoMLLogVerbosity = "not_set" | "debug" | "info" | "warning" | "error" | "critical";

/** An AutoML step, what {@link autoMLStep} returns. */
export class AutoMLStep<T extends AutoMLTask = AutoMLTask> implements SynthesizableStep {
  /** @internal */
  readonly kind = "automl" as const;
  /** The step name as written; its Azure node key is this name lower-cased. */
  readonly name: string;
  /** @internal */
  readonly definedAt: SourceLocation;
  /**
   * `bestModel`: the winning model in MLflow format (register it, or return it as a pipeline
   * output); `metrics`: every trial's metrics (a pipeline output only: on Azure they live in run
   * history, SL123).
   */
  readonly outputs: {
    /** The winning model, MLflow format. */
    readonly bestModel: ModelData;
    /** Every trial's metrics. */
    readonly metrics: MetricsData;
  };
  private readonly options: AutoMLStepOptions<T>;

  /** @internal */
  constructor(options: AutoMLStepOptions<T>, definedAt: SourceLocation) {
    this.name = options.name;
    this.definedAt = definedAt;
    this.options = options;
    this.outputs = {
      bestModel: new DataLink("model", new ProducedData("best_model", definedAt)),
      metrics: new DataLink("metrics", new ProducedData("metrics", definedAt)),
    };
  }

  /** @internal */
  toIR(synthesis: Synthesis): AutoMLStepIR {
    const o = this.options;
    const limits = o.limits ?? {};
    const ir: AutoMLStepIR = {
      kind: "automl",
      name: this.name,
      definedAt: this.definedAt,
      allowReuse: o.allowReuse ?? true,
      task: o.task,
      trainingData: tableRef(synthesis, o.trainingData),
      primaryMetric: o.primaryMetric ?? defaultMetric(o.task),
      limits: dropUndefined({
        maxTrials: limits.maxTrials ?? limits.iterations,
        maxConcurrentTrials: limits.maxConcurrentTrials ?? limits.maxConcurrentIterations,
        trialTimeoutMinutes: limits.trialTimeoutMinutes ?? limits.iterationTimeoutMinutes,
        timeoutMinutes: limits.timeoutMinutes ?? limits.experimentTimeoutMinutes,
        exitScore: limits.exitScore,
        maxCoresPerTrial: limits.maxCoresPerTrial,
        maxNodes: limits.maxNodes,
      }),
      outputs: {
        best_model: {
          data: synthesis.dataId(this.outputs.bestModel.target as ProducedData),
          ...(o.outputs?.bestModel ? { declared: true, ...(o.outputs.bestModel.mode ? { mode: o.outputs.bestModel.mode } : {}) } : {}),
        },
        metrics: { data: synthesis.dataId(this.outputs.metrics.target as ProducedData) },
      },
    };
    return Object.assign(
      ir,
      dropUndefined({
        validationData: o.validationData ? tableRef(synthesis, o.validationData) : undefined,
        featurization: typeof o.featurization === "string" ? o.featurization : undefined,
        featurizationSettings: typeof o.featurization === "object" ? featurizationIR(o.featurization) : undefined,
        testData: o.testData ? tableRef(synthesis, o.testData) : undefined,
        testDataSize: o.testDataSize,
        weightColumn: o.weightColumn,
        positiveLabel: o.positiveLabel,
        cvSplitColumns: o.cvSplitColumns ? [...o.cvSplitColumns] : undefined,
        training: o.training ? trainingIR(o.training) : undefined,
        forecasting: o.forecasting ? forecastingIR(o.forecasting as ForecastingSettings) : undefined,
        nCrossValidations: o.nCrossValidations,
        enableEarlyStopping: o.enableEarlyStopping,
        allowedAlgorithms: o.allowedAlgorithms ? [...o.allowedAlgorithms] : undefined,
        blockedAlgorithms: o.blockedAlgorithms ? [...o.blockedAlgorithms] : undefined,
        validationDataSize: o.validationDataSize,
        logVerbosity: o.logVerbosity,
        labelColumn: o.labelColumn === undefined ? undefined : synthesis.ref(o.labelColumn),
        trainingParameters: o.trainingParameters ? { ...(o.trainingParameters as Record<string, string | number | boolean>) } : undefined,
        searchSpace: o.searchSpace?.map(subspaceIR),
        sweep: o.sweep ? sweepIR(o.sweep as AutoMLSweep) : undefined,
        datasetLanguage: o.datasetLanguage,
        resources: o.resources ? dropUndefined({ ...o.resources }) : undefined,
        displayName: o.displayName,
        compute: computeName(o.compute),
      }),
    );
  }
}

/** A subspace as IR: distributions by their definition, values as they are. */
function subspaceIR(subspace: Readonly<Record<string, unknown>>): Record<string, HyperparameterIR | string | number | boolean> {
  return Object.fromEntries(
    Object.entries(subspace)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => [k, isHyperparameter(v) ? v.ir : (v as string | number | boolean)]),
  );
}

const isHyperparameter = (v: unknown): v is Hyperparameter<unknown> => isPlainObject(v) && (v as { kind?: unknown }).kind === "hyperparameter";

function sweepIR(sweep: AutoMLSweep): AutoMLStepIR["sweep"] {
  const policy =
    sweep.earlyTermination && (dropUndefined({ ...sweep.earlyTermination }) as NonNullable<NonNullable<AutoMLStepIR["sweep"]>["earlyTermination"]>);
  return { sampling: sweep.sampling, ...(policy ? { earlyTermination: policy } : {}) };
}

/** A table's reference: a data link as any, an MLTable folder given with `dataTable` as its URI. */
function tableRef(synthesis: Synthesis, value: TableData): ValueRef {
  if (value instanceof StepData)
    return { type: "uri", assetType: "mltable", uri: value.uri, base: value.definedAt.file, ...(value.mode ? { mode: value.mode } : {}) };
  return synthesis.ref(value);
}

function featurizationIR(f: AutoMLFeaturization): AutoMLFeaturizationIR {
  const params = f.transformerParams
    ? Object.fromEntries(
        Object.entries(f.transformerParams).map(([k, list]) => [
          k,
          ((list ?? []) as readonly TransformerParams[]).map((p) => ({ fields: [...p.fields], parameters: { ...p.parameters } })),
        ]),
      )
    : undefined;
  return dropUndefined({
    mode: f.mode ?? "custom",
    blockedTransformers: f.blockedTransformers ? [...f.blockedTransformers] : undefined,
    columnPurposes: f.columnPurposes ? { ...f.columnPurposes } : undefined,
    transformerParams: params,
    enableDnnFeaturization: f.enableDnnFeaturization,
  });
}

function trainingIR(t: AutoMLTraining): AutoMLTrainingIR {
  return dropUndefined({ ...t, stackEnsemble: t.stackEnsemble ? dropUndefined({ ...t.stackEnsemble }) : undefined });
}

function forecastingIR(f: ForecastingSettings): ForecastingIR {
  return dropUndefined({
    ...f,
    timeSeriesIdColumnNames: f.timeSeriesIdColumnNames ? [...f.timeSeriesIdColumnNames] : undefined,
    targetLags: Array.isArray(f.targetLags) ? [...f.targetLags] : (f.targetLags as "auto" | undefined),
  });
}

function dropUndefined<T extends object>(value: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as never;
}

const tabular = is(
  "tabular data (an output's readDelimitedFiles(), an mltable dataset or dataTable(…))",
  (v) => (v instanceof DataLink && v.kind === "tabular") || (v instanceof StepData && v.type === "mltable"),
);

export const AUTOML_STEP_OPTIONS: Shape = {
  name: { check: text, required: true },
  displayName: { check: text },
  task: { check: oneOf(...AutoMLTaskSchema.options), required: true },
  trainingData: { check: tabular, required: true },
  validationData: { check: tabular },
  labelColumn: { check: stringParameter },
  trainingParameters: { check: is("an object of training parameters", isPlainObject) },
  searchSpace: { check: listOf(is("an object of training parameters and distributions", isPlainObject)) },
  sweep: object({
    sampling: { check: oneOf("random", "grid", "bayesian"), required: true },
    earlyTermination: EARLY_TERMINATION,
  }),
  datasetLanguage: { check: text },
  resources: object({ instanceCount: { check: number }, instanceType: { check: text }, shmSize: { check: text } }),
  primaryMetric: { check: text },
  featurization: {
    check: either(
      oneOf("auto", "off"),
      is("custom featurization settings", (v) => typeof v === "object" && v !== null && !Array.isArray(v)),
    ),
    shape: {
      mode: { check: oneOf("auto", "custom", "off") },
      blockedTransformers: { check: listOf(text) },
      columnPurposes: { check: stringRecord },
      transformerParams: object({
        imputer: { check: listOf(isObject) },
        hash_one_hot_encoder: { check: listOf(isObject) },
        tf_idf: { check: listOf(isObject) },
      }),
      enableDnnFeaturization: { check: flag },
    },
  },
  testData: { check: tabular },
  testDataSize: { check: number },
  weightColumn: { check: text },
  positiveLabel: { check: text },
  cvSplitColumns: { check: listOf(text) },
  training: object({
    enableStackEnsemble: { check: flag },
    enableVoteEnsemble: { check: flag },
    enableModelExplainability: { check: flag },
    enableOnnxCompatibleModels: { check: flag },
    enableDnnTraining: { check: flag },
    stackEnsemble: object({ metaLearner: { check: text }, trainPercentage: { check: number } }),
  }),
  forecasting: object({
    timeColumnName: { check: text, required: true },
    forecastHorizon: { check: either(number, oneOf("auto")) },
    timeSeriesIdColumnNames: { check: listOf(text) },
    targetLags: { check: either(listOf(number), oneOf("auto")) },
    targetRollingWindowSize: { check: either(number, oneOf("auto")) },
    frequency: { check: text },
    seasonality: { check: either(number, oneOf("auto")) },
    countryOrRegionForHolidays: { check: text },
    featureLags: { check: oneOf("auto", "none") },
    shortSeriesHandlingConfig: { check: oneOf("auto", "pad", "drop", "none") },
    targetAggregateFunction: { check: oneOf("sum", "max", "min", "mean", "none") },
    useStl: { check: oneOf("season", "season_trend", "none") },
    cvStepSize: { check: number },
  }),
  nCrossValidations: { check: either(number, oneOf("auto")) },
  limits: object({
    // Kinds here; ranges and their relations are the compiler's SL120, which reports them all.
    iterations: { check: number },
    maxTrials: { check: number },
    maxConcurrentIterations: { check: number },
    maxConcurrentTrials: { check: number },
    iterationTimeoutMinutes: { check: number },
    trialTimeoutMinutes: { check: number },
    experimentTimeoutMinutes: { check: number },
    timeoutMinutes: { check: number },
    exitScore: { check: number },
    maxCoresPerTrial: { check: number },
    maxNodes: { check: number },
  }),
  enableEarlyStopping: { check: flag },
  allowedAlgorithms: { check: listOf(text) },
  blockedAlgorithms: { check: listOf(text) },
  validationDataSize: { check: number },
  compute: COMPUTE_FIELD,
  allowReuse: { check: flag },
  logVerbosity: { check: oneOf("not_set", "debug", "info", "warning", "error", "critical") },
  outputs: object({ bestModel: object({ mode: { check: oneOf("rw_mount", "upload") } }) }),
};

/**
 * Automated ML over a table (Azure ML's `AutoMLStep`; an AutoML job in v2): tries algorithms and
 * settings, keeps the best model by `primaryMetric`. Locally a scikit-learn engine runs the same
 * settings with Azure's metric names. Call it inside a {@link pipeline} build function.
 *
 * @example
 * ```ts
 * const train = autoMLStep({
 *   name: "train",
 *   task: "classification",
 *   trainingData: prepared.readDelimitedFiles(),
 *   labelColumn: "Survived",
 *   primaryMetric: "AUC_weighted",
 *   limits: { maxTrials: 5, experimentTimeoutMinutes: 15 },
 * });
 * registerModelStep({ name: "register", model: train.outputs.bestModel, modelName: "titanic" });
 * ```
 */
export function autoMLStep<const T extends AutoMLTask>(options: AutoMLStepOptions<T>): AutoMLStep<T> {
  const definedAt = captureLocation();
  const scope = currentScope("autoMLStep", definedAt);
  const refused = enforceOptions("autoMLStep", options, AUTOML_STEP_OPTIONS, definedAt);
  const step = new AutoMLStep(withoutRefused(options, refused), definedAt);
  scope.addStep(step);
  return step;
}
