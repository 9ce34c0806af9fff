import { randomUUID } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { ContainerClient, StorageSharedKeyCredential } from "@azure/storage-blob";
import type { Reporter, RunEvent } from "../../packages/runtime/src/progress/events.ts";
import { LocalBackend } from "../../packages/runtime/src/backends/local/local-backend.ts";
import type { RunRecord } from "../../packages/runtime/src/runs/run-record.ts";
import type { EmulatorContext } from "./context.ts";
import { codeFolders, dataAssets, planFromJob, specFromJob } from "./job-plan.ts";
import { recordAutoML, importModels } from "./job-results.ts";
import type { ChildRun, Resource } from "./state.ts";
import { standaloneAsPipeline } from "./standalone-job.ts";

const STATUS: Record<string, string> = { completed: "Completed", failed: "Failed", cancelled: "Canceled", skipped: "Canceled" };

/**
 * Runs submitted pipeline jobs with Sluice's local engine: code comes from the blob store, outputs
 * go back to `azureml/{child run}/{output}/` in it, child runs and MLflow records are kept for the
 * data plane. The step cache persists across jobs, so unchanged steps are reused as Azure would.
 */
export class JobExecutor {
  readonly ctx: EmulatorContext;
  private readonly workDir: string;
  private readonly webFiles: Record<string, string>;
  private readonly container: ContainerClient;
  private readonly running = new Map<string, AbortController>();
  /** Step fingerprint → the child run that produced it (what `azureml.reusedrunid` names). */
  private readonly producers = new Map<string, string>();

  constructor(ctx: EmulatorContext, workDir: string, webFiles: Record<string, string>) {
    this.ctx = ctx;
    this.workDir = workDir;
    this.webFiles = webFiles;
    this.container = new ContainerClient(
      `${ctx.storage.endpoint}/${ctx.storage.container}`,
      new StorageSharedKeyCredential(ctx.storage.account, ctx.storage.key),
    );
  }

  start(job: Resource): void {
    const controller = new AbortController();
    this.running.set(job.name, controller);
    this.execute(job, controller.signal)
      .catch((error: Error) => {
        job.properties.status = "Failed";
        this.ctx.state.jobErrors.set(job.name, error.message);
      })
      .finally(() => this.running.delete(job.name));
  }

  cancel(job: Resource): void {
    const c = this.running.get(job.name);
    if (c) {
      job.properties.status = "CancelRequested";
      c.abort();
    } else if (!["Completed", "Failed", "Canceled"].includes(String(job.properties.status))) job.properties.status = "Canceled";
  }

  private async download(prefix: string, dir: string): Promise<void> {
    for await (const blob of this.container.listBlobsFlat({ prefix: `${prefix}/` })) {
      const target = join(dir, blob.name.slice(prefix.length + 1));
      mkdirSync(join(target, ".."), { recursive: true });
      await this.container.getBlobClient(blob.name).downloadToFile(target);
    }
  }

  private async upload(dir: string, prefix: string): Promise<void> {
    if (!existsSync(dir)) return;
    const walk = (d: string): string[] => readdirSync(d).flatMap((n) => (statSync(join(d, n)).isDirectory() ? walk(join(d, n)) : [join(d, n)]));
    for (const file of walk(dir)) await this.container.getBlockBlobClient(`${prefix}/${relative(dir, file)}`).uploadData(readFileSync(file));
  }

