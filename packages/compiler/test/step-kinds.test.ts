// The step model: one definition per IR step kind, and a plan every consumer can validate.
import { describe, expect, it } from "vitest";
import { cmd, component, environment, input, opt, pipeline } from "@sluice/dsl";
import { STEP_KIND_SCHEMAS } from "@sluice/dsl/ir";
import { compilePipeline } from "../src/index.ts";
import { STEP_KINDS } from "../src/kinds/step-kinds.ts";
import { ExecutionPlanSchema, PLAN_VERSION } from "../src/plan/execution-plan.ts";

describe("the step kind table", () => {
  it("has exactly one entry per step kind of the IR schema", () => {
    const kinds = STEP_KIND_SCHEMAS.map((o) => o.shape.kind.value).sort();
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

describe("optional inputs in a component's command", () => {
  const train = component({
    name: "train",
    environment: environment("azureml:env:1"),
    inputs: { lr: input.number({ optional: true }) },
    command: ({ inputs }) => cmd`python t.py --lr ${inputs.lr}`,
  });
  const guarded = component({
    name: "guarded",
    environment: environment("azureml:env:1"),
    inputs: { lr: input.number({ optional: true }) },
    command: ({ inputs }) => cmd`python t.py ${opt`--lr ${inputs.lr}`}`,
  });
  const codes = (c: typeof train, given: boolean) =>
    compilePipeline(
      pipeline({ name: "p", defaultCompute: "cpu" }, () => {
        c({ name: "s", inputs: given ? { lr: 0.1 } : {} });
      }).toIR(),
    ).diagnostics.map((d) => `${d.code} ${d.message}`);

  it("are refused when left out and used outside $[[…]], and fine inside it or when given", () => {
    expect(codes(train, false)).toEqual(["SL145 step 's' leaves out optional input 'lr', which the command of 'train' uses outside $[[…]]"]);
    expect(codes(train, true)).toEqual([]);
    expect(codes(guarded, false)).toEqual([]);
    expect(guarded.ir.command).toBe("python t.py $[[--lr ${{inputs.lr}}]]");
  });
});
