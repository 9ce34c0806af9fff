import { isAlive } from "../../process/alive.ts";
import { projectRuns } from "../project-state.ts";
import { SluiceError } from "../../errors/sluice-error.ts";
import type { ExitCode } from "../exit-codes.ts";

/** `sluice cancel <run>`: cancels an Azure job (ARM LRO), or interrupts a local run's process. */
export async function cancelCommand(runId: string): Promise<ExitCode> {
  const run = projectRuns().find(runId);
  if (run.backend === "azure" && run.azure) {
    const { reconnect } = await import("../../azure/connect.ts");
    const w = await reconnect(run.azure);
    const jobName = run.azure.jobName;
    await w.call(`cancel job ${jobName}`, () => w.client.jobs.beginCancelAndWait(w.rg, w.ws, jobName, { updateIntervalInMs: w.pollMs }));
    const job = await w.call(`read job ${jobName}`, () => w.client.jobs.get(w.rg, w.ws, jobName));
    process.stdout.write(`job ${jobName}: ${job.properties.status}\n`);
    return 0;
  }
  if (run.status !== "running" || !isAlive(run.pid)) throw new SluiceError("usage", `run ${run.id} is not running (${run.status})`);
  process.kill(run.pid, "SIGINT");
  process.stdout.write(`run ${run.id}: cancel requested\n`);
  return 0;
}
