// A pipeline job's own fields in both emitted forms. The display name: the author's text, the
// pipeline's name when unset (as the SDK's @pipeline uses the function's name), and none at all
// for `null` (what a CLI YAML without `display_name` sends; Azure then shows the run's generated
// name). The job's own compute (a YAML's top-level `compute:`): `computeId`, and enough for SL113.
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { cmd, commandStep, environment, pipeline, type PipelineOptions } from "@sluice/dsl";
import { PipelineSchema } from "@sluice/dsl/ir";
import { compilePipeline, restJobBody } from "../src/index.ts";
import { emitCliYaml } from "../src/yaml.ts";

function emitted(displayName: PipelineOptions["displayName"] | "unset", computes: Partial<PipelineOptions> = { defaultCompute: "cpu" }) {
  const ir = pipeline({ name: "nightly", ...computes, ...(displayName === "unset" ? {} : { displayName }) }, () => {
    commandStep({ name: "hello", environment: environment("azureml:AzureML-sklearn-1.5@latest"), command: () => cmd`echo hi` });
    return {};
  }).toIR();
  expect(PipelineSchema.safeParse(ir).success).toBe(true);
  const r = compilePipeline(ir);
  if (!r.ok) throw new Error(JSON.stringify(r.diagnostics));
  return { rest: restJobBody(r.model).properties, yaml: parse(emitCliYaml(r.model, "/")) as Record<string, unknown> };
}

describe("a pipeline job's display name", () => {
  it("is the author's text", () => {
    const { rest, yaml } = emitted("Nightly (retrain)");
    expect([rest.displayName, yaml.display_name]).toEqual(["Nightly (retrain)", "Nightly (retrain)"]);
  });

  it("is the pipeline's name when unset", () => {
    const { rest, yaml } = emitted("unset");
    expect([rest.displayName, yaml.display_name]).toEqual(["nightly", "nightly"]);
  });

  it("is absent from both forms for null", () => {
    const { rest, yaml } = emitted(null);
    expect("display_name" in yaml).toBe(false);
    expect(rest.displayName).toBeUndefined();
    expect(JSON.parse(JSON.stringify(rest)).displayName).toBeUndefined();
  });

  it("refuses anything but text or null, naming the option", () => {
    expect(() => emitted(3 as never)).toThrow(/displayName.*a string, or null for none/s);
  });
});

describe("a pipeline job's own compute", () => {
  it("is sent as computeId and as YAML's compute, beside the default compute", () => {
    const { rest, yaml } = emitted("unset", { compute: "cpu-cluster", defaultCompute: "gpu" });
    expect([rest.computeId, (rest.settings as Record<string, unknown>).default_compute]).toEqual(["cpu-cluster", "gpu"]);
    expect([yaml.compute, (yaml.settings as Record<string, unknown>).default_compute]).toEqual(["azureml:cpu-cluster", "azureml:gpu"]);
  });

  it("is where steps without a compute run, so SL113 does not ask for one", () => {
    expect(emitted("unset", { compute: "cpu-cluster" }).rest.computeId).toBe("cpu-cluster");
    expect(() => emitted("unset", {})).toThrow(/SL113/);
  });

  it("is absent when unset", () => {
    const { rest, yaml } = emitted("unset");
    expect(["computeId" in JSON.parse(JSON.stringify(rest)), "compute" in yaml]).toEqual([false, false]);
  });

  it("is checked as an Azure compute name (SL107)", () => {
    expect(() => emitted("unset", { compute: "<your compute>" })).toThrow(/SL107/);
  });
});
