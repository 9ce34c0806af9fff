import type { RunRecord, StepRecord } from "../runs/run-record.ts";

/**
 * An Azure run's step log, from the workspace's run history through the Azure backend (the
 * workspace's credentials, as `sluice outputs` uses them); redacted as every Azure log is.
 */
export async function azureStepLog(run: RunRecord, step: StepRecord): Promise<string> {
  if (!run.azure) return "";
  const { reconnect } = await import("../azure/connect.ts");
  const { DataPlane } = await import("../azure/data-plane.ts");
  const { childRuns, jobRun, stepLog } = await import("../azure/follow-run.ts");
  const dp = new DataPlane(await reconnect(run.azure));
  const child = run.azure.jobType ? await jobRun(dp, run.azure.jobName) : (await childRuns(dp, run.azure.jobName)).get(step.node);
  return child ? stepLog(dp, child) : "";
}

const automlCache = new Map<string, Promise<Record<string, unknown> | undefined>>();

/**
 * An Azure AutoML step's leaderboard, rebuilt from run history (MLflow tracking) as
 * `sluice outputs` does; fetched once per finished step and kept for the server's life. Charts
 * of the best model are not in run history, so Azure steps show the leaderboard and the metric
 * by iteration only.
 */
export function azureAutomlMetrics(run: RunRecord, step: StepRecord): Promise<Record<string, unknown> | undefined> {
  const key = `${run.id}/${step.node}`;
  const known = automlCache.get(key);
  if (known && step.status !== "running") return known;
  const fetched = (async () => {
    if (!run.azure || step.status !== "completed") return undefined;
    const { reconnect } = await import("../azure/connect.ts");
    const { DataPlane } = await import("../azure/data-plane.ts");
    const { childRuns } = await import("../azure/follow-run.ts");
    const { automlMetrics } = await import("../azure/automl-metrics.ts");
    const w = await reconnect(run.azure);
    const dp = new DataPlane(w);
    const child = (await childRuns(dp, run.azure.jobName)).get(step.node);
    if (!child) return undefined;
    const job = await w.call(`read job ${run.azure.jobName}`, () => w.client.jobs.get(w.rg, w.ws, run.azure?.jobName as string));
    const experiment = (job.properties as { experimentName?: string }).experimentName ?? run.pipeline;
    const source = child.properties?.["azureml.isreused"] === "true" ? (child.properties["azureml.reusedrunid"] ?? child.runId) : child.runId;
    return automlMetrics(dp, experiment, source);
  })().catch(() => undefined);
  automlCache.set(key, fetched);
  return fetched;
}