  private async execute(job: Resource, signal: AbortSignal): Promise<void> {
    const props = (standaloneAsPipeline(this.ctx.wsId, job.name, job.properties as never)?.props ?? job.properties) as Parameters<typeof planFromJob>[2];
    const baseDir = join(this.workDir, "jobs", job.name);
    job.properties.status = "Preparing";
    const folders = codeFolders(this.ctx.state, props, this.ctx.storage.container);
    for (const [id, prefix] of folders) await this.download(prefix, join(baseDir, "code", id.split("/").slice(-3, -2)[0] as string));
    const local = new Map<string, string>();
    for (const [uri, where] of dataAssets(this.ctx.state, props)) {
      if (where.url !== undefined) {
        const file = this.webFiles[where.url];
        if (!file) throw new Error(`the emulator cannot reach ${where.url}`);
        local.set(uri, file);
        continue;
      }
      const dir = join(baseDir, "data", uri.split("/").slice(-3).join("-"));
      if (where.file === undefined) await this.download(where.prefix, dir);
      else {
        mkdirSync(dir, { recursive: true });
        await this.container.getBlobClient(`${where.prefix}/${where.file}`).downloadToFile(join(dir, where.file));
      }
      local.set(uri, relative(baseDir, where.file === undefined ? dir : join(dir, where.file)));
    }
    const plan = planFromJob(this.ctx.state, job.name, props, folders, baseDir, local);
    const spec = specFromJob(props, plan, baseDir, this.webFiles);
    this.ctx.state.experimentId(plan.pipeline.experiment ?? plan.pipeline.name);
    job.properties.status = "Running";
    const paths = { stateDir: join(this.workDir, "state"), cacheDir: join(this.workDir, "cache"), registryDir: join(this.workDir, "registry") };
    const children = new ChildTracker(this, job, paths.stateDir, job.properties.jobType !== "Pipeline");
    const run = await new LocalBackend(paths).run(spec, { reporter: children, signal, parallelism: 2, pipelineFile: `${job.name}.json` });
    await children.settled();
    importModels(this.ctx, paths.registryDir, job.name);
    job.properties.status = STATUS[run.status] ?? "Failed";
  }

  /** After a step: its outputs to the blob store, AutoML metrics to MLflow, the child run updated. */
  async finishStep(
    job: Resource,
    child: ChildRun,
    e: Extract<RunEvent, { type: "step-finished" }>,
    runDir: string,
    node: string,
    fingerprint: string | undefined,
  ): Promise<void> {
    if (e.status === "completed" && !e.reused) {
      if (fingerprint) this.producers.set(fingerprint, child.runId);
      const outputs = join(runDir, "steps", node, "outputs");
      for (const out of existsSync(outputs) ? readdirSync(outputs) : []) await this.upload(join(outputs, out), `azureml/${child.runId}/${out}`);
      // A register step's version exists in the workspace as soon as the step ends (a later step may deploy it).
      importModels(this.ctx, join(this.workDir, "registry"), job.name);
      const metrics = join(outputs, "metrics", "metrics.json");
      if (existsSync(metrics))
        recordAutoML(this.ctx, String(job.properties.experimentName ?? "Default"), child.runId, JSON.parse(readFileSync(metrics, "utf8")));
    }
    if (e.reused)
      child.properties = {
        ...child.properties,
        "azureml.isreused": "true",
        "azureml.reusedrunid": (fingerprint && this.producers.get(fingerprint)) || child.runId,
      };
    const logs = ["stdout.log", "stderr.log"].map((f) => join(runDir, "steps", node, f)).filter(existsSync);
    child.log = logs.map((f) => readFileSync(f, "utf8")).join("");
    if (e.status === "failed") child.error = e.reason ?? "the step failed";
    child.endTimeUtc = new Date().toISOString();
    child.status = STATUS[e.status] ?? "Failed";
  }
}

/** A reporter that turns the local engine's events into Azure child runs. */
class ChildTracker implements Reporter {
  private readonly executor: JobExecutor;
  private readonly job: Resource;
  private readonly stateDir: string;
  private runId = "";
  private readonly byStep = new Map<string, { child: ChildRun; node: string }>();
  private readonly pipelines = new Map<string, ChildRun>();
  private readonly pending: Array<Promise<void>> = [];

  /** A standalone job (Sweep, Command): its one step is the job's own run (a sweep's trials its children). */
  private readonly standalone: boolean;

  constructor(executor: JobExecutor, job: Resource, stateDir: string, standalone: boolean) {
    this.executor = executor;
    this.job = job;
    this.stateDir = stateDir;
    this.standalone = standalone;
  }

