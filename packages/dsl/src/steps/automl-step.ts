import { currentScope } from "../core/builder-context.ts";
import { captureLocation } from "../core/source-location.ts";
import { DataLink, ProducedData, type MetricsData, type ModelData, type TabularData } from "../data/data-link.ts";
import type { PipelineParameter } from "../data/pipeline-parameter.ts";
import type { AutoMLStepIR, AutoMLTask, SourceLocation } from "../ir/schema.ts";
import { computeName, type Compute } from "../resources/compute.ts";
import { defaultMetric, type MetricFor } from "../ir/automl-metrics.ts";
import type { Synthesis, SynthesizableStep } from "./synthesis.ts";

export interface AutoMLLimits {
  /** v1 name of `maxTrials`. */
  iterations?: number;
  maxTrials?: number;
  maxConcurrentIterations?: number;
  iterationTimeoutMinutes?: number;
  experimentTimeoutMinutes?: number;
}

export interface AutoMLStepOptions<T extends AutoMLTask> {
  name: string;
  task: T;
  /** Must be tabular: an OutputFileDataset's `readDelimitedFiles()` or an mltable dataset. */
  trainingData: TabularData;
  validationData?: TabularData;
  labelColumn: string | PipelineParameter<string>;
  primaryMetric?: MetricFor<T>;
  featurization?: "auto" | "off";
  nCrossValidations?: number | "auto";
  limits?: AutoMLLimits;
  enableEarlyStopping?: boolean;
  compute?: Compute | string;
  allowReuse?: boolean;
}

/** Automated ML over a table (Azure's AutoMLStep); outputs the best model and the trial metrics. */
export class AutoMLStep<T extends AutoMLTask = AutoMLTask> implements SynthesizableStep {
  readonly kind = "automl" as const;
  readonly name: string;
  readonly definedAt: SourceLocation;
  readonly outputs: { readonly bestModel: ModelData; readonly metrics: MetricsData };
  private readonly options: AutoMLStepOptions<T>;

  constructor(options: AutoMLStepOptions<T>, definedAt: SourceLocation) {
    this.name = options.name;
    this.definedAt = definedAt;
    this.options = options;
    this.outputs = {
      bestModel: new DataLink("model", new ProducedData("best_model", definedAt)),
      metrics: new DataLink("metrics", new ProducedData("metrics", definedAt)),
    };
  }

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
      }),
      outputs: {
        best_model: { data: synthesis.dataId(this.outputs.bestModel.target as ProducedData) },
        metrics: { data: synthesis.dataId(this.outputs.metrics.target as ProducedData) },
      },
    };
    return Object.assign(ir, dropUndefined({
      validationData: o.validationData ? synthesis.ref(o.validationData) : undefined,
      featurization: o.featurization,
      nCrossValidations: o.nCrossValidations,
      enableEarlyStopping: o.enableEarlyStopping,
      compute: computeName(o.compute),
    }));
  }
}

function dropUndefined<T extends object>(value: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as never;
}

export function autoMLStep<const T extends AutoMLTask>(options: AutoMLStepOptions<T>): AutoMLStep<T> {
  const definedAt = captureLocation();
  const scope = currentScope("autoMLStep", definedAt);
  const step = new AutoMLStep(options, definedAt);
  scope.addStep(step);
  return step;
}
