import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, resolve, sep } from "node:path";
import type { EndpointSpec } from "@sluice/compiler";
import { SluiceError } from "../errors/sluice-error.ts";
import { writeFileAtomic, ensureDir } from "../fs/atomic-write.ts";
import { runProcess, tailLines } from "../process/run-process.ts";
import type { Reporter } from "../progress/events.ts";
import { pythonAsset } from "../python/assets.ts";
import { installHint, PythonFinder } from "../python/find-python.ts";
import { findModel } from "../registry/local-registry.ts";
import type { RunRecord, RunStatus } from "../runs/run-record.ts";
import { newRunId, RunStore } from "../runs/run-store.ts";
import type { LocalEndpointOptions } from "./local-endpoint.ts";

type Batch = Extract<EndpointSpec, { type: "batch" }>;
type Deployment = Batch["deployments"][number];

/** What the batch scorer wrote when it ended (`batch.json`). */
export interface BatchSummary {
  status: RunStatus;
  reason: string | null;
  mini_batches: number;
  completed: number;
  failed: number;
  files: number;
  failed_files: number;
  rows: number;
  errors: Record<string, string>;
}

/** The input's files: the file itself, or every file under the folder, in name order. */
export function inputFiles(input: string): string[] {
  const path = resolve(input);
  if (!existsSync(path)) throw new SluiceError("usage", `batch input ${input} does not exist`);
  if (!statSync(path).isDirectory()) return [path];
  // Hidden is judged below the input folder only: the folder itself may live under ~/.cache.
  const files = (readdirSync(path, { recursive: true, encoding: "utf8" }) as string[])
    .filter((f) => !f.split(sep).some((part) => part.startsWith(".")))
    .map((f) => join(path, f))
    .filter((f) => statSync(f).isFile())
    .sort();
  if (files.length === 0) throw new SluiceError("usage", `batch input folder ${input} has no files`);
  return files;
}

/** The deployment a job runs: the one named, else the endpoint's default (or first). */
export function pickDeployment(endpoint: Batch, name: string | undefined): Deployment {
  const wanted = name ?? endpoint.defaultDeployment ?? endpoint.deployments[0]?.name;
  const d = endpoint.deployments.find((x) => x.name === wanted);
  if (!d)
    throw new SluiceError("usage", `batch endpoint ${endpoint.name} has no deployment '${wanted}'`, {
      hint: `its deployments: ${endpoint.deployments.map((x) => x.name).join(", ")}`,
    });
  return d;
}

/** What the batch scorer needs of a deployment, whether it comes from the plan or (in the emulator) from the workspace. */
export interface ScorerSettings {
  miniBatchSize?: number | undefined;
  processes: number;
  errorThreshold?: number | undefined;
  maxRetries?: number | undefined;
  timeoutSeconds?: number | undefined;
  outputAction?: string | undefined;
  outputFileName?: string | undefined;
  modelDir: string;
  code?: { dir: string; script: string } | undefined;
}

/** The scorer's configuration file: files, mini-batching, retries, the model and scoring code, where it writes. */
export function scorerConfig(s: ScorerSettings, files: string[], stepDir: string) {
  return {
    files,
    mini_batch_size: s.miniBatchSize ?? 10,
    processes: s.processes,
    error_threshold: s.errorThreshold ?? -1,
    max_retries: s.maxRetries ?? 3,
    timeout: s.timeoutSeconds ?? 30,
    output_action: s.outputAction ?? "append_row",
    output_file_name: s.outputFileName ?? "predictions.csv",
    output_dir: join(stepDir, "outputs", "predictions"),
    events_file: join(stepDir, "batch-events.jsonl"),
    summary_file: join(stepDir, "batch.json"),
    model_dir: s.modelDir,
    ...(s.code ? { code_dir: s.code.dir, script: s.code.script } : {}),
  };
}

function settingsOf(d: Deployment, modelDir: string, o: LocalEndpointOptions): ScorerSettings {
  const snapshot = d.scoring && o.plan.codeSnapshots.find((c) => c.id === d.scoring?.code);
  return {
    miniBatchSize: d.miniBatchSize,
    processes: (d.maxConcurrencyPerInstance ?? 1) * d.instanceCount,
    errorThreshold: d.errorThreshold,
    maxRetries: d.retry?.maxRetries,
    timeoutSeconds: d.retry?.timeoutSeconds,
    outputAction: d.outputAction,
    outputFileName: d.outputFileName,
    modelDir,
    ...(d.scoring && snapshot ? { code: { dir: resolve(o.baseDir, snapshot.path), script: d.scoring.script } } : {}),
  };
}

