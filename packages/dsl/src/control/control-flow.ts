import { currentScope, enforceOptions, withoutRefused } from "../core/builder-context.ts";
import { either, flag, is, type Shape, text, wholeNumber } from "../core/option-checks.ts";
import { SluiceDefinitionError } from "../core/errors.ts";
import { captureLocation } from "../core/source-location.ts";
import { DataLink, type ValueData } from "../data/data-link.ts";
import { PipelineParameter } from "../data/pipeline-parameter.ts";
import type { ControlFlowIR, IfElseIR, SourceLocation } from "../ir/schema.ts";
import type { Synthesis } from "../steps/synthesis.ts";

/** A step a control-flow node names: any step of the same pipeline (Azure refers to it by name). */
export interface StepRef {
  /** The step's name. */
  readonly name: string;
}

/** A loop body: a command or pipeline-component step, whose outputs the loop reads. */
export interface LoopBody<O> extends StepRef {
  /** The step's outputs (a loop's condition, mapping and aggregated outputs name them). */
  readonly outputs: O;
}

/** What a condition may be: a boolean, a boolean parameter, or a step's boolean control output. */
export type Condition = boolean | PipelineParameter<boolean> | ValueData;

/** Options of {@link ifElse}. */
export interface IfElseOptions {
  /** The node's name in the pipeline (Azure's node name rule). */
  name: string;
  /** Decides which block runs: a boolean control output (`output.boolean({ isControl: true })`), a boolean parameter or a literal. */
  condition: Condition;
  /** The step or steps that run when the condition is true (Azure's `true_block`). */
  ifTrue?: StepRef | readonly StepRef[];
  /** The step or steps that run when it is false (Azure's `false_block`). */
  ifFalse?: StepRef | readonly StepRef[];
}

/** A control-flow node: its name, where it was defined, and how it becomes IR. */
export abstract class ControlNode {
  /** The node's name. */
  readonly name: string;
  /** @internal */
  readonly definedAt: SourceLocation;

  /** @internal */
  protected constructor(name: string, definedAt: SourceLocation) {
    this.name = name;
    this.definedAt = definedAt;
  }

  /** @internal */
  abstract toIR(synthesis: Synthesis): ControlFlowIR;
}

const names = (steps: StepRef | readonly StepRef[] | undefined): string[] =>
  steps === undefined ? [] : (Array.isArray(steps) ? (steps as readonly StepRef[]) : [steps as StepRef]).map((s) => s.name);

/** @internal A condition as a value reference. */
export function conditionRef(synthesis: Synthesis, condition: Condition) {
  return typeof condition === "boolean" ? ({ type: "literal", value: condition } as const) : synthesis.ref(condition);
}

class IfElse extends ControlNode {
  private readonly options: IfElseOptions;

  constructor(options: IfElseOptions, definedAt: SourceLocation) {
    super(options.name, definedAt);
    this.options = options;
  }

  toIR(synthesis: Synthesis): IfElseIR {
    const o = this.options;
    return {
      type: "if_else",
      name: this.name,
      definedAt: this.definedAt,
      condition: conditionRef(synthesis, o.condition),
      trueBlock: names(o.ifTrue),
      falseBlock: names(o.ifFalse),
    };
  }
}

const isStep = (v: unknown) => typeof (v as StepRef | null)?.name === "string";
const steps = is("a step or a list of steps", (v) => isStep(v) || (Array.isArray(v) && v.every(isStep)));
/** @internal */
export const condition = either(
  flag,
  is(
    "a boolean pipelineParameter or a step's boolean output",
    (v) => (v instanceof PipelineParameter && v.type === "boolean") || (v instanceof DataLink && v.kind === "value"),
  ),
);

const IF_ELSE: Shape = {
  name: { check: text, required: true },
  condition: { check: condition, required: true },
  ifTrue: { check: steps },
  ifFalse: { check: steps },
};

/**
 * Runs one block of steps or the other, decided while the pipeline runs (Azure's `if_else`
 * node). The steps are created as usual and then named here; steps of the block that is not
 * chosen do not run, nor do the steps that read their outputs. Locally the same: the condition
 * is read once the step writing it has finished.
 *
 * @example
 * ```ts
 * const check = evaluate({ name: "check", inputs: { model: train.outputs.model } });
 * const promote = register({ name: "promote", inputs: { model: train.outputs.model } });
 * const alert = notify({ name: "alert" });
 * ifElse({ name: "good_enough", condition: check.outputs.is_better, ifTrue: promote, ifFalse: alert });
 * ```
 */
export function ifElse(options: IfElseOptions): ControlNode {
  const definedAt = captureLocation();
  const scope = currentScope("ifElse", definedAt);
  const refused = enforceOptions("ifElse", options, IF_ELSE, definedAt, true);
  if (!options?.ifTrue && !options?.ifFalse && refused.size === 0)
    scope.report(
      new SluiceDefinitionError({
        code: "SL009",
        message: `ifElse '${options.name}' has neither an ifTrue nor an ifFalse block`,
        hint: "name the steps it decides on: ifElse({ name, condition, ifTrue: stepA, ifFalse: stepB })",
        location: definedAt,
        stepPath: `${scope.name}/${options.name}`,
      }),
    );
  const node = new IfElse(withoutRefused(options, refused), definedAt);
  scope.addControl(node);
  return node;
}

/** @internal */
export const LOOP_OPTIONS: Shape = { name: { check: text, required: true }, body: { check: is("a step", isStep), required: true } };
/** @internal */
export const ITERATIONS = wholeNumber;
