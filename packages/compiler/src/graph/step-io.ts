import type { StepIR } from "@sluice/dsl/ir";
import type { StepRead, StepWrite } from "../kinds/step-kind.ts";
import { kindOf } from "../kinds/step-kinds.ts";

export type { StepRead, StepWrite };

const NONE: ReadonlySet<string> = new Set();

/** What a step reads, slot by slot (from its kind's definition). */
export function stepReads(step: StepIR): StepRead[] {
  const reads = kindOf(step).reads(step);
  const compute = step.compute;
  return typeof compute === "object" ? [...reads, { slot: "compute", ref: compute, expects: "string" }] : reads;
}

/** What a step writes; pass the delimited data ids when the output types matter. */
export function stepWrites(step: StepIR, delimited: ReadonlySet<string> = NONE): StepWrite[] {
  return kindOf(step).writes(step, delimited);
}
