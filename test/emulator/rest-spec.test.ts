// The emulator checks every PUT body against Microsoft's published REST spec (swagger) and the
// free-form parts (pipeline nodes, component specs) against its own rules. Both are pinned here
// against the official SDK: what the SDK sends for every official example must pass, and
// bodies the spec does not allow must be refused with the path of what is wrong.
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { swaggerFor } from "../azureml-emulator/swagger.ts";
import { ComponentSpecRules, PipelineJobRules, SweepJobRules, problem } from "../azureml-emulator/validate.ts";
import { REPO_ROOT } from "../helpers/run-node.ts";
import { corpusPresent, sdkOracle } from "../helpers/oracle.ts";
import { SDK_CANNOT_LOAD } from "../helpers/sdk-oracle-gaps.ts";
import { compilePipeline, endpointRequests } from "@sluice/compiler";
import { loadPipelines } from "@sluice/runtime";

const EXAMPLES = join(REPO_ROOT, ".shared/corpus/azureml-examples/cli/jobs/pipelines-with-components");
const sdk = sdkOracle();
const WS = "/subscriptions/s/resourceGroups/r/providers/Microsoft.MachineLearningServices/workspaces/w";
const spec = swaggerFor("2022-10-01");

// REST bodies are free-form JSON.
type Json = any;
function sdkRun(yaml: string, kind: "job" | "component") {
  return spawnSync("/usr/bin/python3", [join(REPO_ROOT, "test/helpers/sdk_load_job.py"), yaml, kind], { encoding: "utf8" });
}
function sdkBody(yaml: string, kind: "job" | "component"): Json {
  const r = sdkRun(yaml, kind);
  expect(r.stderr).toBe("");
  return JSON.parse(r.stdout);
}

/**
 * What the SDK swaps in at submission: ARM ids for components and computes, and a sweep node's
 * inline trial registered as a component and named by id.
 */
function withArmIds(jobs: Record<string, Json>): void {
  for (const node of Object.values(jobs)) {
    if (node.componentId !== undefined) node.componentId = `${WS}/components/c/versions/1`;
    if (typeof node.computeId === "string" && !node.computeId.startsWith("${{")) node.computeId = `${WS}/computes/${node.computeId}`;
    if (node.type === "sweep" && node.trial !== undefined && node.trial.componentId === undefined) {
      node.trial = { componentId: `${WS}/components/azureml_anonymous/versions/1` };
    }
  }
}

function validate(path: string, body: unknown): string[] {
  const at = spec?.bodySchema("PUT", `${WS}/${path}`);
  if (!spec || !at) throw new Error(`no body schema for ${path}`);
  return spec.validate(at, body);
}

const yamls = corpusPresent(EXAMPLES) ? readdirSync(EXAMPLES, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".yml")) : [];
const parsed = new Map(yamls.map((f) => [f, parse(readFileSync(join(EXAMPLES, f), "utf8"))]));
/** A pipeline YAML that another pipeline names as its `component:` is a pipeline component, not a job. */
const usedAsComponent = new Set(
  [...parsed].flatMap(([f, doc]) =>
    Object.values((doc?.jobs ?? {}) as Record<string, Json>)
      .filter((j) => typeof j?.component === "string" && !j.component.startsWith("azureml:"))
      .map((j) => resolve(EXAMPLES, dirname(f), j.component.replace(/^file:/, ""))),
  ),
);
const pipelines = yamls.filter((f) => parsed.get(f)?.type === "pipeline" && !usedAsComponent.has(resolve(EXAMPLES, f)));
/** Pipelines whose job or a component the SDK here cannot load: each must still fail as recorded. */
const gap = (file: string, kind: "job" | "component") => SDK_CANNOT_LOAD.find((g) => g.file === file && g.kind === kind);

