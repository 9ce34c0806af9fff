// Official example jobs beyond the first 14 pipelines, each written by hand in Sluice under
// test/corpus/official-jobs/ from the YAML's meaning and the DSL reference (not from import
// output): standalone command and AutoML jobs, commands written on a pipeline's nodes, a component
// asking for its own machines and distribution, an AutoML text node between components, a Spark
// component on an attached pool and a standalone Spark job, a parallel job. Compiled in this process, each must
// equal the official SDK's serialization of its YAML (one SDK process answers for all of them;
// a YAML with a template placeholder is asked about filled in, as the hand-written file is).
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { compilePipeline, formatDiagnostics } from "@sluice/compiler";
import { loadPipelines } from "@sluice/runtime";
import { sdkBodies, sdkDifference } from "./helpers/census.ts";
import { corpusPresent, sdkOracle } from "./helpers/oracle.ts";
import { REPO_ROOT } from "./helpers/run-node.ts";

const DIR = join(REPO_ROOT, "test/corpus/official-jobs");
const JOBS = join(REPO_ROOT, ".shared/corpus/azureml-examples/cli/jobs");

/** Each hand-written file and the official YAML it says again. */
const SOURCES: Record<string, string> = {
  "pytorch-iris.pipeline.ts": "single-step/pytorch/iris/job.yml",
  "pytorch-cifar-distributed.pipeline.ts": "single-step/pytorch/cifar-distributed/job.yml",
  "dask-nyctaxi.pipeline.ts": "single-step/dask/nyctaxi/job.yml",
  "cifar-10-pipeline.pipeline.ts": "pipelines/cifar-10/pipeline.yml",
  "tf-hello-world.pipeline.ts": "pipelines-with-components/basics/6a_tf_hello_world/pipeline.yml",
  "hello-pipeline-customize-output-file.pipeline.ts": "basics/hello-pipeline-customize-output-file.yml",
  "energy-demand-forecasting.pipeline.ts": "automl-standalone-jobs/cli-automl-forecasting-task-energy-demand/cli-automl-forecasting-task-energy-demand.yml",
  "hardware-perf-regression.pipeline.ts": "automl-standalone-jobs/cli-automl-regression-task-hardware-perf/cli-automl-regression-task-hardware-perf.yml",
  "text-ner-pipeline.pipeline.ts": "pipelines/automl/cli-automl-text-ner-conll-pipeline/pipeline.yml",
  "fridge-object-detection.pipeline.ts": "automl-standalone-jobs/cli-automl-image-object-detection-task-fridge-items/cli-automl-img-od-task-fridge-items.yml",
  "titanic-spark-pipeline.pipeline.ts": "spark/attached-spark-pipeline-user-identity.yml",
  "titanic-spark-job.pipeline.ts": "spark/attached-spark-standalone-managed-identity.yml",
  "iris-batch-parallel.pipeline.ts": "parallel/2a_iris_batch_prediction/pipeline.yml",
};

/** Template placeholders some examples leave for the reader to fill in, as the hand-written files fill them. */
const FILLED: Record<string, string> = { "<ATTACHED_SPARK_POOL_NAME>": "spark-pool" };

/**
 * The YAML the SDK is asked about: the official one, or, when it has a placeholder, a filled-in
 * copy beside links to everything else in its folder (so its paths name the same files).
 */
function askedYaml(yaml: string, work: string): string {
  const text = readFileSync(join(JOBS, yaml), "utf8");
  if (!Object.keys(FILLED).some((p) => text.includes(p))) return join(JOBS, yaml);
  const dir = join(work, dirname(yaml));
  mkdirSync(dir, { recursive: true });
  for (const name of readdirSync(join(JOBS, dirname(yaml)))) if (!existsSync(join(dir, name))) symlinkSync(join(JOBS, dirname(yaml), name), join(dir, name));
  const filled = join(dir, `filled-${basename(yaml)}`);
  writeFileSync(
    filled,
    Object.entries(FILLED).reduce((t, [p, v]) => t.replaceAll(p, v), text),
  );
  return filled;
}

describe.runIf(sdkOracle() && corpusPresent(JOBS))("official example jobs written by hand in Sluice", () => {
  const work = mkdtempSync(join(tmpdir(), "sluice-official-"));
  afterAll(() => rmSync(work, { recursive: true, force: true }));
  const asked = new Map(Object.values(SOURCES).map((f) => [f, askedYaml(f, work)]));
  const sdk = sdkBodies([...asked.values()]);

  it("has a listed official YAML for each hand-written file", () => {
    expect(readdirSync(DIR).sort()).toEqual(Object.keys(SOURCES).sort());
  });

  it.each(Object.entries(SOURCES))("%s compiles to the SDK's serialization of %s", async (file, yaml) => {
    const loaded = await loadPipelines(join(DIR, file));
    expect(loaded.diagnostics).toEqual([]);
    // As `sluice compile`: the image example's data folders are made by its prepare script (SL505).
    const result = compilePipeline(loaded.pipelines[0]?.ir, { emitOnly: true });
    if (!result.ok) throw new Error(formatDiagnostics(result.diagnostics, REPO_ROOT));
    const answer = sdk.get(asked.get(yaml) ?? "");
    if (!answer?.ok) throw new Error(`the SDK could not load ${yaml}: ${answer?.error}`);
    expect(sdkDifference(result.model, answer.body, asked.get(yaml) ?? "")).toBeUndefined();
  });
});
