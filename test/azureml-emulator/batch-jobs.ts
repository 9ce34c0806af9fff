import { randomUUID } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { ContainerClient, StorageSharedKeyCredential } from "@azure/storage-blob";
import { PythonFinder } from "../../packages/runtime/src/python/find-python.ts";
import { runBatchScorer, scorerConfig } from "../../packages/runtime/src/serve/batch-job.ts";
import type { EmulatorContext } from "./context.ts";
import type { EndpointHost } from "./endpoint-host.ts";
import { HttpError, route, send, type Route } from "./http.ts";
import type { Resource } from "./state.ts";
import { isoSeconds } from "./sweep-job.ts";

type Input = { jobInputType?: string; uri?: string };
type DeploymentProps = {
  model?: { assetId?: string };
  codeConfiguration?: { codeId?: string; scoringScript: string };
  resources?: { instanceCount?: number };
  maxConcurrencyPerInstance?: number;
  miniBatchSize?: number;
  outputAction?: string;
  outputFileName?: string;
  errorThreshold?: number;
  retrySettings?: { maxRetries?: number; timeout?: string };
};

/** A batch endpoint's scoring URI (set on the endpoint when it is PUT): on the emulator, as Azure's is on its inference host. */
export function batchScoringUri(ctx: EmulatorContext, name: string): { scoringUri: string } {
  return { scoringUri: `${ctx.url}/_batch/${name}/jobs` };
}

const DATASTORE_URI = /^azureml:\/\/datastores\/workspaceblobstore\/paths\/(.+)$/;

/**
 * Batch endpoints' scoring URIs, as Azure serves them (`POST {scoringUri}` with
 * `{"properties": {"inputData": {"UriFolder": {...}}}}`, what the SDK's `batch_endpoints.invoke`
 * sends): each invocation becomes a workspace job that runs the same batch scorer as
 * `sluice invoke --batch`, on the input read from the blob store, with the deployment's model
 * (emulated registry) and code, and writes the predictions to `azureml/{job}/score/`, where Azure
 * puts a batch job's default output.
 */
export class BatchJobs {
  private readonly ctx: EmulatorContext;
  private readonly host: EndpointHost;
  private readonly workDir: string;
  private readonly container: ContainerClient;
  private readonly running = new Map<string, AbortController>();

  constructor(ctx: EmulatorContext, host: EndpointHost, workDir: string) {
    this.ctx = ctx;
    this.host = host;
    this.workDir = workDir;
    this.container = new ContainerClient(
      `${ctx.storage.endpoint}/${ctx.storage.container}`,
      new StorageSharedKeyCredential(ctx.storage.account, ctx.storage.key),
    );
  }

  routes(): Route[] {
    return [
      route("POST", "/_batch/{name}/jobs", (x, p) => this.invoke(x.body, String(x.headers?.["azureml-model-deployment"] ?? ""), p.name as string, x.res)),
    ];
  }

  /** Cancels a batch job it runs; false for any other job. */
  cancel(job: Resource): boolean {
    const c = this.running.get(job.name);
    if (!c) return false;
    job.properties.status = "CancelRequested";
    c.abort();
    return true;
  }

  private invoke(body: unknown, pinned: string, name: string, res: Parameters<typeof send>[0]): void {
    const endpoint = this.ctx.state.endpoints.get(`batchEndpoints/${name}`);
    if (!endpoint) throw new HttpError(404, "ResourceNotFound", `batch endpoint ${name} not found`);
    const inputs = Object.entries((body as { properties?: { inputData?: Record<string, Input> } })?.properties?.inputData ?? {});
    const [kind, input] = inputs[0] ?? [];
    if (inputs.length !== 1 || !kind || !["UriFolder", "UriFile"].includes(kind) || input?.jobInputType !== kind)
      throw new HttpError(400, "UserError", "properties.inputData must hold one input, UriFolder or UriFile, with that jobInputType");
    const path = DATASTORE_URI.exec(String(input?.uri ?? ""))?.[1];
    if (!path) throw new HttpError(400, "UserError", `input ${input?.uri} is not a path on the workspaceblobstore datastore`);
    const deploymentName = pinned || String((endpoint.properties.defaults as { deploymentName?: string } | undefined)?.deploymentName ?? "");
    const deployment = this.ctx.state.endpoints.get(`batchEndpoints/${name}/deployments/${deploymentName}`);
    if (!deployment) throw new HttpError(404, "ResourceNotFound", `batch endpoint ${name} has no deployment '${deploymentName}'`);
    const jobName = `batchjob-${randomUUID()}`;
    const job = this.ctx.state.resource(`${this.ctx.wsId}/jobs/${jobName}`, "Microsoft.MachineLearningServices/workspaces/jobs", jobName, {
      jobType: "Pipeline",
      status: "Running",
      displayName: jobName,
      experimentName: name,
      tags: { endpoint: name, deployment: deploymentName },
      properties: {},
      outputs: { score: { jobOutputType: "uri_folder", uri: `azureml://datastores/workspaceblobstore/paths/azureml/${jobName}/score/` } },
    });
    this.ctx.state.jobs.set(jobName, job);
    this.ctx.state.jobRuns.set(jobName, { runId: jobName, parentRunId: "", displayName: jobName, status: "Running", properties: {}, log: "" });
    const controller = new AbortController();
    this.running.set(jobName, controller);
    void this.run(job, deployment.properties as DeploymentProps, { path: decodeURIComponent(path), file: kind === "UriFile" }, controller.signal)
      .catch((error: Error) => this.finish(job, "Failed", `emulator: ${error.message}`))
      .finally(() => this.running.delete(jobName));
    send(res, 200, { id: job.id, name: jobName, type: `${endpoint.type}/jobs`, properties: { status: "Running", outputData: job.properties.outputs } });
  }

