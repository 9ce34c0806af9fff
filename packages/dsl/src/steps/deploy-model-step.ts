import { currentScope, enforceOptions, withoutRefused } from "../core/builder-context.ts";
import { data, either, is, oneOf, text } from "../core/option-checks.ts";
import type { Shape } from "../core/option-checks.ts";
import { captureLocation } from "../core/source-location.ts";
import type { DataLink, ModelData } from "../data/data-link.ts";
import type { OnlineEndpoint } from "../endpoints/endpoints.ts";
import { type DeployModelStepIR, HELD_OUT_METRICS, type HeldOutMetric } from "../ir/model-steps-schema.ts";
import type { SourceLocation } from "../ir/schema.ts";
import { COMPUTE_FIELD, computeName, type Compute } from "../resources/compute.ts";
import { ENVIRONMENT_FIELD, type Environment } from "../resources/environment.ts";
import type { Synthesis, SynthesizableStep } from "./synthesis.ts";

/** Options of {@link deployModelStep}. */
export interface DeployModelStepOptions {
  /** Step name, unique in the pipeline (ignoring case). */
  name: string;
  /** A {@link registerModelStep}'s `outputs.model`: an endpoint serves registered versions only. */
  model: ModelData;
  /** The online endpoint to update; it must be in the pipeline's `endpoints`. */
  endpoint: OnlineEndpoint;
  /** The deployment whose model is replaced. Default: the endpoint's only deployment. */
  deployment?: string;
  /**
   * Replace the serving model only when the new one beats it on data neither was trained on.
   * Both models predict every row of `heldOut`; the step compares `metric` and says why it did
   * or did not deploy. Without it, every newly registered version is deployed.
   */
  onlyIfBetter?: {
    /** CSV rows with the label column: a file, a folder of CSV files, or a table. */
    heldOut: DataLink<"file" | "tabular">;
    /** The column holding the true value; the other columns are what the models read. */
    labelColumn: string;
    /** What to compare. Default `accuracy` (classification); regression models name theirs. */
    metric?: HeldOutMetric;
  };
  /** Compute for this step on Azure, overriding the pipeline's `defaultCompute`. */
  compute?: Compute | string;
  /** Where the comparison runs on Azure (it needs pandas and scikit-learn). Default: the curated sklearn environment. */
  environment?: Environment;
}

/** A deploy step, what {@link deployModelStep} returns. */
export class DeployModelStep implements SynthesizableStep {
  /** @internal */
  readonly kind = "deploy" as const;
  /** The step name as written. */
  readonly name: string;
  /** @internal */
  readonly definedAt: SourceLocation;
  private readonly options: DeployModelStepOptions;

  /** @internal */
  constructor(options: DeployModelStepOptions, definedAt: SourceLocation) {
    this.name = options.name;
    this.definedAt = definedAt;
    this.options = options;
  }

  /** @internal */
  toIR(synthesis: Synthesis): DeployModelStepIR {
    const o = this.options;
    const names = o.endpoint?.deploymentNames ?? [];
    const ir: DeployModelStepIR = {
      kind: "deploy",
      name: this.name,
      definedAt: this.definedAt,
      // Deploying is a side effect: a reused step would deploy nothing.
      allowReuse: false,
      model: synthesis.ref(o.model),
      endpoint: o.endpoint?.name ?? "",
      deployment: o.deployment ?? (names.length === 1 ? (names[0] as string) : ""),
    };
    const compute = computeName(o.compute);
    if (compute !== undefined) ir.compute = compute;
    if (o.environment) ir.environment = o.environment.ir;
    const better = o.onlyIfBetter;
    if (better) {
      const metric = better.metric ?? "accuracy";
      ir.onlyIfBetter = {
        heldOut: synthesis.ref(better.heldOut),
        labelColumn: better.labelColumn,
        metric,
        goal: HELD_OUT_METRICS[metric as HeldOutMetric] ?? "maximize",
      };
    }
    return ir;
  }
}

const DEPLOY_MODEL_STEP_OPTIONS: Shape = {
  name: { check: text, required: true },
  model: { check: data("model", "a registerModelStep's outputs.model"), required: true },
  endpoint: {
    check: is("an onlineEndpoint(…)", (v) => typeof v === "object" && v !== null && (v as { type?: unknown }).type === "online"),
    required: true,
  },
  deployment: { check: text },
  onlyIfBetter: {
    check: is("{ heldOut, labelColumn, metric }", (v) => typeof v === "object" && v !== null && !Array.isArray(v)),
    shape: {
      heldOut: { check: either(data("file", "files"), data("tabular", "a table")), required: true },
      labelColumn: { check: text, required: true },
      metric: { check: oneOf(...Object.keys(HELD_OUT_METRICS)) },
    },
  },
  compute: COMPUTE_FIELD,
  environment: ENVIRONMENT_FIELD,
};

/**
 * Points an online endpoint's deployment at the model a register step just registered: in the
 * workspace on Azure (the job updates the deployment, so scheduled retraining promotes with no
 * one watching), in the project's local endpoint state on this machine (`sluice serve` serves
 * it, and a running `sluice serve` switches to it). With `onlyIfBetter`, the new model must beat
 * the serving one on a held-out set first. Either way the step prints what it did and why
 * (`deployed: …` or `kept: …`), and `sluice run` ends with that line.
 *
 * @example
 * ```ts
 * const registered = registerModelStep({ name: "register", model: train.outputs.bestModel, modelName: "titanic" });
 * deployModelStep({
 *   name: "promote",
 *   model: registered.outputs.model,
 *   endpoint: survival,
 *   onlyIfBetter: { heldOut: split.outputs.held_out, labelColumn: "Survived", metric: "accuracy" },
 * });
 * ```
 */
export function deployModelStep(options: DeployModelStepOptions): DeployModelStep {
  const definedAt = captureLocation();
  const scope = currentScope("deployModelStep", definedAt);
  const refused = enforceOptions("deployModelStep", options, DEPLOY_MODEL_STEP_OPTIONS, definedAt);
  const step = new DeployModelStep(withoutRefused(options, refused), definedAt);
  scope.addStep(step);
  return step;
}
