// Parallel components (`type: parallel` YAML, `parallelComponent({...})`): imported and loaded
// equal to what the SDK sends (the node repeats only what the SDK copies from the component: the
// split, the concurrency and the task; retries, thresholds and logging stay the component's), and
// run locally with the component's settings.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { compilePipeline, formatDiagnostics, restJobJson } from "@sluice/compiler";
import { cmd, dataFolder, environment, input, output, parallelComponent, pipeline } from "@sluice/dsl";
import { loadPipelines } from "@sluice/runtime";
import { afterAll, describe, expect, it } from "vitest";
import { censusRow, sdkBodies, sdkDifference } from "./helpers/census.ts";
import { copyProject, sandbox } from "./helpers/local-sandbox.ts";
import { sdkOracle } from "./helpers/oracle.ts";
import { REPO_ROOT } from "./helpers/run-node.ts";

const DIR = join(REPO_ROOT, "test/fixtures/parallel");
const YAML = join(DIR, "component-pipeline.yml");

describe.runIf(sdkOracle())("a parallel component against the official SDK", () => {
  const work = mkdtempSync(join(REPO_ROOT, "test", ".work-parallel-component-"));
  afterAll(() => rmSync(work, { recursive: true, force: true }));
  const sdk = sdkBodies([YAML]);

  it("imports, compiles and equals the SDK's serialization", async () => {
    const row = await censusRow(DIR, "component-pipeline.yml", work, sdk.get(YAML));
    expect(row, row.detail).toMatchObject({ stage: "equal" });
  });

  it("loaded with loadComponent, compiles to the same body", async () => {
    const loaded = await loadPipelines(join(DIR, "component.pipeline.ts"));
    expect(loaded.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const result = compilePipeline(loaded.pipelines[0]?.ir, { emitOnly: true });
    if (!result.ok) throw new Error(formatDiagnostics(result.diagnostics, REPO_ROOT));
    const answer = sdk.get(YAML);
    if (!answer?.ok) throw new Error(`the SDK could not load the YAML: ${answer?.error}`);
    // The YAML exposes no pipeline output; this file does (to run it): compare the node and component.
    const ours = JSON.parse(restJobJson(result.model, DIR)).properties.jobs.score;
    expect({ ...ours, outputs: undefined, componentId: undefined, _source: undefined }).toMatchObject({
      input_data: "${{inputs.files}}",
      mini_batch_size: 3,
      max_concurrency_per_instance: 2,
      type: "parallel",
    });
    expect(ours.retry_settings).toBeUndefined();
    expect(ours.error_threshold).toBeUndefined();
  });

  it("written with parallelComponent, compiles to the SDK's body", () => {
    const score = parallelComponent({
      name: "score_files",
      version: "2",
      displayName: "Score files",
      inputs: { files: input.uriFolder(), prefix: input.string({ default: "scored" }) },
      outputs: { rows: output.uriFile() },
      inputData: "files",
      code: join(DIR, "script"),
      entryScript: "score_files.py",
      environment: environment({ image: "mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu22.04" }),
      programArguments: ({ inputs }) => cmd`--prefix ${inputs.prefix}`,
      appendRowTo: "rows",
      miniBatchSize: 3,
      retry: { maxRetries: 1, timeoutSeconds: 30 },
      loggingLevel: "INFO",
      errorThreshold: -1,
      maxConcurrencyPerInstance: 2,
    });
    const p = pipeline({ name: "parallel_component", defaultCompute: "cpu-cluster" }, () => {
      score({ name: "score", inputs: { files: dataFolder(join(DIR, "data/images")) }, outputs: { rows: { mode: "rw_mount" } } });
    });
    const result = compilePipeline(p.toIR(), { emitOnly: true });
    if (!result.ok) throw new Error(formatDiagnostics(result.diagnostics, REPO_ROOT));
    const answer = sdk.get(YAML);
    if (!answer?.ok) throw new Error(`the SDK could not load the YAML: ${answer?.error}`);
    expect(sdkDifference(result.model, answer.body, YAML)).toBeUndefined();
  });
});

describe("a parallel component run locally", () => {
  const project = copyProject("test/fixtures/parallel");
  const box = sandbox();
  afterAll(() => {
    project.cleanup();
    box.cleanup();
  });

  it("splits the files into mini-batches by the component's settings and appends every row", () => {
    const r = box.sluice(["run", project.file("component.pipeline.ts")]);
    expect(r.status, r.stderr).toBe(0);
    const runs = join(box.env.SLUICE_STATE_DIR, "runs");
    const run = readdirSync(runs).sort().at(-1) ?? "";
    const dir = join(runs, run, "steps", "score", "outputs", "rows");
    const rows = readFileSync(join(dir, readdirSync(dir)[0] ?? ""), "utf8")
      .trim()
      .split("\n");
    expect(rows).toEqual([1, 2, 3, 4, 5, 6, 7].map((i) => `scored,f${i}.txt,item ${i}`));
  });
});
