import { currentScope, enforceOptions, withoutRefused } from "../core/builder-context.ts";
import { SluiceDefinitionError } from "../core/errors.ts";
import { type Field, isPlainObject, number, object, oneOf, type Shape, text } from "../core/option-checks.ts";
import { captureLocation } from "../core/source-location.ts";
import type { HyperparameterIR, SweepSettingsIR, SweepStepIR } from "../ir/schema.ts";
import type { DataLink } from "../data/data-link.ts";
import type { Pipeline } from "../pipeline.ts";
import type { Synthesis } from "../steps/synthesis.ts";
import type { Component } from "./component.ts";
import { ComponentStep, stepShape, type ComponentStepOptions, type InputValues } from "./component-step.ts";
import type { Hyperparameter } from "./hyperparameters.ts";
import { standaloneJob, type StandaloneJobOptions } from "./standalone-job.ts";
import type { InputSpec, OutputSpec } from "./io-specs.ts";

/** The names of a component's value inputs (the ones a sweep can sample). */
export type ValueInputs<I> = { [K in keyof I]: I[K] extends InputSpec<"string" | "number" | "integer" | "boolean", boolean> ? K : never }[keyof I];

/** The distributions an input of each type can be swept with. */
export type DistributionFor<S> =
  S extends InputSpec<"string", boolean>
    ? Hyperparameter<string>
    : S extends InputSpec<"integer", boolean>
      ? Hyperparameter<"integer"> | Hyperparameter<"quantized"> | Hyperparameter<number>
      : S extends InputSpec<"number", boolean>
        ? Hyperparameter<number> | Hyperparameter<"integer"> | Hyperparameter<"quantized">
        : S extends InputSpec<"boolean", boolean>
          ? Hyperparameter<boolean>
          : never;

/** When a policy looks at the trials' metrics. */
export interface PolicyTiming {
  /** Look every this many metric reports. */
  evaluationInterval?: number;
  /** Wait for this many reports first. */
  delayEvaluation?: number;
}

/** Bandit: stop a trial whose metric is not within the slack of the best trial's (give a factor or an amount). */
export interface BanditPolicy extends PolicyTiming {
  /** Bandit. */
  policy: "bandit";
  /** Allowed shortfall as a ratio of the best value. */
  slackFactor?: number;
  /** Allowed shortfall as an absolute amount. */
  slackAmount?: number;
}

/** Median stopping: stop a trial whose best metric is worse than the median of the trials' running averages. */
export interface MedianStoppingPolicy extends PolicyTiming {
  /** Median stopping. */
  policy: "median_stopping";
}

/** Truncation selection: stop the worst share of trials at each evaluation. */
export interface TruncationSelectionPolicy extends PolicyTiming {
  /** Truncation selection. */
  policy: "truncation_selection";
  /** The share (1–99, percent) of trials stopped at each evaluation. */
  truncationPercentage: number;
}

/** When a sweep stops trials that fall behind (Azure's early termination policies). */
export type EarlyTermination = BanditPolicy | MedianStoppingPolicy | TruncationSelectionPolicy;

/** How a sweep draws values. */
export interface Sampling {
  /** `random`, `grid` (every combination of choices) or `bayesian`. */
  type: "random" | "grid" | "bayesian";
  /** Random sampling with a seed draws the same values every time. */
  seed?: number;
  /** Random sampling's rule: plain `random` or a `sobol` sequence. */
  rule?: "random" | "sobol";
}

/** What a sweep optimizes. */
export interface SweepObjective {
  /** The metric the trial logs, by name. */
  metric: string;
  /** Whether lower or higher is better. */
  goal: "minimize" | "maximize";
}

/** How many trials a sweep runs, how many at once, and for how long. */
export interface SweepLimits {
  /** Trials in all. */
  maxTotalTrials?: number;
  /** Trials running at once. */
  maxConcurrentTrials?: number;
  /** The whole sweep's time, in seconds. */
  timeoutSeconds?: number;
  /** One trial's time, in seconds. */
  trialTimeoutSeconds?: number;
}

/** Options of {@link sweepStep}: the trial, what it samples, what it optimizes, when it stops. */
export interface SweepStepOptions<
  I extends Record<string, InputSpec>,
  O extends Record<string, OutputSpec>,
  S extends { [K in ValueInputs<I>]?: DistributionFor<I[K]> },
