import type { StepIR } from "@sluice/dsl/ir";
import type { StepRead, StepWrite } from "../kinds/step-kind.ts";
import { kindOf } from "../kinds/step-kinds.ts";

export type { StepRead, StepWrite };

const NONE: ReadonlySet<string> = new Set();

/** What a step reads, slot by slot (from its kind's definition). */
export function stepReads(step: StepIR): StepRead[] {
  const reads = kindOf(step).reads(step);
  const compute = computeParameter(step.compute);
  return compute === undefined ? reads : [...reads, { slot: "compute", ref: { type: "parameter", name: compute }, expects: "string" }];
}

/** The parameter a step's compute is bound to (`${{parent.inputs.<name>}}`), if it is. */
export function computeParameter(compute: string | undefined): string | undefined {
  return compute === undefined ? undefined : /^\$\{\{parent\.inputs\.([A-Za-z0-9_]+)\}\}$/.exec(compute)?.[1];
}

/** What a step writes; pass the delimited data ids when the output types matter. */
export function stepWrites(step: StepIR, delimited: ReadonlySet<string> = NONE): StepWrite[] {
  return kindOf(step).writes(step, delimited);
}
