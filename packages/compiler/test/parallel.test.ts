// Parallel steps (`parallelStep`): a `parallel` node as the SDK sends it (the task repeated at the
// node, the mini-batch size as bytes, partition keys as Python's JSON text), a parallel component
// whose YAML states the task and settings, bound inputs read in their own mode (`readAs`), and
// what Azure would refuse reported at the step (SL161).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { cmd, commandStep, dataFolder, environment, output, type ParallelStepOptions, parallelStep, pipeline } from "@sluice/dsl";
import type { PipelineIR } from "@sluice/dsl/ir";
import { compilePipeline, restJobBody } from "../src/index.ts";
import { emitCliYaml } from "../src/yaml.ts";

const root = mkdtempSync(join(tmpdir(), "sluice-parallel-"));
mkdirSync(join(root, "script"));
mkdirSync(join(root, "data"));
writeFileSync(join(root, "script", "score.py"), "def init():\n    pass\n\n\ndef run(batch):\n    return batch\n");
afterAll(() => rmSync(root, { recursive: true, force: true }));
const ENV = environment("azureml:AzureML-sklearn-1.0@latest");

type Options = ParallelStepOptions<Record<string, never>, Record<string, never>>;
const build = (extra: Partial<Options> = {}) =>
  pipeline({ name: "batch", defaultCompute: "cpu-cluster" }, () => {
    const prep = commandStep({ name: "prep", environment: ENV, outputs: { table: output.mltable() }, command: ({ outputs }) => cmd`make ${outputs.table}` });
    parallelStep({
      name: "score",
      inputs: { rows: prep.outputs.table.readAs("eval_mount"), model: dataFolder(join(root, "data"), { mode: "download" }), label: "y" },
      outputs: { predictions: output.uriFile() },
      outputSettings: { predictions: { mode: "rw_mount" } },
      inputData: "rows",
      code: join(root, "script"),
      entryScript: "score.py",
      environment: ENV,
      programArguments: ({ inputs }: { inputs: { model: string; label: string } }) => cmd`--model ${inputs.model} --label ${inputs.label}`,
      appendRowTo: "predictions",
      miniBatchSize: "10kb",
      retry: { maxRetries: 2, timeoutSeconds: 60 },
      loggingLevel: "DEBUG",
      errorThreshold: 5,
      miniBatchErrorThreshold: 5,
      maxConcurrencyPerInstance: 2,
      resources: { instanceCount: 2 },
      environmentVariables: { MODE: "batch" },
      ...(extra as object),
    } as never);
  }).toIR();

function compiled(ir: PipelineIR) {
  const r = compilePipeline(ir, { emitOnly: true });
  if (!r.ok) throw new Error(JSON.stringify(r.diagnostics, null, 2));
  return r.model;
}

const problems = (ir: PipelineIR) => {
  const r = compilePipeline(ir, { emitOnly: true });
  return r.ok ? [] : r.diagnostics.filter((d) => d.severity === "error").map((d) => `${d.code} ${d.message}`);
};

describe("a parallel step", () => {
  it("is a parallel node repeating its task and settings, as the SDK sends it", () => {
    const plan = compiled(build());
    const node = (restJobBody(plan).properties.jobs as Record<string, Record<string, unknown>>).score;
    const code = plan.codeSnapshots.find((s) => s.path.endsWith("script"))?.id;
    expect(node).toMatchObject({
      type: "parallel",
      input_data: "${{inputs.rows}}",
      mini_batch_size: 10240,
      retry_settings: { max_retries: 2, timeout: 60 },
      logging_level: "DEBUG",
      error_threshold: 5,
      mini_batch_error_threshold: 5,
      max_concurrency_per_instance: 2,
      resources: { instance_count: 2 },
      environment_variables: { MODE: "batch" },
      task: {
        type: "run_function",
        code: `sluice:code:${code}`,
        entry_script: "score.py",
        environment: "sluice:environment:azureml:AzureML-sklearn-1.0@latest",
        program_arguments: "--model ${{inputs.model}} --label ${{inputs.label}}",
        append_row_to: "${{outputs.predictions}}",
      },
      // A step output read in a mode of its own carries the mode with its binding.
      inputs: {
        rows: { job_input_type: "literal", value: "${{parent.jobs.prep.outputs.table}}", mode: "EvalMount" },
        model: { job_input_type: "uri_folder", mode: "Download" },
        label: { job_input_type: "literal", value: "y" },
      },
      outputs: { predictions: { job_output_type: "uri_file", mode: "ReadWriteMount" } },
    });
  });

  it("splits by partition keys, sent as Python's JSON text at the node and a list in the component", () => {
    const plan = compiled(build({ miniBatchSize: undefined, partitionKeys: ["store", "brand"] } as never));
    const node = (restJobBody(plan).properties.jobs as Record<string, Record<string, unknown>>).score;
    expect(node?.partition_keys).toBe('["store", "brand"]');
    expect(node?.mini_batch_size).toBeUndefined();
    const yaml = parse(emitCliYaml(plan, root)) as { jobs: Record<string, Record<string, Record<string, unknown>>> };
    expect(yaml.jobs.score?.component).toMatchObject({
      $schema: "https://azuremlschemas.azureedge.net/latest/parallelComponent.schema.json",
      type: "parallel",
      partition_keys: ["store", "brand"],
      inputs: { rows: { type: "mltable", mode: "eval_mount" } },
      task: { type: "run_function", entry_script: "score.py", append_row_to: "${{outputs.predictions}}" },
    });
    expect(yaml.jobs.score?.inputs?.rows).toEqual({ path: "${{parent.jobs.prep.outputs.table}}", mode: "eval_mount" });
  });

  it("refuses, at the step, what Azure ML would refuse", () => {
    expect(problems(build({ partitionKeys: ["store"] } as never))).toEqual(["SL161 parallel step 'score': it gives both miniBatchSize and partitionKeys"]);
    expect(problems(build({ inputData: "label", maxConcurrencyPerInstance: 0, errorThreshold: -2 } as never))).toEqual([
      "SL161 parallel step 'score': errorThreshold must be a whole number ≥ -1, got -2",
      "SL161 parallel step 'score': inputData 'label' is a string input, not data",
      "SL161 parallel step 'score': maxConcurrencyPerInstance must be a whole number ≥ 1, got 0",
    ]);
    expect(() => build({ inputData: "nope" } as never)).toThrow(/inputData of parallelStep 'score' names 'nope', which is not one of its inputs/);
    expect(() => build({ miniBatchSize: "ten" } as never)).toThrow(/option 'miniBatchSize' of parallelStep must be a number of files, or a size like "10kb"/);
    const ir = build();
    const noRows = {
      ...ir,
      steps: ir.steps.map((s) => (s.kind === "parallel" ? { ...s, component: { ...s.component, task: { ...s.component.task, appendRowTo: "gone" } } } : s)),
    } as PipelineIR;
    expect(problems(noRows)).toEqual(["SL161 parallel step 'score': appendRowTo names 'gone', which is not one of its outputs"]);
  });
});