> extends Omit<ComponentStepOptions<I, O>, "inputs" | "resources" | "distribution" | "timeoutSeconds" | "environmentVariables"> {
  /** The command component each trial runs. */
  trial: Component<I, O>;
  /** Its inputs that stay fixed across trials (data, settings). */
  inputs?: Omit<InputValues<I>, keyof S & string>;
  /** The inputs sampled for each trial, by name, with their distributions: `{ learning_rate: uniform(0.01, 0.9) }`. */
  searchSpace: S & { [K in Exclude<keyof S, ValueInputs<I>>]: `'${K & string}' is not a value input of the trial` };
  /** How values are drawn: `random` (optionally `{ type: "random", seed }`), `grid` (choices only), or `bayesian`. */
  sampling?: "random" | "grid" | "bayesian" | Sampling;
  /** The metric a trial logs (with MLflow's `log_metric`) and whether lower or higher is better. */
  objective: SweepObjective;
  /** How many trials, how many at once, and how long (seconds). */
  limits?: SweepLimits;
  /** Stop trials that fall behind, judged on the metric they log as they go. */
  earlyTermination?: EarlyTermination;
}

/** The checks of an early termination policy: a sweep's, and an AutoML deep-learning task's sweep. */
export const EARLY_TERMINATION: Field = object({
  policy: { check: oneOf("bandit", "median_stopping", "truncation_selection"), required: true },
  slackFactor: { check: number },
  slackAmount: { check: number },
  evaluationInterval: { check: number },
  delayEvaluation: { check: number },
  truncationPercentage: { check: number },
});

const SAMPLING = ["random", "grid", "bayesian"];

const SWEEP_OPTIONS: Shape = {
  searchSpace: {
    check: (v) =>
      isPlainObject(v) && Object.values(v).every((d) => isPlainObject(d) && d.kind === "hyperparameter")
        ? undefined
        : "an object of choice(…), uniform(…), … by input name",
  },
  sampling: {
    check: (v) => (typeof v === "string" ? oneOf(...SAMPLING)(v) : isPlainObject(v) ? oneOf(...SAMPLING)(v.type) : 'one of "random", "grid", "bayesian"'),
  },
  objective: { ...object({ metric: { check: text, required: true }, goal: { check: oneOf("minimize", "maximize"), required: true } }), required: true },
  limits: object({
    maxTotalTrials: { check: number },
    maxConcurrentTrials: { check: number },
    timeoutSeconds: { check: number },
    trialTimeoutSeconds: { check: number },
  }),
  earlyTermination: EARLY_TERMINATION,
};

function settings(o: SweepStepOptions<Record<string, InputSpec>, Record<string, OutputSpec>, Record<string, Hyperparameter<unknown>>>): SweepSettingsIR {
  const sampling = typeof o.sampling === "object" ? { ...o.sampling } : { type: o.sampling ?? "random" };
  const s: SweepSettingsIR = {
    searchSpace: Object.fromEntries(Object.entries(o.searchSpace as Record<string, Hyperparameter<unknown>>).map(([n, d]) => [n, d.ir as HyperparameterIR])),
    sampling: sampling as SweepSettingsIR["sampling"],
    objective: { metric: o.objective.metric, goal: o.objective.goal },
    limits: Object.fromEntries(Object.entries(o.limits ?? {}).filter(([, v]) => v !== undefined)),
  };
  if (o.earlyTermination) s.earlyTermination = Object.fromEntries(Object.entries(o.earlyTermination).filter(([, v]) => v !== undefined)) as never;
  return s;
}

/** A sweep as the pipeline holds it: a component step whose IR is a sweep of that component. */
class SweepStep<O extends Record<string, OutputSpec>> extends ComponentStep<O> {
  private readonly sweep: SweepSettingsIR;

  /** @internal */
  constructor(
    options: SweepStepOptions<Record<string, InputSpec>, O, Record<string, Hyperparameter<unknown>>>,
    sweep: SweepSettingsIR,
    at: ReturnType<typeof captureLocation>,
  ) {
    super(options.trial.ir, options as never, at);
    this.sweep = sweep;
  }

  /** @internal */
  override toIR(synthesis: Synthesis): SweepStepIR {
    const {
      kind: _,
      resources: _r,
      distribution: _d,
      timeoutSeconds: _t,
      environmentVariables: _e,
      ...ir
    } = super.toIR(synthesis) as never as SweepStepIR & Record<string, unknown>;
    return { ...(ir as Omit<SweepStepIR, "kind" | "sweep">), kind: "sweep", sweep: this.sweep };
  }
}