/** Runs the batch scorer on a written configuration; what it summarized (`batch.json`), if it got that far. */
export async function runBatchScorer(python: string, config: ReturnType<typeof scorerConfig>, stepDir: string, signal: AbortSignal) {
  writeFileAtomic(join(stepDir, "batch-config.json"), JSON.stringify(config, null, 2));
  const outcome = await runProcess([python, pythonAsset("batch_scoring.py"), join(stepDir, "batch-config.json")], {
    cwd: config.code_dir ?? stepDir,
    env: { ...process.env, PYTHONUNBUFFERED: "1", PYTHONDONTWRITEBYTECODE: "1" },
    stdoutFile: join(stepDir, "stdout.log"),
    stderrFile: join(stepDir, "stderr.log"),
    signal,
  });
  const summary = existsSync(config.summary_file) ? (JSON.parse(readFileSync(config.summary_file, "utf8")) as BatchSummary) : undefined;
  return { outcome, summary };
}

/** A batch job as a run: one `score` step, running, whose output holds the predictions. */
export function batchRunRecord(id: string, pipeline: string, output: string, azure?: RunRecord["azure"]): RunRecord {
  return {
    id,
    pipeline,
    backend: azure ? "azure" : "local",
    status: "running",
    startedAt: new Date().toISOString(),
    finishedAt: null,
    pid: process.pid,
    pipelineFile: "",
    params: {},
    steps: [{ name: "score", node: "score", status: "running", reused: false, durationMs: null }],
    outputs: { [output]: { node: "score", output, type: "uri_folder" } },
    ...(azure ? { azure } : {}),
  };
}

/**
 * Runs a batch deployment here as Azure runs a batch job: mini-batches of the input's files
 * scored in parallel, the predictions file in the job's output folder. The job is recorded as a
 * run (`sluice runs`, `sluice logs <id> score`, `sluice outputs <id> predictions`, and `sluice
 * cancel <id>` or Ctrl-C to stop it).
 */
export async function runBatchJob(
  endpoint: Batch,
  options: { deployment?: string; input: string },
  o: LocalEndpointOptions,
  run: { reporter: Reporter; signal: AbortSignal },
): Promise<RunRecord> {
  const d = pickDeployment(endpoint, options.deployment);
  const files = inputFiles(options.input);
  const model = findModel(o.registryDir, d.model.name, d.model.version);
  if (!model)
    throw new SluiceError("usage", `model ${d.model.name}${d.model.version === "latest" ? "" : ` version ${d.model.version}`} is not in the local registry`, {
      hint: "run the pipeline that registers it first",
    });
  const modules = d.scoring ? ["pandas"] : ["pandas", "sklearn"];
  const picked = new PythonFinder(process.env, o.cacheDir).pick(modules);
  if ("missing" in picked) throw new SluiceError("environment", `no Python here has ${picked.missing.join(", ")}`, { hint: installHint(picked.missing) });
  const store = new RunStore(o.stateDir);
  const record = batchRunRecord(newRunId(), `${endpoint.name}/${d.name}`, "predictions");
  const stepDir = join(store.create(record), "steps", "score");
  ensureDir(stepDir);
  const config = scorerConfig(settingsOf(d, model.path, o), files, stepDir);
  run.reporter.event({ type: "run-started", runId: record.id, pipeline: record.pipeline, steps: [{ name: "score", node: "score" }] });
  run.reporter.event({ type: "step-started", step: "score" });
  const started = Date.now();
  const { outcome, summary } = await runBatchScorer(picked.interpreter.path, config, stepDir, run.signal);
  const status: RunStatus = outcome.cancelled ? "cancelled" : (summary?.status ?? "failed");
  const step = record.steps[0] as RunRecord["steps"][number];
  const why = summary?.reason ?? outcome.spawnError ?? (summary ? undefined : `the batch scorer exited (${outcome.signal ?? `code ${outcome.exitCode}`})`);
  Object.assign(step, {
    status: status === "completed" ? "completed" : status === "cancelled" ? "cancelled" : "failed",
    durationMs: Date.now() - started,
    ...(why ? { reason: why } : {}),
  });
  if (summary)
    step.batch = {
      miniBatches: summary.mini_batches,
      completed: summary.completed,
      failed: summary.failed,
      files: summary.files,
      failedFiles: summary.failed_files,
      rows: summary.rows,
    };
  record.status = status;
  record.finishedAt = new Date().toISOString();
  store.save(record);
  run.reporter.event({
    type: "step-finished",
    step: "score",
    status: step.status,
    reused: false,
    durationMs: step.durationMs,
    ...(why ? { reason: why, stderrTail: tailLines(join(stepDir, "stderr.log"), 10) } : {}),
  });
  const predictions = join(config.output_dir, config.output_file_name);
  const lines = summary
    ? [
        `${summary.completed}/${summary.mini_batches} mini-batches of ${summary.files} file(s) scored, ${summary.failed} failed; ${summary.rows} prediction row(s)`,
        ...(existsSync(predictions) ? [`predictions: ${relative(process.cwd(), predictions)}`] : []),
      ]
    : [];
  run.reporter.event({ type: "run-finished", runId: record.id, status, durationMs: Date.now() - started, summary: lines });
  return record;
}
