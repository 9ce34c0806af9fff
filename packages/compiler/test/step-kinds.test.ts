// The step model: one definition per IR step kind, and a plan every consumer can validate.
import { describe, expect, it } from "vitest";
import { StepSchema } from "@sluice/dsl/ir";
import { STEP_KINDS } from "../src/kinds/step-kinds.ts";
import { ExecutionPlanSchema, PLAN_VERSION } from "../src/plan/execution-plan.ts";

describe("the step kind table", () => {
  it("has exactly one entry per step kind of the IR schema", () => {
    const kinds = StepSchema.options.map((o) => o.shape.kind.value).sort();
    expect(Object.keys(STEP_KINDS).sort()).toEqual(kinds);
  });

  it("defines every operation for every kind", () => {
    for (const def of Object.values(STEP_KINDS)) {
      for (const op of ["reads", "writes", "code", "environment", "check", "lower"] as const) expect(typeof def[op]).toBe("function");
    }
  });
});

describe("the execution plan schema", () => {
  it("refuses a plan of another version, naming the field", () => {
    const result = ExecutionPlanSchema.safeParse({ planVersion: PLAN_VERSION + 1 });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join("."))).toContain("planVersion");
  });
});
