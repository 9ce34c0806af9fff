// Spark steps and jobs (`sparkComponent`, `sparkStep`, `sparkJob`): emitted as the SDK sends
// them (a pipeline node's snake_case JSON with the component's entry, args, files and
// configuration; a standalone Spark job's camelCase body with a string-valued conf), Azure ML's
// default identity filled in, and every setting Azure would refuse reported before submission
// as one located SL160.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { cmd, dataFile, input, output, pipeline, type SparkConf, sparkComponent, sparkJob, sparkStep } from "@sluice/dsl";
import type { PipelineIR } from "@sluice/dsl/ir";
import { compilePipeline, restJobBody } from "../src/index.ts";
import { emitCliYaml } from "../src/yaml.ts";

const root = mkdtempSync(join(tmpdir(), "sluice-spark-"));
mkdirSync(join(root, "src"));
writeFileSync(join(root, "src", "wrangle.py"), "import pyspark\n");
afterAll(() => rmSync(root, { recursive: true, force: true }));

const CONF: SparkConf = {
  "spark.driver.cores": 1,
  "spark.driver.memory": "2g",
  "spark.executor.cores": 2,
  "spark.executor.memory": "2g",
  "spark.executor.instances": 2,
};
const TITANIC = "azureml://datastores/workspaceblobstore/paths/data/titanic.csv";

const wrangle = sparkComponent({
  name: "wrangle",
  version: "1",
  code: join(root, "src"),
  entry: { file: "wrangle.py" },
  pyFiles: ["utils.zip"],
  inputs: { raw: input.uriFile({ mode: "direct" }), rate: input.number({ default: 0.1 }) },
  outputs: { tidy: output.uriFolder({ mode: "direct" }) },
  args: ({ inputs, outputs }) => cmd`--raw ${inputs.raw} --rate ${inputs.rate} --tidy ${outputs.tidy}`,
  conf: {
    ...CONF,
    "spark.dynamicAllocation.enabled": true,
    "spark.dynamicAllocation.minExecutors": 1,
    "spark.dynamicAllocation.maxExecutors": 4,
    "spark.executor.instances": undefined,
  },
});

function compiled(ir: PipelineIR) {
  const r = compilePipeline(ir, { emitOnly: true });
  if (!r.ok) throw new Error(JSON.stringify(r.diagnostics, null, 2));
  return r.model;
}

function problems(ir: PipelineIR): string[] {
  const r = compilePipeline(ir, { emitOnly: true });
  return r.ok ? [] : r.diagnostics.filter((d) => d.severity === "error").map((d) => `${d.code} ${d.message}`);
}