  event(e: RunEvent): void {
    if (e.type === "run-started") {
      this.runId = e.runId;
      const lists = new Map<string, ChildRun[]>([[this.job.name, []]]);
      for (const s of e.steps) {
        const parentRunId = this.parentOf(s.node, lists);
        const child: ChildRun = {
          runId: randomUUID(),
          parentRunId,
          displayName: s.name.split("/").at(-1) as string,
          status: "NotStarted",
          properties: { "azureml.nodeid": s.node.split(".").at(-1) as string },
          log: "",
        };
        if (this.standalone) {
          child.runId = this.job.name;
          this.executor.ctx.state.jobRuns.set(this.job.name, child);
        } else lists.get(parentRunId)?.push(child);
        this.byStep.set(s.name, { child, node: s.node });
      }
      for (const [parent, list] of lists) this.executor.ctx.state.children.set(parent, list);
    } else if (e.type === "trial-finished") {
      this.recordTrial(e);
    } else if (e.type === "step-started") {
      const c = this.byStep.get(e.step);
      if (c) Object.assign(c.child, { status: "Running", startTimeUtc: new Date().toISOString() });
      for (const [prefix, run] of this.pipelines) if (c?.node.startsWith(`${prefix}.`) && run.status === "NotStarted") run.status = "Running";
    } else if (e.type === "step-finished") {
      const c = this.byStep.get(e.step);
      if (!c) return;
      c.child.startTimeUtc ??= new Date().toISOString();
      const runDir = join(this.stateDir, "runs", this.runId);
      const record = JSON.parse(readFileSync(join(runDir, "run.json"), "utf8")) as RunRecord;
      const fingerprint = record.steps.find((s) => s.node === c.node)?.fingerprint;
      this.pending.push(
        this.executor.finishStep(this.job, c.child, e, runDir, c.node, fingerprint).catch((error: Error) => {
          c.child.status = "Failed";
          c.child.error = `emulator: ${error.message}`;
        }),
      );
    }
  }

  /** As Azure shows a sweep: each trial a child run of the sweep node's run, which names the best. */
  private recordTrial(e: Extract<RunEvent, { type: "trial-finished" }>): void {
    const sweep = this.byStep.get(e.step)?.child;
    if (!sweep) return;
    sweep.runType = "hyperdrive";
    const list = this.executor.ctx.state.children.get(sweep.runId) ?? [];
    const runId = `${sweep.runId}_${e.trial.id}`;
    const status =
      { completed: "Completed", terminated: "Canceled", failed: "Failed", timed_out: "Failed", canceled: "Canceled" }[e.trial.status as string] ?? "Failed";
    const properties: Record<string, string> = {
      hyperparameters: JSON.stringify(e.trial.params),
      ...(e.trial.metric !== null ? { score: String(e.trial.metric) } : {}),
    };
    if (e.trial.reused) properties["azureml.isreused"] = "true";
    list.push({ runId, parentRunId: sweep.runId, displayName: e.trial.id, status, properties, log: "" });
    this.executor.ctx.state.children.set(sweep.runId, list);
    if (e.best) sweep.properties = { ...sweep.properties, best_child_run_id: `${sweep.runId}_${e.best.id}`, score: String(e.best.metric) };
  }

  /**
   * As Azure shows a pipeline component's node: a pipeline run (`azureml.PipelineRun`) under
   * its parent, whose children are its steps. Returns the run id a node's child run goes under.
   */
  private parentOf(node: string, lists: Map<string, ChildRun[]>): string {
    const parts = node.split(".");
    if (parts.length === 1) return this.job.name;
    const prefix = parts.slice(0, -1).join(".");
    const known = this.pipelines.get(prefix);
    if (known) return known.runId;
    const parentRunId = this.parentOf(prefix, lists);
    const name = parts.at(-2) as string;
    const run: ChildRun = {
      runId: randomUUID(),
      parentRunId,
      displayName: name,
      status: "NotStarted",
      properties: { "azureml.nodeid": name },
      runType: "azureml.PipelineRun",
      log: "",
    };
    this.pipelines.set(prefix, run);
    lists.get(parentRunId)?.push(run);
    lists.set(run.runId, []);
    return run.runId;
  }

  async settled(): Promise<void> {
    await Promise.all(this.pending);
    // A pipeline run ends as its steps did: failed if one failed, cancelled if one was, else completed.
    for (const [prefix, run] of this.pipelines) {
      const statuses = [...this.byStep.values()].filter((c) => c.node.startsWith(`${prefix}.`)).map((c) => c.child.status);
      run.status = statuses.includes("Failed")
        ? "Failed"
        : statuses.includes("Canceled")
          ? "Canceled"
          : statuses.every((x) => x === "Completed")
            ? "Completed"
            : "Canceled";
      run.endTimeUtc = new Date().toISOString();
    }
  }

  close(): void {}
}
