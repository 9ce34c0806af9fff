import { existsSync, mkdirSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { ContainerClient, StorageSharedKeyCredential } from "@azure/storage-blob";
import { PythonFinder } from "../../packages/runtime/src/python/find-python.ts";
import type { EndpointKeys } from "../../packages/runtime/src/serve/endpoint-keys.ts";
import { type DeploymentToServe, serveDeployments } from "../../packages/runtime/src/serve/local-endpoint.ts";
import type { ScoringServer } from "../../packages/runtime/src/serve/scoring-server.ts";
import type { EmulatorContext } from "./context.ts";
import type { Resource } from "./state.ts";
import { isoSeconds } from "./sweep-job.ts";

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/**
 * Serves deployed online endpoints as Azure does behind their scoring URIs: each endpoint gets a
 * port, and whenever it or a deployment changes, the same scoring server `sluice serve` runs is
 * restarted with the deployments' models (from the emulated registry), code (from the blob
 * store) and traffic.
 */
export class EndpointHost {
  readonly keys = new Map<string, EndpointKeys>();
  /** Why a deployment failed to start (endpoint/deployment → reason), as its provisioning reports. */
  private readonly failures = new Map<string, string>();
  private readonly ports = new Map<string, number>();
  private readonly servers = new Map<string, ScoringServer>();
  private chain: Promise<void> = Promise.resolve();
  private readonly ctx: EmulatorContext;
  private readonly workDir: string;
  private readonly container: ContainerClient;

  constructor(ctx: EmulatorContext, workDir: string) {
    this.ctx = ctx;
    this.workDir = workDir;
    this.container = new ContainerClient(
      `${ctx.storage.endpoint}/${ctx.storage.container}`,
      new StorageSharedKeyCredential(ctx.storage.account, ctx.storage.key),
    );
  }

  /** The endpoint's port, taken on first use and kept across restarts. */
  async port(name: string): Promise<number> {
    let port = this.ports.get(name);
    if (port === undefined) {
      port = await freePort();
      this.ports.set(name, port);
    }
    return port;
  }

  /** Where a workspace model version's files are (the emulated registry). */
  modelDir(modelId: string): { dir: string; model: string } {
    const [, model, version] = /\/models\/([^/]+)\/versions\/([^/]+)$/.exec(modelId) ?? [];
    return { dir: join(this.workDir, "registry", "models", model ?? "", version ?? "", "model"), model: `${model}:${version}` };
  }

  uris(port: number): { scoringUri: string; swaggerUri: string } {
    return { scoringUri: `http://127.0.0.1:${port}/score`, swaggerUri: `http://127.0.0.1:${port}/swagger.json` };
  }

  /** Restarts the endpoint's server with its current deployments (queued: one restart at a time). */
  refresh(name: string): Promise<void> {
    this.chain = this.chain.then(() => this.restart(name)).catch(() => undefined);
    return this.chain;
  }

  /** A code version's files, downloaded once from its blob prefix. */
  async codeDir(codeId: string): Promise<string> {
    const key = /\/workspaces\/[^/]+\/(codes\/.+)$/.exec(codeId)?.[1] ?? "";
    const code = this.ctx.state.assets.get(key);
    const dir = join(this.workDir, "endpoint-code", key.replace(/\//g, "-"));
    if (!code || existsSync(dir)) return dir;
    const uri = String(code.properties.codeUri);
    const prefix = decodeURIComponent(uri.slice(uri.indexOf(`/${this.ctx.storage.container}/`) + this.ctx.storage.container.length + 2));
    for await (const blob of this.container.listBlobsFlat({ prefix: `${prefix}/` })) {
      const target = join(dir, blob.name.slice(prefix.length + 1));
      mkdirSync(join(target, ".."), { recursive: true });
      await this.container.getBlobClient(blob.name).downloadToFile(target);
    }
    return dir;
  }

  private async toServe(d: Resource, traffic: Record<string, number>, finder: PythonFinder, logDir: string): Promise<DeploymentToServe> {
    const p = d.properties as { model?: string; codeConfiguration?: { codeId?: string; scoringScript: string }; requestSettings?: { requestTimeout?: string } };
    const { dir: modelDir, model: modelName } = this.modelDir(p.model ?? "");
    const timeout = isoSeconds(p.requestSettings?.requestTimeout ?? "");
    const base = {
      name: d.name,
      traffic: traffic[d.name] ?? 0,
      instances: Number((d as { sku?: { capacity?: number } }).sku?.capacity ?? 1),
      requestTimeoutMs: timeout ? timeout * 1000 : 5000,
      model: modelName,
    };
    if (!existsSync(modelDir)) return { ...base, worker: { reason: `model ${modelName} has no files in the workspace` } };
    const picked = finder.pick(p.codeConfiguration ? ["pandas"] : ["pandas", "sklearn"]);
    if ("missing" in picked) return { ...base, worker: { reason: `no Python with ${picked.missing.join(", ")}` } };
    const code = p.codeConfiguration?.codeId ? { dir: await this.codeDir(p.codeConfiguration.codeId), script: p.codeConfiguration.scoringScript } : undefined;
    return { ...base, worker: { python: picked.interpreter.path, modelDir, logFile: join(logDir, `${d.name}.log`), ...(code ? { code } : {}) } };
  }

  private async restart(name: string): Promise<void> {
    await this.servers.get(name)?.close();
    this.servers.delete(name);
    const endpoint = this.ctx.state.endpoints.get(`onlineEndpoints/${name}`);
    const deployments = [...this.ctx.state.endpoints.entries()].filter(([k]) => k.startsWith(`onlineEndpoints/${name}/deployments/`)).map(([, r]) => r);
    if (!endpoint || deployments.length === 0) return;
    const logDir = join(this.workDir, "endpoint-logs", name);
    mkdirSync(logDir, { recursive: true });
    const traffic = (endpoint.properties.traffic ?? {}) as Record<string, number>;
    const finder = new PythonFinder(process.env);
    const list = await Promise.all(deployments.map((d) => this.toServe(d, traffic, finder, logDir)));
    const started = await serveDeployments(name, list, this.keys.get(name) as EndpointKeys, { port: await this.port(name) });
    this.servers.set(name, started.server);
    for (const d of started.deployments) {
      const r = this.ctx.state.endpoints.get(`onlineEndpoints/${name}/deployments/${d.name}`);
      if (r) r.properties.provisioningState = d.status.state === "failed" ? "Failed" : "Succeeded";
      if (d.status.state === "failed") this.failures.set(`${name}/${d.name}`, d.status.reason);
      else this.failures.delete(`${name}/${d.name}`);
    }
  }

  /** Why a deployment's containers did not start, if they did not. */
  failure(endpoint: string, deployment: string): string | undefined {
    return this.failures.get(`${endpoint}/${deployment}`);
  }

  async close(): Promise<void> {
    await this.chain;
    await Promise.all([...this.servers.values()].map((s) => s.close()));
  }
}
