// Control flow (if_else, do_while, parallel_for) against both oracles. SDK 1.4.0 reads them with
// its private features on: three YAMLs import, compile and equal its serialization, and the
// hand-written Sluice file saying the same compiles equal too. Newer SDKs send control nodes
// the 1.4.0 SDK does not know in every shape, so the REST bodies of the real recorded Azure
// sessions are the second oracle: the same pipelines written in Sluice give the same nodes.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { compilePipeline, formatDiagnostics, restJobJson } from "@sluice/compiler";
import { cmd, component, doWhile, environment, ifElse, input, output, parallelFor, pipeline, pipelineParameter } from "@sluice/dsl";
import { loadPipelines } from "@sluice/runtime";
import { afterAll, describe, expect, it } from "vitest";
import { censusRow, censusTable, censusTotals, sdkBodies, sdkDifference } from "./helpers/census.ts";
import { corpusPresent, sdkOracle } from "./helpers/oracle.ts";
import { REPO_ROOT } from "./helpers/run-node.ts";

const DIR = join(REPO_ROOT, "test/fixtures/control-flow");
const YAMLS = ["if-else.yml", "do-while.yml", "parallel-for.yml"];
const RECORDINGS = join(REPO_ROOT, ".shared/reference/azure-recordings");

describe.runIf(sdkOracle())("control flow against the official SDK", () => {
  const work = mkdtempSync(join(REPO_ROOT, "test", ".work-control-"));
  afterAll(() => rmSync(work, { recursive: true, force: true }));
  const sdk = sdkBodies(
    YAMLS.map((f) => join(DIR, f)),
    { privateFeatures: true },
  );

  it("imports, compiles and equals the SDK's serialization of each YAML", { timeout: 60_000 }, async () => {
    const rows = [];
    for (const f of YAMLS) rows.push(await censusRow(DIR, f, work, sdk.get(join(DIR, f))));
    expect(censusTotals(rows), censusTable(rows)).toMatchObject({ equal: 3 });
  });

  it("compiles the hand-written file to the SDK's serialization of each YAML", async () => {
    const loaded = await loadPipelines(join(DIR, "control-flow.pipeline.ts"));
    expect(loaded.diagnostics).toEqual([]);
    const byName = new Map(loaded.pipelines.map((p) => [p.ir.name, p.ir]));
    for (const [name, yaml] of [
      ["if_else", "if-else.yml"],
      ["do_while", "do-while.yml"],
      ["parallel_for", "parallel-for.yml"],
    ] as const) {
      const result = compilePipeline(byName.get(name), { emitOnly: true });
      if (!result.ok) throw new Error(formatDiagnostics(result.diagnostics, REPO_ROOT));
      const answer = sdk.get(join(DIR, yaml));
      if (!answer?.ok) throw new Error(`the SDK could not load ${yaml}: ${answer?.error}`);
      // The YAMLs give display names; the pipelines' names are the same words.
      expect(sdkDifference(result.model, answer.body, join(DIR, yaml)), name).toBeUndefined();
    }
  });
});

type Json = Record<string, any>;

/** The body of the recording's pipeline-job PUT. */
function recordedJobs(file: string): Json {
  const entries: Json[] = JSON.parse(readFileSync(join(RECORDINGS, file), "utf8")).Entries;
  const put = entries.find((e) => e.RequestMethod === "PUT" && /\/jobs\/[^/?]+\?/.test(e.RequestUri) && e.RequestBody?.properties?.jobType === "Pipeline");
  return put?.RequestBody.properties.jobs;
}

function compiledJobs(p: ReturnType<typeof pipeline>): Json {
  const result = compilePipeline(p.toIR(), { emitOnly: true });
  if (!result.ok) throw new Error(formatDiagnostics(result.diagnostics, REPO_ROOT));
  return JSON.parse(restJobJson(result.model, REPO_ROOT)).properties.jobs;
}

/** A control node as Azure got it, less the SDK's `_source` bookkeeping. */
const node = (jobs: Json, key: string) => {
  const { _source, ...rest } = jobs[key] ?? {};
  return rest;
};

const ENV = environment("azureml:AzureML-sklearn-1.0-ubuntu20.04-py38-cpu@latest");
const basic = component({
  name: "component_in_out",
  inputs: { component_in_number: input.number({ optional: true }), component_in_path: input.uriFolder({ optional: true }) },
  outputs: { component_out_path: output.uriFolder(), is_number_larger_than_zero: output.boolean({ isControl: true }), output_in_number: output.integer() },
  environment: ENV,
  command: () => cmd`echo hello`,
});

describe.runIf(corpusPresent(RECORDINGS))("control flow against recorded Azure sessions", () => {
  it("sends if_else with a literal condition as the SDK did", () => {
    const p = pipeline({ name: "condition_pipeline", defaultCompute: "cpu-cluster" }, () => {
      const node1 = basic({ name: "node1", inputs: { component_in_number: 1 } });
      ifElse({ name: "conditionnode", condition: true, ifTrue: node1 });
    });
    const recorded = recordedJobs("pipeline_job/test_control_flow_pipeline.pyTestIfElsetest_if_else_literal_condition.json");
    expect(node(compiledJobs(p), "conditionnode")).toEqual(node(recorded, "conditionnode"));
  });

  it("sends parallel_for with an item list as the SDK did", () => {
    const p = pipeline({ name: "parallel_for_pipeline", defaultCompute: "cpu-cluster" }, () => {
      const body = basic({ name: "parallel_body" });
      const loop = parallelFor({ name: "parallel_node", body, items: [{ component_in_number: 1 }, { component_in_number: 2 }] });
      basic({ name: "after_node", inputs: { component_in_path: loop.outputs.component_out_path } });
    });
    const ours = compiledJobs(p);
    const recorded = recordedJobs("pipeline_job/test_control_flow_pipeline.pyTestParallelFortest_simple_foreach_list_item.json");
    expect(node(ours, "parallel_node")).toEqual(node(recorded, "parallel_node"));
    expect(ours.after_node.inputs).toEqual(recorded.after_node.inputs);
  });

  it("sends do_while with its condition, mapping and limit as the SDK did", () => {
    const p = pipeline({ name: "pipeline_with_do_while", defaultCompute: "cpu-cluster" }, () => {
      const body = basic({ name: "command_component", inputs: { component_in_number: pipelineParameter("component_in_number", 2) } });
      doWhile({
        name: "do_while_with_command_component",
        body,
        condition: body.outputs.is_number_larger_than_zero,
        mapping: { output_in_number: "component_in_number", component_out_path: "component_in_path" },
        maxIterations: 5,
      });
    });
    const ours = node(compiledJobs(p), "do_while_with_command_component");
    const recorded = node(recordedJobs("dsl/test_controlflow_pipeline.pyTestDoWhilePipelinetest_do_while_pipeline.json"), "do_while_with_command_component");
    // The newer SDK keys a mapped output bound downstream by its binding; the service takes either (the YAML form is the name).
    const names = (m: Json) => Object.fromEntries(Object.entries(m).map(([k, v]) => [k.replace(/^.*\.outputs\.([A-Za-z0-9_]+)\}\}$/, "$1"), v]));
    expect({ ...ours, mapping: names(ours.mapping) }).toEqual({
      ...recorded,
      mapping: names({ output_in_number: ["component_in_number"], "${{parent.jobs.command_component.outputs.component_out_path}}": ["component_in_path"] }),
    });
  });
});