describe.runIf(sdk && pipelines.length > 0)("the SDK's bodies for the official examples", () => {
  it("finds every pipeline the SDK here cannot load among the examples", () => {
    for (const g of SDK_CANNOT_LOAD) expect(pipelines, g.file).toContain(g.file);
  });

  it.each(SDK_CANNOT_LOAD)("$file ($kind): the SDK here still cannot load it, because $why", ({ file, kind, error }) => {
    const target = kind === "job" ? join(EXAMPLES, file) : componentFiles(file).find((c) => sdkRun(c, "component").status !== 0);
    expect(target, `every component of ${file} now loads: remove it from SDK_CANNOT_LOAD`).toBeDefined();
    expect(sdkRun(target as string, kind).stderr).toContain(error);
  });

  it.each(pipelines.filter((f) => !gap(f, "job")))("%s: the job passes the REST spec and the pipeline rules", (file) => {
    const body = sdkBody(join(EXAMPLES, file), "job");
    withArmIds(body.properties.jobs);
    if (body.properties.settings.default_compute) body.properties.settings.default_compute = `${WS}/computes/${body.properties.settings.default_compute}`;
    expect(validate("jobs/j", body)).toEqual([]);
    expect(problem(PipelineJobRules, body.properties)).toBeUndefined();
  });

  it.each(pipelines.filter((f) => !gap(f, "component")))("%s: each component it runs passes the REST spec and the component rules", (file) => {
    for (const component of componentFiles(file)) {
      const body = sdkBody(component, "component");
      const c = body.properties.componentSpec;
      // The SDK registers code and inline environments before the component, then names them by ARM id.
      if (c.type === "pipeline") withArmIds(c.jobs);
      else if (c.code !== undefined) c.code = `azureml:${WS}/codes/x/versions/1`;
      if (typeof c.environment === "object" && c.environment !== null) c.environment = `azureml:${WS}/environments/e/versions/1`;
      expect(validate("components/c/versions/1", body)).toEqual([]);
      // The emulator runs command, pipeline, Spark and parallel components; others it refuses by type, in words.
      if (["command", "pipeline", "spark", "parallel"].includes(c.type)) expect(problem(ComponentSpecRules, c)).toBeUndefined();
      else expect(problem(ComponentSpecRules, c)).toBe("type: Invalid discriminator value. Expected 'command' | 'pipeline' | 'spark' | 'parallel'");
    }
  });
});

/** The local component YAMLs a pipeline's nodes name, as absolute paths. */
function componentFiles(file: string): string[] {
  const jobs = (parsed.get(file)?.jobs ?? {}) as Record<string, Json>;
  return Object.values(jobs)
    .filter((j) => typeof j.component === "string" && !j.component.startsWith("azureml:"))
    .map((j) => join(EXAMPLES, dirname(file), j.component.replace(/^file:/, "")));
}

describe.runIf(sdk)("the SDK's body for a standalone sweep job", () => {
  /** The walkthrough's Sweep job as the SDK sends it, once its code and environment are registered. */
  function sweepBody(): Json {
    const body = sdkBody(join(REPO_ROOT, "test/fixtures/sweep-job/job.yml"), "job");
    body.properties.trial.codeId = `${WS}/codes/c/versions/1`;
    body.properties.trial.environmentId = `${WS}/environments/AzureML-lightgbm-3.3/versions/1`;
    body.properties.computeId = `${WS}/computes/cpu-cluster`;
    return body;
  }

  it("passes the REST spec (both api-versions) and the sweep job rules", () => {
    const body = sweepBody();
    expect(body.properties.jobType).toBe("Sweep");
    expect(validate("jobs/j", body)).toEqual([]);
    const at = swaggerFor("2024-04-01");
    expect(at?.validate(at.bodySchema("PUT", `${WS}/jobs/j`) as never, body)).toEqual([]);
    expect(problem(SweepJobRules, body.properties)).toBeUndefined();
  });

  it("is refused where the spec or the rules say no, with the path", () => {
    const noObjective = sweepBody();
    delete noObjective.properties.objective;
    expect(validate("jobs/j", noObjective)).toEqual(["properties.objective: is required"]);
    const badGoal = sweepBody();
    badGoal.properties.objective.goal = "lower";
    expect(validate("jobs/j", badGoal)[0]).toMatch(/^properties\.objective\.goal: /);
    const badSpace = sweepBody();
    badSpace.properties.searchSpace.boosting = ["pick", [["gbdt"]]];
    expect(problem(SweepJobRules, badSpace.properties)).toMatch(/^searchSpace\.boosting\.0: /);
    const typo = sweepBody();
    typo.properties.trial.command = typo.properties.trial.command.replace("search_space.boosting", "search_space.bosting");
    expect(problem(SweepJobRules, typo.properties)).toBe("trial.command: ${{search_space.bosting}} names nothing the job defines");
  });
});

describe.runIf(sdk)("the SDK's body for a pipeline with a sweep node", () => {
  it("passes the REST spec and the sweep node rules once its trial is registered", () => {
    const body = sdkBody(join(REPO_ROOT, "test/fixtures/sweep/pipeline.yml"), "job");
    // At submission the SDK registers the trial component and names it by ARM id.
    body.properties.jobs.sweep_step.trial = { componentId: `${WS}/components/azureml_anonymous/versions/1` };
    body.properties.settings.default_compute = `${WS}/computes/cpu-cluster`;
    expect(validate("jobs/j", body)).toEqual([]);
    expect(problem(PipelineJobRules, body.properties)).toBeUndefined();
    body.properties.jobs.sweep_step.objective.goal = "lower";
    expect(problem(PipelineJobRules, body.properties)).toMatch(/^jobs\.sweep_step\.objective\.goal: /);
  });
});

