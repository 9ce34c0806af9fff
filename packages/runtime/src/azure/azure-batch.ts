import { basename, resolve } from "node:path";
import { statSync } from "node:fs";
import type { EndpointSpec } from "@sluice/compiler";
import { SluiceError } from "../errors/sluice-error.ts";
import type { Reporter } from "../progress/events.ts";
import type { RunRecord } from "../runs/run-record.ts";
import { RunStore } from "../runs/run-store.ts";
import { batchRunRecord, inputFiles, pickDeployment } from "../serve/batch-job.ts";
import type { AzureWorkspace } from "./arm-client.ts";
import { openBlobStore, WORKSPACE_BLOB_STORE } from "./blob-store.ts";
import { DataPlane } from "./data-plane.ts";
import { applyUpload, planUpload } from "./deploy/data-assets.ts";
import { isTerminal, pollDelay, runStatusOf } from "./follow-run.ts";
import { armRequest } from "./raw-arm.ts";

type Batch = Extract<EndpointSpec, { type: "batch" }>;

/** The input uploaded by content (`LocalUpload/{hash}/…`, once), as the job's `UriFolder` or `UriFile` input. */
async function uploadInput(w: AzureWorkspace, input: string): Promise<{ kind: "UriFolder" | "UriFile"; uri: string }> {
  inputFiles(input);
  const path = resolve(input);
  const folder = statSync(path).isDirectory();
  const store = await openBlobStore(w);
  const up = await planUpload(w, store, { path, name: "batch-input", type: folder ? "uri_folder" : "uri_file" });
  await applyUpload(w, store, up);
  const tail = folder ? `${up.prefix}/` : `${up.prefix}/${basename(path)}`;
  return { kind: folder ? "UriFolder" : "UriFile", uri: `azureml://datastores/${WORKSPACE_BLOB_STORE}/paths/${tail}` };
}

/** The batch endpoint's scoring URI, or a one-line error when it is not deployed. */
async function scoringUri(w: AzureWorkspace, name: string): Promise<string> {
  const endpoint = await w.tryGet(
    `read batch endpoint ${name}`,
    async () => JSON.parse((await armRequest(w, "GET", `batchEndpoints/${name}`)).bodyAsText ?? "{}") as { properties?: { scoringUri?: string } },
  );
  const uri = endpoint?.properties?.scoringUri;
  if (!uri) throw new SluiceError("usage", `batch endpoint ${name} is not deployed in workspace ${w.ws}`, { hint: "deploy it with sluice deploy <file>" });
  return uri;
}

/** Follows the job until it ends; aborting (Ctrl-C, `sluice cancel`) cancels it in Azure. */
async function followBatchJob(w: AzureWorkspace, jobName: string, signal: AbortSignal): Promise<{ status: string | undefined }> {
  const started = Date.now();
  let cancelled = false;
  for (;;) {
    if (signal.aborted && !cancelled) {
      cancelled = true;
      await w.call(`cancel job ${jobName}`, () => w.client.jobs.beginCancelAndWait(w.rg, w.ws, jobName, { updateIntervalInMs: w.pollMs }));
    }
    const job = await w.call(`read job ${jobName}`, () => w.client.jobs.get(w.rg, w.ws, jobName));
    if (isTerminal(job.properties.status)) return { status: job.properties.status };
    await new Promise((r) => setTimeout(r, pollDelay(Date.now() - started, w.endpoints.emulated)));
  }
}

/**
 * `sluice invoke --batch` against a workspace: uploads the input, invokes the deployed batch
 * endpoint as the SDK's `batch_endpoints.invoke` does (`POST {scoringUri}`, the deployment pinned
 * with `azureml-model-deployment` when named) and follows the job it starts. The job is a run
 * of this project: `sluice runs`, `sluice outputs <id> score --download dir`, `sluice cancel`.
 */
export async function invokeAzureBatch(
  w: AzureWorkspace,
  endpoint: Batch,
  options: { input: string; deployment?: string; stateDir: string },
  run: { reporter: Reporter; signal: AbortSignal },
): Promise<RunRecord> {
  const d = pickDeployment(endpoint, options.deployment);
  const uri = await scoringUri(w, endpoint.name);
  const input = await uploadInput(w, options.input);
  const body = { properties: { inputData: { [input.kind]: { jobInputType: input.kind, uri: input.uri } } } };
  const job = await new DataPlane(w).post<{ name?: string }>(uri, body, options.deployment ? { "azureml-model-deployment": d.name } : {});
  if (!job.name) throw new SluiceError("azure", `batch endpoint ${endpoint.name} started no job`);
  const azure = { subscriptionId: w.ref.subscriptionId, resourceGroup: w.rg, workspaceName: w.ws, jobName: job.name, jobType: "batch" as const };
  const record = batchRunRecord(job.name, `${endpoint.name}/${d.name}`, "score", azure);
  const store = new RunStore(options.stateDir);
  store.create(record);
  const started = Date.now();
  run.reporter.event({ type: "run-started", runId: record.id, pipeline: record.pipeline, steps: [{ name: "score", node: "score" }] });
  run.reporter.event({ type: "step-started", step: "score" });
  const { status } = await followBatchJob(w, job.name, run.signal);
  const step = record.steps[0] as RunRecord["steps"][number];
  record.status = runStatusOf(status);
  Object.assign(step, {
    status: record.status === "completed" ? "completed" : record.status === "cancelled" ? "cancelled" : "failed",
    durationMs: Date.now() - started,
  });
  record.finishedAt = new Date().toISOString();
  store.save(record);
  run.reporter.event({ type: "step-finished", step: "score", status: step.status, reused: false, durationMs: step.durationMs });
  const summary = [`workspace ${w.ws}, batch job ${job.name} (deployment ${d.name})`, `predictions: sluice outputs ${job.name} score --download <dir>`];
  run.reporter.event({ type: "run-finished", runId: record.id, status: record.status, durationMs: Date.now() - started, summary });
  return record;
}
