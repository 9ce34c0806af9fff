// Official example jobs beyond the first 14 pipelines, each written by hand in Sluice under
// test/corpus/official-jobs/ from the YAML's meaning and the DSL reference (not from import
// output): standalone command and AutoML jobs, commands written on a pipeline's nodes, a component
// asking for its own machines and distribution, an AutoML text node between components. Compiled in this process, each must equal the official
// SDK's serialization of its YAML (one SDK process answers for all of them).
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
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
};

describe.runIf(sdkOracle() && corpusPresent(JOBS))("official example jobs written by hand in Sluice", () => {
  const sdk = sdkBodies(Object.values(SOURCES).map((f) => join(JOBS, f)));

  it("has a listed official YAML for each hand-written file", () => {
    expect(readdirSync(DIR).sort()).toEqual(Object.keys(SOURCES).sort());
  });

  it.each(Object.entries(SOURCES))("%s compiles to the SDK's serialization of %s", async (file, yaml) => {
    const loaded = await loadPipelines(join(DIR, file));
    expect(loaded.diagnostics).toEqual([]);
    // As `sluice compile`: the image example's data folders are made by its prepare script (SL505).
    const result = compilePipeline(loaded.pipelines[0]?.ir, { emitOnly: true });
    if (!result.ok) throw new Error(formatDiagnostics(result.diagnostics, REPO_ROOT));
    const answer = sdk.get(join(JOBS, yaml));
    if (!answer?.ok) throw new Error(`the SDK could not load ${yaml}: ${answer?.error}`);
    expect(sdkDifference(result.model, answer.body, join(JOBS, yaml))).toBeUndefined();
  });
});
