import { currentScope, enforceOptions, withoutRefused } from "../core/builder-context.ts";
import { data, flag, is, oneOf, type Shape, stringParameter, stringRecord, text } from "../core/option-checks.ts";
import { captureLocation } from "../core/source-location.ts";
import { DataLink, type ModelData, ProducedData } from "../data/data-link.ts";
import type { PipelineParameter } from "../data/pipeline-parameter.ts";
import type { RegisterModelStepIR, SourceLocation } from "../ir/schema.ts";
import { COMPUTE_FIELD, computeName, type Compute } from "../resources/compute.ts";
import { ENVIRONMENT_FIELD, type Environment } from "../resources/environment.ts";
import type { Synthesis, SynthesizableStep } from "./synthesis.ts";

/** Options of {@link registerModelStep}. */
export interface RegisterModelStepOptions {
  /** Step name, unique in the pipeline (ignoring case). */
  name: string;
  /** The model folder to register: an AutoML step's `outputs.bestModel`. */
  model: ModelData;
  /** The registered model's name (letters, digits, `_`, `.`, `-`); a parameter lets each run choose. */
  modelName: string | PipelineParameter<string>;
  /** Stored with each new version. */
  description?: string;
  /** Stored with each new version. */
  tags?: Readonly<Record<string, string>>;
  /** Compute for this step on Azure, overriding the pipeline's `defaultCompute`. */
  compute?: Compute | string;
  /** Where registration runs on Azure (it needs `mlflow`, as curated environments have). Default {@link DEFAULT_ENVIRONMENT}. */
  environment?: Environment;
  /** Default false: registering is a side effect, so a reused step would register nothing. */
  allowReuse?: boolean;
  /**
   * Register only a model that beats the newest registered version on the metric both record
   * (an AutoML model records its primary metric). `true` compares that metric, higher is better;
   * give `goal: "minimize"` for an error or a loss. The step says why it did or did not register.
   */
  onlyIfBetter?:
    | boolean
    | {
        /** The metric to compare. Default: the one the model records (AutoML's primary metric). */
        metric?: string;
        /** Whether a higher or a lower value is better. Default `maximize`. */
        goal?: "maximize" | "minimize";
      };
}

/** A registration step, what {@link registerModelStep} returns. */
export class RegisterModelStep implements SynthesizableStep {
  /** @internal */
  readonly kind = "register" as const;
  /** The step name as written. */
  readonly name: string;
  /** @internal */
  readonly definedAt: SourceLocation;
  /**
   * `model`: the model as this step left the registry: its files, and which version holds them
   * (none when `onlyIfBetter` kept the old one). Give it to {@link deployModelStep}, which serves
   * only a registered version.
   */
  readonly outputs: {
    /** The model's files and `sluice-registration.json` (name, version, registered or kept, why). */
    readonly model: ModelData;
  };
  private readonly options: RegisterModelStepOptions;

  /** @internal */
  constructor(options: RegisterModelStepOptions, definedAt: SourceLocation) {
    this.name = options.name;
    this.definedAt = definedAt;
    this.options = options;
    this.outputs = { model: new DataLink("model", new ProducedData("registered_model", definedAt)) };
  }

  /** @internal */
  toIR(synthesis: Synthesis): RegisterModelStepIR {
    const o = this.options;
    const ir: RegisterModelStepIR = {
      kind: "register",
      name: this.name,
      definedAt: this.definedAt,
      allowReuse: o.allowReuse ?? false,
      model: synthesis.ref(o.model),
      modelName: synthesis.ref(o.modelName),
      tags: { ...(o.tags ?? {}) },
      outputs: { registered_model: { data: synthesis.dataId(this.outputs.model.target as ProducedData) } },
    };
    const compute = computeName(o.compute);
    if (compute !== undefined) ir.compute = compute;
    if (o.description !== undefined) ir.description = o.description;
    if (o.environment) ir.environment = o.environment.ir;
    const better = o.onlyIfBetter;
    if (better)
      ir.onlyIfBetter = {
        goal: (typeof better === "object" && better.goal) || "maximize",
        ...(typeof better === "object" && better.metric ? { metric: better.metric } : {}),
      };
    return ir;
  }
}

const REGISTER_MODEL_STEP_OPTIONS: Shape = {
  name: { check: text, required: true },
  model: { check: data("model", "a model (an AutoML step's outputs.bestModel)"), required: true },
  modelName: { check: stringParameter, required: true },
  description: { check: text },
  tags: { check: stringRecord },
  compute: COMPUTE_FIELD,
  environment: ENVIRONMENT_FIELD,
  allowReuse: { check: flag },
  onlyIfBetter: {
    check: is("true, or { metric, goal }", (v) => typeof v === "boolean" || (typeof v === "object" && v !== null && !Array.isArray(v))),
    shape: { metric: { check: text }, goal: { check: oneOf("maximize", "minimize") } },
  },
};

/**
 * Registers a model: in the workspace on Azure, in the project's local registry
 * (`.sluice/registry`, `sluice models list`) on this machine. It compiles to a command job
 * running Sluice's built-in registration script, so it also registers when the pipeline runs
 * server-side on a schedule. A model whose files equal the newest version of that name is not
 * registered again (the step prints `unchanged: <name> version <n>`). With `onlyIfBetter`, a model
 * that does not beat the newest version's recorded metric is not registered either (`kept: …`).
 *
 * @example
 * ```ts
 * const modelName = pipelineParameter("model_name", "TitanicSurvival");
 * registerModelStep({ name: "register", model: train.outputs.bestModel, modelName, tags: { team: "risk" } });
 * ```
 */
export function registerModelStep(options: RegisterModelStepOptions): RegisterModelStep {
  const definedAt = captureLocation();
  const scope = currentScope("registerModelStep", definedAt);
  const refused = enforceOptions("registerModelStep", options, REGISTER_MODEL_STEP_OPTIONS, definedAt);
  const step = new RegisterModelStep(withoutRefused(options, refused), definedAt);
  scope.addStep(step);
  return step;
}