describe("a Spark component run in a pipeline", () => {
  const pipe = (step: Partial<Parameters<typeof wrangle>[0]> = {}) =>
    pipeline({ name: "spark-pipe" }, () => {
      wrangle({
        name: "wrangle_job",
        inputs: { raw: dataFile(TITANIC, { mode: "direct" }) },
        outputs: { tidy: { path: "azureml://datastores/workspaceblobstore/paths/tidy/", mode: "direct" } },
        compute: "spark-pool",
        ...step,
      });
    });

  it("is a spark node carrying the component's entry, args, files and configuration, with the pool's managed identity", () => {
    const node = restJobBody(compiled(pipe().toIR())).properties.jobs as Record<string, Record<string, unknown>>;
    const { componentId, ...rest } = node.wrangle_job as Record<string, unknown>;
    expect(componentId).toMatch(/^sluice:component:/);
    expect(rest).toEqual({
      _source: "BUILDER",
      type: "spark",
      name: "wrangle_job",
      computeId: "spark-pool",
      inputs: { raw: { job_input_type: "uri_file", mode: "Direct", uri: TITANIC } },
      outputs: { tidy: { job_output_type: "uri_folder", mode: "Direct", uri: "azureml://datastores/workspaceblobstore/paths/tidy/" } },
      args: "--raw ${{inputs.raw}} --rate ${{inputs.rate}} --tidy ${{outputs.tidy}}",
      // Dynamic allocation on and no executor count: it starts with the minimum, as the SDK sends it.
      conf: {
        "spark.driver.cores": 1,
        "spark.driver.memory": "2g",
        "spark.executor.cores": 2,
        "spark.executor.memory": "2g",
        "spark.dynamicAllocation.enabled": true,
        "spark.dynamicAllocation.minExecutors": 1,
        "spark.dynamicAllocation.maxExecutors": 4,
        "spark.executor.instances": 1,
      },
      entry: { file: "wrangle.py", spark_job_entry_type: "SparkJobPythonEntry" },
      identity: { identity_type: "Managed" },
      py_files: ["utils.zip"],
    });
  });

  it("on serverless Spark takes the user's identity, and a step's own identity and conf win", () => {
    const serverless = pipe({ compute: undefined, resources: { instanceType: "Standard_E8S_V3", runtimeVersion: "3.4" } });
    const node = (restJobBody(compiled(serverless.toIR())).properties.jobs as Record<string, Record<string, unknown>>).wrangle_job;
    expect(node?.identity).toEqual({ identity_type: "UserIdentity" });
    expect(node?.resources).toEqual({ instance_type: "Standard_E8S_V3", runtime_version: "3.4" });
    const own = (restJobBody(compiled(pipe({ identity: "aml_token", conf: CONF }).toIR())).properties.jobs as Record<string, Record<string, unknown>>)
      .wrangle_job;
    expect(own?.identity).toEqual({ identity_type: "AMLToken" });
    expect(own?.conf).toEqual(CONF);
  });

  it("registers a spark component whose YAML states entry, args, files and conf", () => {
    const yaml = parse(emitCliYaml(compiled(pipe().toIR()), root)) as { jobs: Record<string, Record<string, unknown>> };
    const job = yaml.jobs.wrangle_job as Record<string, unknown>;
    expect(job.type).toBe("spark");
    expect(job.compute).toBe("azureml:spark-pool");
    expect(job.component).toMatchObject({
      $schema: "https://azuremlschemas.azureedge.net/latest/sparkComponent.schema.json",
      type: "spark",
      name: "wrangle",
      version: "1",
      entry: { file: "wrangle.py" },
      py_files: ["utils.zip"],
      args: "--raw ${{inputs.raw}} --rate ${{inputs.rate}} --tidy ${{outputs.tidy}}",
    });
    expect((job.component as Record<string, unknown>).environment).toBeUndefined();
    expect((job.component as Record<string, unknown>).command).toBeUndefined();
  });

  it("refuses, located, what Azure ML would refuse", () => {
    expect(problems(pipe({ compute: undefined }).toIR())).toEqual([
      "SL160 Spark step 'wrangle_job': runs on neither an attached Spark pool (compute) nor serverless Spark (resources)",
    ]);
    expect(problems(pipe({ resources: { instanceType: "Standard_DS3_v2", runtimeVersion: "three" } }).toIR())).toEqual([
      "SL160 Spark step 'wrangle_job': gives both an attached Spark pool (compute) and serverless resources; Azure takes one",
    ]);
    expect(problems(pipe({ compute: undefined, resources: { instanceType: "Standard_DS3_v2", runtimeVersion: "three" } }).toIR())).toEqual([
      "SL160 Spark step 'wrangle_job': runtime version 'three' is not a Spark runtime version like \"3.4\"",
      "SL160 Spark step 'wrangle_job': serverless instance type 'Standard_DS3_v2' is not one of standard_e4s_v3, standard_e8s_v3, standard_e16s_v3, standard_e32s_v3, standard_e64s_v3",
    ]);
    expect(problems(pipe({ inputs: { raw: dataFile(TITANIC) }, outputs: { tidy: { mode: "upload" } } }).toIR())).toEqual([
      "SL160 Spark step 'wrangle_job': input 'raw' is read as a mount, not directly",
      "SL160 Spark step 'wrangle_job': output 'tidy' is written upload, not directly",
    ]);
    expect(problems(pipe({ conf: { "spark.driver.cores": 1, "spark.driver.memory": "lots", "spark.dynamicAllocation.maxExecutors": 2 } }).toIR())).toEqual([
      "SL160 Spark step 'wrangle_job': it sets min or max executors without spark.dynamicAllocation.enabled",
      "SL160 Spark step 'wrangle_job': its configuration lacks spark.executor.cores, spark.executor.memory, spark.executor.instances",
      'SL160 Spark step \'wrangle_job\': spark.driver.memory must be a size like "2g" or "512m", got "lots"',
    ]);
    const dynamic = { ...CONF, "spark.dynamicAllocation.enabled": true, "spark.dynamicAllocation.minExecutors": 3, "spark.dynamicAllocation.maxExecutors": 2 };
    expect(problems(pipe({ conf: dynamic }).toIR())).toEqual([
      "SL160 Spark step 'wrangle_job': dynamic allocation needs 0 < minExecutors ≤ maxExecutors, got 3 and 2",
      "SL160 Spark step 'wrangle_job': spark.executor.instances (2) must lie between minExecutors and maxExecutors",
    ]);
  });

  it("refuses args naming what the component does not declare, and a missing entry file", () => {
    const bad = sparkComponent({ name: "bad", code: join(root, "src"), entry: { file: "missing.py" }, conf: CONF });
    const ir = pipeline({ name: "p" }, () => {
      bad({ name: "b", compute: "pool" });
    }).toIR();
    expect(problems(ir)).toEqual([expect.stringMatching(/^SL109 .*missing\.py/)]);
    const ghost = {
      ...ir,
      steps: ir.steps.map((s) =>
        s.kind === "spark" ? { ...s, component: { ...s.component, entry: { file: "wrangle.py" }, args: "--o ${{outputs.gone}}" } } : s,
      ),
    };
    expect(problems(ghost as PipelineIR)).toEqual(["SL143 the args of component 'bad' uses ${{outputs.gone}}, which it does not declare"]);
  });
});

