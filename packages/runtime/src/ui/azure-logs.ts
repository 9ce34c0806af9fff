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