  private async download(path: string, file: boolean, dir: string): Promise<void> {
    const prefix = path.replace(/\/+$/, "");
    for await (const blob of this.container.listBlobsFlat({ prefix: file ? prefix : `${prefix}/` })) {
      if (file && blob.name !== prefix) continue;
      const target = join(dir, file ? (prefix.split("/").at(-1) as string) : blob.name.slice(prefix.length + 1));
      mkdirSync(join(target, ".."), { recursive: true });
      await this.container.getBlobClient(blob.name).downloadToFile(target);
    }
  }

  private async run(job: Resource, d: DeploymentProps, input: { path: string; file: boolean }, signal: AbortSignal): Promise<void> {
    const dir = join(this.workDir, "batch-jobs", job.name);
    const inputDir = join(dir, "input");
    await this.download(input.path, input.file, inputDir);
    const files = existsSync(inputDir) ? (readdirSync(inputDir, { recursive: true, encoding: "utf8" }) as string[]).map((f) => join(inputDir, f)).sort() : [];
    if (files.length === 0) return this.finish(job, "Failed", `no files at ${input.path}`);
    const { dir: modelDir, model } = this.host.modelDir(String(d.model?.assetId ?? ""));
    if (!existsSync(modelDir)) return this.finish(job, "Failed", `model ${model} has no files in the workspace`);
    const picked = new PythonFinder(process.env).pick(d.codeConfiguration ? ["pandas"] : ["pandas", "sklearn"]);
    if ("missing" in picked) return this.finish(job, "Failed", `no Python with ${picked.missing.join(", ")}`);
    const code = d.codeConfiguration?.codeId
      ? { dir: await this.host.codeDir(d.codeConfiguration.codeId), script: d.codeConfiguration.scoringScript }
      : undefined;
    const stepDir = join(dir, "step");
    mkdirSync(stepDir, { recursive: true });
    const config = scorerConfig(
      {
        miniBatchSize: d.miniBatchSize,
        processes: (d.maxConcurrencyPerInstance ?? 1) * (d.resources?.instanceCount ?? 1),
        errorThreshold: d.errorThreshold,
        maxRetries: d.retrySettings?.maxRetries,
        timeoutSeconds: d.retrySettings?.timeout ? isoSeconds(d.retrySettings.timeout) : undefined,
        outputAction: d.outputAction === "SummaryOnly" ? "summary_only" : "append_row",
        outputFileName: d.outputFileName,
        modelDir,
        code,
      },
      files,
      stepDir,
    );
    const { outcome, summary } = await runBatchScorer(picked.interpreter.path, config, stepDir, signal);
    for (const f of existsSync(config.output_dir) ? (readdirSync(config.output_dir, { recursive: true, encoding: "utf8" }) as string[]) : [])
      await this.container.getBlockBlobClient(`azureml/${job.name}/score/${f}`).uploadData(readFileSync(join(config.output_dir, f)));
    const log = ["stdout.log", "stderr.log"].map((f) => join(stepDir, f)).filter(existsSync);
    const run = this.ctx.state.jobRuns.get(job.name);
    if (run) run.log = log.map((f) => readFileSync(f, "utf8")).join("");
    if (outcome.cancelled) return this.finish(job, "Canceled");
    const status = summary?.status === "completed" ? "Completed" : "Failed";
    this.finish(job, status, status === "Failed" ? (summary?.reason ?? `the batch scorer exited (${relative(dir, stepDir)})`) : undefined);
  }

  private finish(job: Resource, status: string, error?: string): void {
    job.properties.status = status;
    if (error) this.ctx.state.jobErrors.set(job.name, error);
    const run = this.ctx.state.jobRuns.get(job.name);
    if (run) Object.assign(run, { status, endTimeUtc: new Date().toISOString(), ...(error ? { error } : {}) });
  }
}
