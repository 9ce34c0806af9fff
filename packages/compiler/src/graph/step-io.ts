import type { ParameterType, StepIR, ValueRef } from "@sluice/dsl/ir";

/** A value a step reads, with what the slot expects (for type checks). */
export interface StepRef {
  slot: string;
  ref: ValueRef;
  expects?: ParameterType;
}

export interface StepOutputRef {
  name: string;
  data: string;
}

/** Per-kind tables: what each step kind reads and writes. */
const READS: { [K in StepIR["kind"]]: (step: Extract<StepIR, { kind: K }>) => StepRef[] } = {
  python: (s) => Object.entries(s.inputs).map(([name, ref]) => ({ slot: name, ref })),
  automl: (s) => [
    { slot: "trainingData", ref: s.trainingData },
    ...(s.validationData ? [{ slot: "validationData", ref: s.validationData }] : []),
    { slot: "labelColumn", ref: s.labelColumn, expects: "string" as const },
  ],
  register: (s) => [
    { slot: "model", ref: s.model },
    { slot: "modelName", ref: s.modelName, expects: "string" as const },
  ],
};

export function stepReads(step: StepIR): StepRef[] {
  return (READS[step.kind] as (s: StepIR) => StepRef[])(step);
}

export function stepWrites(step: StepIR): StepOutputRef[] {
  if (step.kind === "register") return [];
  return Object.entries(step.outputs).map(([name, out]) => ({ name, data: out.data }));
}