/**
 * A hyperparameter sweep (Azure's sweep node, v1's HyperDriveStep): trials of a command
 * component, each with its `searchSpace` inputs sampled, the best by `objective` kept. The
 * trial script logs the objective with MLflow (`mlflow.log_metric`); Azure runs it with MLflow,
 * local runs with MLflow's file store or, where MLflow is not installed, Sluice's own `mlflow`
 * module that records the same calls. Its `outputs` are the best trial's, typed like the trial's.
 * Call it inside a {@link pipeline}.
 *
 * @example
 * ```ts
 * const sweep = sweepStep({
 *   name: "sweep",
 *   trial: train,
 *   inputs: { iris_csv: data },
 *   searchSpace: { learning_rate: uniform(0.01, 0.9), boosting: choice(["gbdt", "dart"]) },
 *   sampling: { type: "random", seed: 42 },
 *   objective: { metric: "test-multi_logloss", goal: "minimize" },
 *   limits: { maxTotalTrials: 20, maxConcurrentTrials: 4 },
 *   earlyTermination: { policy: "bandit", slackFactor: 0.1, evaluationInterval: 2, delayEvaluation: 4 },
 * });
 * ```
 */
export function sweepStep<
  I extends Record<string, InputSpec>,
  O extends Record<string, OutputSpec>,
  const S extends { [K in ValueInputs<I>]?: DistributionFor<I[K]> },
>(options: SweepStepOptions<I, O, S>): ComponentStep<O> {
  const definedAt = captureLocation();
  const trial = (options as { trial?: unknown })?.trial as Component<I, O> | undefined;
  if (typeof trial !== "function" || !trial.ir || trial.ir.reference !== undefined)
    throw new SluiceDefinitionError({
      code: "SL009",
      message: "sweepStep needs a trial: a command component (component(), loadComponent() or commandStep's component)",
      hint: "pass trial: train, where train = component({...})",
      location: definedAt,
    });
  const scope = currentScope("sweepStep", definedAt);
  const shape = {
    ...stepShape(trial.ir, false),
    trial: { check: () => undefined, required: true },
    ...SWEEP_OPTIONS,
    searchSpace: { ...SWEEP_OPTIONS.searchSpace, required: true },
  };
  const refused = enforceOptions("sweepStep", options, shape as Shape, definedAt, true);
  const checked = withoutRefused(options, refused) as never as SweepStepOptions<Record<string, InputSpec>, O, Record<string, Hyperparameter<unknown>>>;
  const sweep = settings({ ...checked, searchSpace: checked.searchSpace ?? {}, objective: checked.objective ?? { metric: "", goal: "maximize" } } as never);
  const step = new SweepStep<O>(checked, sweep, definedAt);
  scope.addStep(step);
  return step;
}

/** Options of {@link sweepJob}: a sweep's options, and the job's own name, compute and texts. */
export interface SweepJobOptions<
  I extends Record<string, InputSpec>,
  O extends Record<string, OutputSpec>,
  S extends { [K in ValueInputs<I>]?: DistributionFor<I[K]> },
> extends Omit<SweepStepOptions<I, O, S>, "name" | "compute" | "displayName" | "allowReuse">,
    StandaloneJobOptions {}

/**
 * A standalone sweep job (Azure's `jobType: Sweep`, the REST walkthrough's last job): the same
 * options as {@link sweepStep}, submitted on its own rather than as a pipeline step. Export it
 * like a pipeline: `sluice run` runs its trials here, `sluice compile` writes the Sweep job's
 * REST body and CLI YAML, `sluice deploy --run-now` submits it. Its outputs are the best trial's.
 *
 * @example
 * ```ts
 * export default sweepJob({
 *   name: "lightgbm-iris-sweep-example",
 *   compute: "cpu-cluster",
 *   trial: train,
 *   inputs: { iris_csv: webFiles("iris_csv", "https://azuremlexamples.blob.core.windows.net/datasets/iris.csv") },
 *   searchSpace: { learning_rate: uniform(0.01, 0.9), boosting: choice(["gbdt", "dart"]) },
 *   objective: { metric: "test-multi_logloss", goal: "minimize" },
 *   limits: { maxTotalTrials: 20, maxConcurrentTrials: 10, timeoutSeconds: 7200 },
 * });
 * ```
 */
export function sweepJob<
  I extends Record<string, InputSpec>,
  O extends Record<string, OutputSpec>,
  const S extends { [K in ValueInputs<I>]?: DistributionFor<I[K]> },
>(options: SweepJobOptions<I, O, S>): Pipeline<Record<string, DataLink>> {
  const { name: _n, displayName: _d, experiment: _e, description: _t, compute: _c, tags: _g, ...sweep } = options;
  return standaloneJob("sweep", options, () => {
    const step = sweepStep({ ...(sweep as SweepStepOptions<I, O, S>), name: "trial" });
    return Object.fromEntries(Object.keys(options.trial?.ir?.outputs ?? {}).map((n) => [n, (step.outputs as Record<string, DataLink>)[n] as DataLink]));
  });
}
