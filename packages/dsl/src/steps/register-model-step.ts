import { currentScope } from "../core/builder-context.ts";
import { captureLocation } from "../core/source-location.ts";
import type { ModelData } from "../data/data-link.ts";
import type { PipelineParameter } from "../data/pipeline-parameter.ts";
import type { RegisterModelStepIR, SourceLocation } from "../ir/schema.ts";
import { computeName, type Compute } from "../resources/compute.ts";
import type { Environment } from "../resources/environment.ts";
import type { Synthesis, SynthesizableStep } from "./synthesis.ts";

export interface RegisterModelStepOptions {
  name: string;
  model: ModelData;
  modelName: string | PipelineParameter<string>;
  description?: string;
  tags?: Readonly<Record<string, string>>;
  compute?: Compute | string;
  environment?: Environment;
  /** Default false: registering is a side effect, so a reused step would register nothing. */
  allowReuse?: boolean;
}

/**
 * Registers a model in the workspace. Compiles to a command job running Sluice's built-in
 * registration script, so it also registers when the pipeline runs server-side on a schedule.
 */
export class RegisterModelStep implements SynthesizableStep {
  readonly kind = "register" as const;
  readonly name: string;
  readonly definedAt: SourceLocation;
  private readonly options: RegisterModelStepOptions;

  constructor(options: RegisterModelStepOptions, definedAt: SourceLocation) {
    this.name = options.name;
    this.definedAt = definedAt;
    this.options = options;
  }

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
    };
    const compute = computeName(o.compute);
    if (compute !== undefined) ir.compute = compute;
    if (o.description !== undefined) ir.description = o.description;
    if (o.environment) ir.environment = o.environment.ir;
    return ir;
  }
}

export function registerModelStep(options: RegisterModelStepOptions): RegisterModelStep {
  const definedAt = captureLocation();
  const scope = currentScope("registerModelStep", definedAt);
  const step = new RegisterModelStep(options, definedAt);
  scope.addStep(step);
  return step;
}
