// registerModelStep's promotion condition is typed: true, or a metric and a goal of the two Azure knows.
import { describe, expectTypeOf, it } from "vitest";
import { autoMLStep, outputFileDataset, pipeline, registerModelStep } from "@sluice/dsl";

/** Never called: only type-checked. */
function cases(): void {
  pipeline({ name: "p" }, () => {
    const data = outputFileDataset("d");
    const train = autoMLStep({ name: "t", task: "classification", trainingData: data.readDelimitedFiles(), labelColumn: "y", primaryMetric: "accuracy" });
    registerModelStep({ name: "a", model: train.outputs.bestModel, modelName: "m", onlyIfBetter: true });
    registerModelStep({ name: "b", model: train.outputs.bestModel, modelName: "m", onlyIfBetter: { metric: "log_loss", goal: "minimize" } });
    // @ts-expect-error the goal is maximize or minimize
    registerModelStep({ name: "c", model: train.outputs.bestModel, modelName: "m", onlyIfBetter: { goal: "lower" } });
    // @ts-expect-error a metric name, not a number
    registerModelStep({ name: "d", model: train.outputs.bestModel, modelName: "m", onlyIfBetter: { metric: 3 } });
    return {};
  });
}

describe("onlyIfBetter is typed", () => {
  it("type-checks the cases above", () => {
    expectTypeOf(cases).toBeFunction();
  });
});
