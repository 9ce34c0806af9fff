// Control flow is typed: a condition is a boolean (literal, parameter or a step's value output),
// a doWhile maps the body's own outputs, a parallelFor's outputs are the body's, gathered. `tsc`
// (part of `npm test`) fails if any `@ts-expect-error` below stops being an error.
import { describe, expect, expectTypeOf, it } from "vitest";
import {
  cmd,
  component,
  doWhile,
  environment,
  type FileData,
  ifElse,
  input,
  output,
  parallelFor,
  pipeline,
  pipelineParameter,
  type ValueData,
} from "@sluice/dsl";

const round = component({
  name: "round",
  inputs: { model_in: input.uriFolder({ optional: true }), lr: input.number({ default: 0.1 }) },
  outputs: { model_out: output.uriFolder(), again: output.boolean({ isControl: true }), score: output.number() },
  environment: environment("azureml:env:1"),
  command: ({ outputs }) => cmd`train ${outputs.model_out} ${outputs.again} ${outputs.score}`,
});

/** Never called: only type-checked. */
function mistakes(): void {
  pipeline({ name: "mistakes" }, () => {
    const a = round({ name: "a" });
    // @ts-expect-error a number is not a condition
    ifElse({ name: "x", condition: 1, ifTrue: a });
    // @ts-expect-error a string parameter is not a condition
    ifElse({ name: "y", condition: pipelineParameter("p", "yes"), ifTrue: a });
    // @ts-expect-error data is not a condition
    ifElse({ name: "z", condition: a.outputs.model_out, ifTrue: a });
    // @ts-expect-error the mapping names the body's outputs
    doWhile({ name: "w", body: a, condition: "again", mapping: { nope: "model_in" } });
    // @ts-expect-error the condition names one of the body's outputs
    doWhile({ name: "v", body: a, condition: "nope" });
    // @ts-expect-error a value output is not data a step reads as a folder
    round({ name: "b", inputs: { model_in: a.outputs.score } });
  });
}

describe("control-flow types", () => {
  it("types the outputs a parallelFor gathers, and value outputs as values", () => {
    expect(typeof mistakes).toBe("function");
    pipeline({ name: "typed" }, () => {
      const a = round({ name: "a" });
      const fan = parallelFor({ name: "fan", body: a, items: [{ lr: 0.1 }] });
      expectTypeOf(fan.outputs.model_out).toEqualTypeOf<FileData>();
      expectTypeOf(fan.outputs.score).toEqualTypeOf<ValueData>();
      expectTypeOf(a.outputs.again).toEqualTypeOf<ValueData>();
      // A value output is a value: a number input takes it.
      round({ name: "b", inputs: { lr: a.outputs.score } });
    });
  });
});
