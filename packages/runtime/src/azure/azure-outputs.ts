import { stableStringify } from "@sluice/compiler";
import { writeFileAtomic, ensureDir } from "../fs/atomic-write.ts";
import { safeJoin } from "../fs/safe-path.ts";
import { SluiceError } from "../errors/sluice-error.ts";
import type { RunRecord } from "../runs/run-record.ts";
import type { AzureWorkspace } from "./arm-client.ts";
import { automlMetrics } from "./automl-metrics.ts";
import { downloadPrefix, openBlobStore } from "./blob-store.ts";
import type { DataPlane } from "./data-plane.ts";
import { childRuns, isTerminal, jobRun } from "./follow-run.ts";

export interface OutputLocation {
  node: string;
  output: string;
  type: string;
}

/**
 * Downloads one output of an Azure run into `target` (created). Metrics come from MLflow
 * tracking as `metrics.json`; data comes from the default datastore's `azureml/{child run}/{output}/`
 * (the reused run's, when Azure reused the step), where Azure writes outputs with no explicit path.
 */
export async function downloadAzureOutput(
  w: AzureWorkspace,
  dp: DataPlane,
  run: RunRecord,
  where: OutputLocation,
  target: string,
): Promise<{ files: number; bytes: number }> {
  const jobName = run.azure?.jobName ?? run.id;
  const job = await w.call(`read job ${jobName}`, () => w.client.jobs.get(w.rg, w.ws, jobName));
  const child = run.azure?.jobType ? await jobRun(dp, jobName) : (await childRuns(dp, jobName)).get(where.node);
  if (child?.status !== "Completed") {
    const state = child?.status ?? (isTerminal(job.properties.status) ? "never ran" : "not started yet");
    throw new SluiceError("run", `step ${where.node} of job ${jobName} has not completed (${state}); its output ${where.output} is not available`);
  }
  const source = child.properties?.["azureml.isreused"] === "true" ? (child.properties["azureml.reusedrunid"] ?? child.runId) : child.runId;
  ensureDir(target);
  if (where.type === "automl_metrics") {
    const experiment = (job.properties as { experimentName?: string }).experimentName ?? run.pipeline;
    const doc = await automlMetrics(dp, experiment, source);
    const text = `${stableStringify(doc, 2)}\n`;
    writeFileAtomic(safeJoin(target, "metrics.json"), text);
    return { files: 1, bytes: Buffer.byteLength(text) };
  }
  const store = await openBlobStore(w);
  const got = await downloadPrefix(store, `azureml/${source}/${where.output}`, target);
  if (got.files === 0)
    throw new SluiceError(
      "azure",
      `output ${where.output} of step ${where.node} is empty or missing in datastore ${store.datastore} (azureml/${source}/${where.output}/)`,
      {},
    );
  return got;
}