describe("a Spark step written inline and a standalone Spark job", () => {
  it("an inline step is an anonymous spark component with the values' types", () => {
    const ir = pipeline({ name: "inline" }, () => {
      sparkStep({
        name: "count",
        code: join(root, "src"),
        entry: { file: "wrangle.py" },
        inputs: { raw: dataFile(TITANIC, { mode: "direct" }), n: 3 },
        args: ({ inputs }) => cmd`--raw ${inputs.raw} --n ${inputs.n}`,
        conf: CONF,
        resources: { instanceType: "standard_e4s_v3" },
      });
    }).toIR();
    const plan = compiled(ir);
    expect(plan.components[0]).toMatchObject({ named: false, inputs: { raw: { type: "uri_file", mode: "direct" }, n: { type: "integer", default: 3 } } });
    expect(plan.components[0]?.spark?.conf).toEqual(CONF);
  });

  const job = (compute?: string) =>
    sparkJob({
      name: "titanic-spark",
      ...(compute ? { compute } : { resources: { instanceType: "standard_e4s_v3", runtimeVersion: "3.4" } }),
      code: join(root, "src"),
      entry: { file: "wrangle.py" },
      inputs: { titanic_data: dataFile(TITANIC, { mode: "direct" }) },
      outputs: { wrangled_data: output.uriFolder() },
      outputSettings: { wrangled_data: { mode: "direct" } },
      args: ({ inputs, outputs }) => cmd`--titanic_data ${inputs.titanic_data} --wrangled_data ${outputs.wrangled_data}`,
      conf: { ...CONF, "spark.dynamicAllocation.enabled": false },
    });

  it("is sent as a Spark job: camelCase, conf as text, no display name unless given", () => {
    const plan = compiled(job("spark-pool").toIR());
    const body = restJobBody(plan).properties;
    expect(body).toEqual({
      jobType: "Spark",
      isArchived: false,
      tags: {},
      computeId: "spark-pool",
      codeId: `sluice:code:${plan.codeSnapshots[0]?.id}`,
      entry: { file: "wrangle.py", sparkJobEntryType: "SparkJobPythonEntry" },
      args: "--titanic_data ${{inputs.titanic_data}} --wrangled_data ${{outputs.wrangled_data}}",
      conf: {
        "spark.driver.cores": "1",
        "spark.driver.memory": "2g",
        "spark.executor.cores": "2",
        "spark.executor.memory": "2g",
        "spark.executor.instances": "2",
        "spark.dynamicAllocation.enabled": "False",
      },
      identity: { identityType: "Managed" },
      inputs: { titanic_data: { jobInputType: "uri_file", mode: "Direct", uri: TITANIC } },
      outputs: { wrangled_data: { jobOutputType: "uri_folder", mode: "Direct" } },
    });
    expect(restJobBody(compiled(job().toIR())).properties).toMatchObject({
      identity: { identityType: "UserIdentity" },
      resources: { instanceType: "standard_e4s_v3", runtimeVersion: "3.4" },
    });
  });

  it("is written as a sparkJob YAML", () => {
    const yaml = parse(emitCliYaml(compiled(job().toIR()), root)) as Record<string, unknown>;
    expect(yaml).toMatchObject({
      $schema: "https://azuremlschemas.azureedge.net/latest/sparkJob.schema.json",
      type: "spark",
      entry: { file: "wrangle.py" },
      resources: { instance_type: "standard_e4s_v3", runtime_version: "3.4" },
      inputs: { titanic_data: { type: "uri_file", path: TITANIC, mode: "direct" } },
      outputs: { wrangled_data: { type: "uri_folder", mode: "direct" } },
    });
  });

  it("refuses a job on neither a pool nor serverless Spark, and wrong options where they are written", () => {
    const neither = sparkJob({ name: "nowhere", code: join(root, "src"), entry: { file: "wrangle.py" }, conf: CONF });
    expect(problems(neither.toIR())).toEqual(["SL160 Spark step 'job': runs on neither an attached Spark pool (compute) nor serverless Spark (resources)"]);
    expect(() => sparkJob({ name: "x", code: ".", entry: { module: "m" } as never, identity: "root" as never, conf: { a: [1] } as never })).toThrow(
      /option 'entry' of sparkJob must be \{ file: "main\.py" \} or \{ className: "com\.example\.Main" \}/,
    );
  });
});
