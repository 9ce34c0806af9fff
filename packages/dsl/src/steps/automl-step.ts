import { currentScope, enforceOptions, withoutRefused } from "../core/builder-context.ts";
import { data, either, flag, listOf, number, object, oneOf, type Shape, stringParameter, text } from "../core/option-checks.ts";
import { captureLocation } from "../core/source-location.ts";
import { DataLink, ProducedData, type MetricsData, type ModelData, type TabularData } from "../data/data-link.ts";
import type { PipelineParameter } from "../data/pipeline-parameter.ts";
import type { AutoMLStepIR, AutoMLTask, SourceLocation } from "../ir/schema.ts";
import { COMPUTE_FIELD, computeName, type Compute } from "../resources/compute.ts";
import { defaultMetric, type MetricFor } from "../ir/automl-metrics.ts";
import type { AlgorithmFor } from "../ir/automl-algorithms.ts";
import type { Synthesis, SynthesizableStep } from "./synthesis.ts";

/** How long and how much AutoML may try (Azure's `limits`). */
export interface AutoMLLimits {
  /** The v1 SDK's name of {@link AutoMLLimits.maxTrials}; give one or the other. */
  iterations?: number;
  /** How many models (algorithm and settings) to train at most. Azure's default is 1000; locally, trials run until the experiment timeout. */
  maxTrials?: number;
  /** Trials running at once (Azure: per node of the compute; locally: processes on this machine). */
  maxConcurrentIterations?: number;
  /** Stop a single trial after this many minutes. */
  iterationTimeoutMinutes?: number;
  /** Stop the whole experiment after this many minutes; the best model so far wins. */
  experimentTimeoutMinutes?: number;
  /** Stop as soon as a trial's primary metric reaches this value. */
  exitScore?: number;
}

export type { AutoMLTask };

/** Options of {@link autoMLStep}; `T` is the task, which types `primaryMetric`. */
export interface AutoMLStepOptions<T extends AutoMLTask> {
  /** Step name, unique in the pipeline (ignoring case). */
  name: string;
  /** What to learn; decides the metrics `primaryMetric` may name. */
  task: T;
  /**
   * The table to learn from. Must be tabular (a TypeScript error otherwise): an
   * {@link OutputFileDataset}'s `readDelimitedFiles()` or an mltable {@link dataset}.
   */
  trainingData: TabularData;
  /** A separate table to score trials on, instead of cross-validation. */
  validationData?: TabularData;
  /** The column to predict (Azure's `target_column_name`). Checked against the data when it runs. */
  labelColumn: string | PipelineParameter<string>;
  /**
   * The metric that picks the best model, typed by `task` (a misspelling is a TypeScript error
   * and SL120). Default: `AUC_weighted` for classification, `normalized_root_mean_squared_error`
   * for regression.
   */
  primaryMetric?: MetricFor<T>;
  /** `auto`: AutoML encodes and imputes raw columns; `off`: the data must already be numeric. Default `auto`. */
  featurization?: "auto" | "off";
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
  /** Compute for this step on Azure, overriding the pipeline's `defaultCompute`. */
  compute?: Compute | string;
  /** Reuse a previous run when the data and settings did not change. Default true. */
  allowReuse?: boolean;
}

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
      trainingData: synthesis.ref(o.trainingData),
      labelColumn: synthesis.ref(o.labelColumn),
      primaryMetric: o.primaryMetric ?? defaultMetric(o.task),
      limits: dropUndefined({
        maxTrials: limits.maxTrials ?? limits.iterations,
        maxConcurrentTrials: limits.maxConcurrentIterations,
        trialTimeoutMinutes: limits.iterationTimeoutMinutes,
        timeoutMinutes: limits.experimentTimeoutMinutes,
        exitScore: limits.exitScore,
      }),
      outputs: {
        best_model: { data: synthesis.dataId(this.outputs.bestModel.target as ProducedData) },
        metrics: { data: synthesis.dataId(this.outputs.metrics.target as ProducedData) },
      },
    };
    return Object.assign(
      ir,
      dropUndefined({
        validationData: o.validationData ? synthesis.ref(o.validationData) : undefined,
        featurization: o.featurization,
        nCrossValidations: o.nCrossValidations,
        enableEarlyStopping: o.enableEarlyStopping,
        allowedAlgorithms: o.allowedAlgorithms ? [...o.allowedAlgorithms] : undefined,
        blockedAlgorithms: o.blockedAlgorithms ? [...o.blockedAlgorithms] : undefined,
        validationDataSize: o.validationDataSize,
        compute: computeName(o.compute),
      }),
    );
  }
}

function dropUndefined<T extends object>(value: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as never;
}

const tabular = data("tabular", "tabular data (an output's readDelimitedFiles() or an mltable dataset)");

const AUTOML_STEP_OPTIONS: Shape = {
  name: { check: text, required: true },
  task: { check: oneOf("classification", "regression", "forecasting"), required: true },
  trainingData: { check: tabular, required: true },
  validationData: { check: tabular },
  labelColumn: { check: stringParameter, required: true },
  primaryMetric: { check: text },
  featurization: { check: oneOf("auto", "off") },
  nCrossValidations: { check: either(number, oneOf("auto")) },
  limits: object({
    // Kinds here; ranges and their relations are the compiler's SL120, which reports them all.
    iterations: { check: number },
    maxTrials: { check: number },
    maxConcurrentIterations: { check: number },
    iterationTimeoutMinutes: { check: number },
    experimentTimeoutMinutes: { check: number },
    exitScore: { check: number },
  }),
  enableEarlyStopping: { check: flag },
  allowedAlgorithms: { check: listOf(text) },
  blockedAlgorithms: { check: listOf(text) },
  validationDataSize: { check: number },
  compute: COMPUTE_FIELD,
  allowReuse: { check: flag },
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
