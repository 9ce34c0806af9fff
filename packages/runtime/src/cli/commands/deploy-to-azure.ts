import { dirname, relative, resolve } from "node:path";
import { createInterface } from "node:readline/promises";
import type { AzureWorkspace } from "../../azure/arm-client.ts";
import { AzureBackend } from "../../azure/azure-backend.ts";
import { openBlobStore } from "../../azure/blob-store.ts";
import { applyDeploy, type DeployPlan, planChanges, planDeploy, planEndpoints } from "../../azure/deploy/deployer.ts";
import type { AssetChange } from "../../azure/deploy/deploy-types.ts";
import { applyEndpoint } from "../../azure/deploy/endpoint-assets.ts";
import { changesJson, formatDeployPlan } from "../../azure/deploy/format-plan.ts";
import { localPaths } from "../../backends/local/local-paths.ts";
import type { RunSpec } from "../../backends/run-spec.ts";
import type { RunRecord } from "../../runs/run-record.ts";
import { SluiceError } from "../../errors/sluice-error.ts";
import { type ExitCode, exitCodeForRun } from "../exit-codes.ts";
import type { DeployFlags } from "./deploy-command.ts";
import { downloadOutputs } from "./outputs-command.ts";
import { followWithSignals } from "./run-command.ts";

async function confirm(question: string): Promise<boolean> {
  if (!process.stdin.isTTY)
    throw new SluiceError("usage", "deploy needs confirmation, and there is no terminal to ask", {
      hint: "review the plan with --dry-run, then apply with --yes (as CI does)",
    });
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await rl.question(question)).trim());
  } finally {
    rl.close();
  }
}

/** Endpoints that waited for a model the run has now registered: planned again and applied. */
async function deployWaitingEndpoints(w: AzureWorkspace, plan: DeployPlan, out: NodeJS.WritableStream): Promise<AssetChange[]> {
  const waiting = plan.endpoints.filter((e) => e.changes.some((c) => c.action === "wait")).map((e) => e.endpoint);
  if (waiting.length === 0) return [];
  const again = await planEndpoints(w, waiting, plan);
  const changes = again.flatMap((e) => e.changes);
  out.write(formatDeployPlan("endpoints, now that the run registered their models:", changes, [], []));
  for (const e of again) await applyEndpoint(w, e);
  return changes;
}

/**
 * `sluice deploy <file>` with a workspace: plan (assets, schedules and endpoints: new / changed with a diff / unchanged),
 * confirm, apply; `--run-now` then submits and follows a run, `--download` fetches its outputs.
 */
export async function deployToAzure(w: AzureWorkspace, spec: RunSpec, path: string, flags: DeployFlags): Promise<ExitCode> {
  const store = await openBlobStore(w);
  const plan = await planDeploy(w, store, spec, { schedules: true, params: spec.params });
  const planned = planChanges(plan);
  const title = `deploy ${spec.plan.pipeline.name} → workspace ${w.ws} (${w.ref.source})`;
  const out = flags.json ? process.stderr : process.stdout;
  out.write(formatDeployPlan(title, planned, plan.pinned, plan.notes));
  const pending = planned.some((c) => c.action !== "unchanged");
  if (flags.dryRun) {
    if (flags.json) process.stdout.write(`${JSON.stringify({ workspace: w.ws, dryRun: true, assets: changesJson(planned) }, null, 2)}\n`);
    return 0;
  }
  if (pending && !flags.yes && !(await confirm("apply this plan? [y/N] "))) {
    out.write("nothing applied\n");
    return 1;
  }
  const applied = await applyDeploy(w, store, plan);
  const bytes = applied.reduce((n, c) => n + (c.bytes ?? 0), 0);
  out.write(`applied: ${applied.filter((c) => c.action === "create" || c.action === "update").length} changed, ${bytes} bytes uploaded\n`);
  let run: RunRecord | undefined;
  if (flags.runNow) {
    run = await followWithSignals({ toStderr: flags.json === true }, (o) =>
      new AzureBackend(w, localPaths(dirname(path)).stateDir).submit(spec, plan, { ...o, parallelism: 0, pipelineFile: relative(process.cwd(), path) }),
    );
    if (flags.download && run.status === "completed") await downloadOutputs(run, resolve(flags.download));
    if (run.status === "completed") applied.push(...(await deployWaitingEndpoints(w, plan, out)));
  }
  if (flags.json)
    process.stdout.write(
      `${JSON.stringify({ workspace: w.ws, dryRun: false, assets: changesJson(applied), bytesUploaded: bytes, ...(run ? { run: { id: run.id, status: run.status } } : {}) }, null, 2)}\n`,
    );
  return run ? exitCodeForRun(run.status) : 0;
}
