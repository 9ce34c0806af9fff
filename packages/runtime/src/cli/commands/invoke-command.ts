import { readFileSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { localPaths } from "../../backends/local/local-paths.ts";
import { resolveWorkspace, type WorkspaceFlags } from "../../azure/workspace-config.ts";
import { closestName } from "../../config/closest-name.ts";
import { invalidJson } from "../../config/config-errors.ts";
import { SluiceError } from "../../errors/sluice-error.ts";
import { endpointKeys } from "../../serve/endpoint-keys.ts";
import { pickEndpoint } from "../../serve/local-endpoint.ts";
import { runningServer } from "../../serve/server-file.ts";
import { type ExitCode, exitCodeForRun } from "../exit-codes.ts";
import { compileForRun } from "../run-input.ts";

export interface InvokeFlags extends WorkspaceFlags {
  local?: boolean;
  endpoint?: string;
  data?: string;
  deployment?: string;
  batch?: string;
  json?: boolean;
}

/**
 * `--deployment` must name one of the endpoint's deployments: checked here, before anything is
 * sent, so a typo is a usage error naming the real ones, not the server's 404 (exit 1).
 */
function checkDeployment(endpoint: { type: string; name: string; deployments: ReadonlyArray<{ name: string }> }, deployment: string | undefined): void {
  const names = endpoint.deployments.map((d) => d.name);
  if (deployment === undefined || names.includes(deployment)) return;
  const guess = closestName(deployment, names);
  throw new SluiceError("usage", `${endpoint.type} endpoint ${endpoint.name} has no deployment '${deployment}'${guess ? ` (did you mean '${guess}'?)` : ""}`, {
    hint: `its deployments: ${names.join(", ")}`,
  });
}

/**
 * `--batch <input>`: a batch deployment's job, followed like a run (Ctrl-C cancels it): on the
 * workspace's deployed endpoint when one is configured, else on this machine.
 */
async function invokeBatch(file: string, flags: InvokeFlags & { batch: string }): Promise<ExitCode> {
  const { spec, file: path } = await compileForRun(file, { param: [], input: [] }, "invoke");
  const endpoint = pickEndpoint(spec.plan, flags.endpoint, "batch");
  checkDeployment(endpoint, flags.deployment);
  const paths = localPaths(dirname(path));
  const { followWithSignals } = await import("./run-command.ts");
  const ref = flags.local ? undefined : resolveWorkspace(flags, process.env, dirname(path));
  if (ref) {
    const { connectTo } = await import("../../azure/connect.ts");
    const { invokeAzureBatch } = await import("../../azure/azure-batch.ts");
    const w = await connectTo(ref);
    const input = { input: flags.batch, stateDir: paths.stateDir, ...(flags.deployment ? { deployment: flags.deployment } : {}) };
    const run = await followWithSignals(flags, (o) => invokeAzureBatch(w, endpoint, input, o));
    return exitCodeForRun(run.status);
  }
  const options = { plan: spec.plan, baseDir: spec.baseDir, stateDir: paths.stateDir, registryDir: paths.registryDir, cacheDir: paths.cacheDir };
  const { runBatchJob } = await import("../../serve/batch-job.ts");
  const run = await followWithSignals(flags, (o) =>
    runBatchJob(endpoint, { input: flags.batch, ...(flags.deployment ? { deployment: flags.deployment } : {}) }, options, o),
  );
  return exitCodeForRun(run.status);
}

/** Where to send the request, and the key: the workspace's deployed endpoint, or the one `sluice serve` runs here. */
async function scoringTarget(name: string, path: string, file: string, flags: InvokeFlags): Promise<{ url: string; key: string }> {
  const ref = flags.local ? undefined : resolveWorkspace(flags, process.env, dirname(path));
  if (ref) {
    const { connectTo } = await import("../../azure/connect.ts");
    const { azureEndpoint } = await import("../../azure/azure-endpoints.ts");
    const deployed = await azureEndpoint(await connectTo(ref), name);
    return { url: deployed.scoringUri, key: deployed.keys.primaryKey };
  }
  const stateDir = localPaths(dirname(path)).stateDir;
  const server = runningServer(stateDir, name);
  if (!server) throw new SluiceError("usage", `endpoint ${name} is not being served here`, { hint: `start it in another terminal: sluice serve ${file}` });
  return { url: server.url, key: endpointKeys(stateDir, name).primaryKey };
}

/** The request file's bytes, or a one-line usage error naming what is wrong with `--data`. */
function readRequest(given: string): Buffer {
  const path = resolve(given);
  try {
    if (statSync(path).isDirectory())
      throw new SluiceError("usage", `--data ${given} is a folder: give the request's JSON file`, {
        hint: "a folder of inputs is a batch job: --batch <folder>",
      });
  } catch (e) {
    if (e instanceof SluiceError) throw e;
    throw new SluiceError("usage", `${given} does not exist`);
  }
  let body: Buffer;
  try {
    body = readFileSync(path);
  } catch (e) {
    throw new SluiceError("usage", `--data ${given} cannot be read (${(e as NodeJS.ErrnoException).code ?? "error"})`);
  }
  checkJson(given, body.toString("utf8"));
  return body;
}

/**
 * The request must be JSON, as the SDK's `invoke(request_file=…)` reads it (`json.loads`)
 * before sending: located in the file, not the scoring server's Python text after a round trip.
 */
function checkJson(given: string, text: string): void {
  const hint = 'the request file is JSON, e.g. {"input_data": {"columns": [...], "index": [0], "data": [[...]]}}';
  if (text.trim() === "") throw new SluiceError("usage", `--data ${given} is empty`, { hint });
  try {
    JSON.parse(text);
  } catch (e) {
    throw new SluiceError("usage", invalidJson(given, text, e).message, { hint });
  }
}

/**
 * `sluice invoke <file> --endpoint name --data request.json [--deployment d]`: one scoring
 * request with the endpoint's key, to the workspace's deployed endpoint when a workspace is
 * configured, else to the one `sluice serve` runs; the answer on stdout. With
 * `--batch <file or folder>`: a batch endpoint's job, run here.
 */
export async function invokeCommand(file: string, flags: InvokeFlags): Promise<ExitCode> {
  if (flags.batch !== undefined) {
    if (flags.data) throw new SluiceError("usage", "give --data (an online request) or --batch (a batch job's input), not both");
    return invokeBatch(file, flags as InvokeFlags & { batch: string });
  }
  if (!flags.data)
    throw new SluiceError("usage", "sluice invoke needs --data <request.json>", {
      hint: 'e.g. {"input_data": {"columns": [...], "index": [0], "data": [[...]]}}',
    });
  const body = readRequest(flags.data);
  const { spec, file: path } = await compileForRun(file, { param: [], input: [] }, "invoke");
  const endpoint = pickEndpoint(spec.plan, flags.endpoint, "online");
  checkDeployment(endpoint, flags.deployment);
  const target = await scoringTarget(endpoint.name, path, file, flags);
  const headers: Record<string, string> = { authorization: `Bearer ${target.key}`, "content-type": "application/json" };
  if (flags.deployment) headers["azureml-model-deployment"] = flags.deployment;
  const res = await fetch(target.url, { method: "POST", headers, body }).catch((e: Error) => {
    throw new SluiceError("run", `cannot reach endpoint ${endpoint.name} at ${target.url}: ${e.message}`);
  });
  const text = await res.text();
  if (!res.ok) {
    let message = text;
    try {
      message = (JSON.parse(text) as { error?: string }).error ?? text;
    } catch {}
    const retry = res.headers.get("retry-after");
    throw new SluiceError("run", `endpoint ${endpoint.name} answered ${res.status}: ${message}`, retry ? { hint: `retry after ${retry} s` } : {});
  }
  const warning = res.headers.get("warning");
  if (warning) process.stderr.write(`warning: ${warning.replace(/^\d{3} \S+ "(.*)"$/, "$1")}\n`);
  process.stdout.write(`${text}\n`);
  process.stderr.write(`scored by deployment ${res.headers.get("azureml-model-deployment") ?? "?"}\n`);
  return 0;
}
