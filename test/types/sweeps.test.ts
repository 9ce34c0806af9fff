// A sweep's search space is typed by its trial: only the trial's value inputs, each with a
// distribution of its type; the fixed inputs exclude the swept ones; outputs keep the trial's
// types (`tsc` fails if an `@ts-expect-error` below stops being an error).
import { describe, expectTypeOf, it } from "vitest";
import { choice, cmd, component, environment, input, output, pipeline, randint, sweepJob, sweepStep, uniform, webFiles, type ModelData } from "@sluice/dsl";

const train = component({
  name: "train",
  environment: environment("azureml:env:1"),
  inputs: { data: input.uriFile(), lr: input.number({ default: 0.1 }), depth: input.integer({ default: 3 }), kind: input.string({ default: "a" }) },
  outputs: { model: output.mlflowModel() },
  command: ({ inputs, outputs }) => cmd`python t.py ${inputs.data} ${inputs.lr} ${inputs.depth} ${inputs.kind} ${outputs.model}`,
});

/** Never called: only type-checked. */
function mistakes(): void {
  pipeline({ name: "p" }, () => {
    const data = webFiles("d", "https://example.com/d.csv");
    const objective = { metric: "loss", goal: "minimize" } as const;
    // @ts-expect-error 'lrr' is not an input of the trial
    sweepStep({ name: "a", trial: train, inputs: { data }, searchSpace: { lrr: uniform(0, 1) }, objective });
    // @ts-expect-error a misspelled name beside a right one is still an error
    sweepStep({ name: "a2", trial: train, inputs: { data }, searchSpace: { lr: uniform(0, 1), lrr: uniform(0, 1) }, objective });
    // @ts-expect-error a string input cannot be swept with numbers
    sweepStep({ name: "b", trial: train, inputs: { data }, searchSpace: { kind: uniform(0, 1) }, objective });
    // @ts-expect-error data inputs are not swept
    sweepStep({ name: "c", trial: train, searchSpace: { data: choice(["x"]) }, objective });
    // @ts-expect-error a swept input is not also given
    sweepStep({ name: "d", trial: train, inputs: { data, lr: 0.2 }, searchSpace: { lr: uniform(0, 1) }, objective });
    // @ts-expect-error the goal is minimize or maximize
    sweepStep({ name: "e", trial: train, inputs: { data }, searchSpace: { lr: uniform(0, 1) }, objective: { metric: "loss", goal: "lower" } });
    const ok = sweepStep({
      name: "f",
      trial: train,
      inputs: { data },
      searchSpace: { lr: uniform(0, 1), depth: randint(8), kind: choice(["a", "b"]) },
      objective,
    });
    expectTypeOf(ok.outputs.model).toEqualTypeOf<ModelData>();
  });
  const data = webFiles("d", "https://example.com/d.csv");
  const objective = { metric: "loss", goal: "minimize" } as const;
  // @ts-expect-error a sweep job's search space is checked the same way
  sweepJob({ name: "j", compute: "c", trial: train, inputs: { data }, searchSpace: { lr: uniform(0, 1), lrr: uniform(0, 1) }, objective });
  // Without a compute a sweep job runs on Azure's serverless compute.
  sweepJob({ name: "j", trial: train, inputs: { data }, searchSpace: { lr: uniform(0, 1) }, objective });
  sweepJob({ name: "j", compute: "c", trial: train, inputs: { data }, searchSpace: { lr: uniform(0, 1), kind: choice(["a", "b"]) }, objective });
}

describe("sweeps are typed by their trial", () => {
  it("type-checks the cases above", () => {
    expectTypeOf(mistakes).toBeFunction();
  });
});