describe.runIf(spec !== undefined)("bodies the REST spec does not allow", () => {
  const job = (properties: Json) => validate("jobs/j", { properties: { jobType: "Pipeline", jobs: {}, settings: {}, ...properties } });

  it("are refused with the path of what is wrong", () => {
    expect(job({ inputs: { lr: { jobInputType: "literal" } } })).toEqual(["properties.inputs.lr.value: is required"]);
    expect(job({ inputs: { d: { jobInputType: "uri_folder", uri: "x", mode: "Sideways" } } })).toEqual([
      "properties.inputs.d.mode: 'Sideways' is not one of ReadOnlyMount, ReadWriteMount, Download, Direct, EvalMount, EvalDownload",
    ]);
    expect(job({ outputs: { o: { jobOutputType: "tabular" } } })).toEqual([
      "properties.outputs.o.jobOutputType: 'tabular' is not a type the REST spec defines here",
    ]);
    expect(job({ isArchived: "no" })).toEqual(['properties.isArchived: must be true or false, got "no"']);
    expect(job({ experiment: "typo" })).toEqual(["properties.experiment: is not a property the REST spec defines"]);
    expect(validate("jobs/j", { properties: { jobType: "Nope" } })).toEqual(["properties.jobType: 'Nope' is not a type the REST spec defines here"]);
  });

  it("checks asset versions too: data needs its URI, code its kind of value", () => {
    expect(validate("data/d/versions/1", { properties: { dataType: "uri_folder" } })).toEqual(["properties.dataUri: is required"]);
    expect(validate("codes/c/versions/1", { properties: { codeUri: 3 } })).toEqual(["properties.codeUri: must be a string, got 3"]);
    expect(validate("data/d/versions/1", { properties: { dataType: "uri_folder", dataUri: "azureml://datastores/x/paths/y/" } })).toEqual([]);
  });

  it("accepts enum values in any case, as ARM compares them", () => {
    expect(job({ inputs: { d: { jobInputType: "URI_FOLDER", uri: "x", mode: "download" } } })).toEqual([]);
  });
});

describe("endpoint and deployment bodies", () => {
  const refs = {
    location: "westeurope",
    model: (m: { name: string; version: string }) => `${WS}/models/${m.name}/versions/${m.version === "latest" ? "1" : m.version}`,
    code: () => `${WS}/codes/c/versions/1`,
    environment: () => `${WS}/environments/e/versions/1`,
    compute: (name: string) => `${WS}/computes/${name}`,
  };
  async function requests() {
    const loaded = await loadPipelines(join(REPO_ROOT, "test/fixtures/endpoints/endpoints.pipeline.ts"));
    const result = compilePipeline(loaded.pipelines[0]?.ir);
    if (!result.ok) throw new Error(JSON.stringify(result.diagnostics));
    return endpointRequests(result.model, refs);
  }

  it("pass the REST spec of both api-versions, request by request", async () => {
    const all = await requests();
    expect(all.map((r) => r.path)).toEqual([
      "batchEndpoints/titanic-batch",
      "batchEndpoints/titanic-batch/deployments/nightly",
      "onlineEndpoints/titanic-survival",
      "onlineEndpoints/titanic-survival/deployments/blue",
      "onlineEndpoints/titanic-survival/deployments/green",
      "onlineEndpoints/titanic-survival",
    ]);
    for (const version of ["2022-10-01", "2024-04-01"]) {
      const s = swaggerFor(version);
      for (const r of all) {
        const at = s?.bodySchema("PUT", `${WS}/${r.path}`);
        expect(at, `${version} ${r.path}`).toBeDefined();
        expect(s?.validate(at as never, JSON.parse(JSON.stringify(r.body))), `${version} ${r.path}`).toEqual([]);
      }
    }
  });

  it("are refused where the spec says no, with the path", async () => {
    const [endpoint, , online] = await requests();
    const noAuth = structuredClone(online?.body) as Json;
    delete noAuth.properties.authMode;
    expect(validate(online?.path as string, noAuth)).toEqual(["properties.authMode: is required"]);
    const badAction = structuredClone(endpoint?.body) as Json;
    badAction.properties.authMode = "Password";
    expect(validate(endpoint?.path as string, badAction)[0]).toMatch(/^properties\.authMode: /);
  });
});
