// What `sluice deploy` checks of a registered component before it sends a job: every port the
// pipeline declares (by hand, or as `sluice import` inferred it) exists in the registered
// component's spec, as a value where a value is declared and as data where data is.
import { describe, expect, it } from "vitest";
import { interfaceProblems } from "../src/azure/deploy/component-assets.ts";

const declared = {
  inputs: { data: { type: "uri_folder" }, epochs: { type: "integer" }, rate: { type: "number" } },
  outputs: { model: { type: "uri_folder" } },
} as never;

describe("a registered component's interface against the declared one", () => {
  it("agrees when every declared port is there with the same kind (an integer to a number input, uri_folder to mltable)", () => {
    const spec = {
      inputs: { data: { type: "mltable" }, epochs: { type: "number" }, rate: { type: "number" }, extra: { type: "string" } },
      outputs: { model: { type: "mlflow_model" }, metrics: { type: "uri_folder" } },
    };
    expect(interfaceProblems(declared, spec)).toEqual([]);
  });

  it("names each port it lacks, with the ports it has, and each port of the other kind", () => {
    const spec = { inputs: { data: { type: "string" }, epochs: { type: "integer" } }, outputs: { trained: { type: "uri_folder" } } };
    expect(interfaceProblems(declared, spec)).toEqual([
      "its input 'data' is string, a value, but is declared uri_folder here",
      "it has no input 'rate' (its inputs: data, epochs)",
      "it has no output 'model' (its outputs: trained)",
    ]);
  });

  it("says a component without ports has none, and trusts a spec it cannot read", () => {
    expect(interfaceProblems(declared, {})).toEqual([
      "it has no input 'data'",
      "it has no input 'epochs'",
      "it has no input 'rate'",
      "it has no output 'model'",
    ]);
    expect(interfaceProblems(declared, undefined)).toEqual([]);
    expect(interfaceProblems(declared, { inputs: { data: {}, epochs: {}, rate: {} }, outputs: { model: {} } })).toEqual([]);
  });
});
