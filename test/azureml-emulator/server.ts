import { appendFileSync, mkdirSync, mkdtempSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { createServer, type Server } from "node:https";
import type { IncomingMessage, ServerResponse } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ContainerClient, StorageSharedKeyCredential } from "@azure/storage-blob";
import { armRoutes } from "./arm-routes.ts";
import { BatchJobs } from "./batch-jobs.ts";
import { EndpointHost } from "./endpoint-host.ts";
import { allEndpointRoutes } from "./endpoint-routes.ts";
import type { EmulatorContext, StorageAccount } from "./context.ts";
import { dataPlaneRoutes } from "./data-plane-routes.ts";
import { JobExecutor } from "./executor.ts";
import { Faults, type FaultRule } from "./faults.ts";
import { HttpError, readBody, send, sendError, type Route } from "./http.ts";
import { componentOf, nodeComponentId } from "./job-plan.ts";
import { EmulatorState } from "./state.ts";
import { loopbackCertificate } from "./tls.ts";

/** The bearer token the emulator accepts (tests and the CLI's `SLUICE_ARM_TOKEN`). */
export const EMULATOR_TOKEN = "sluice-emulator-token";
/** Azurite's documented development account. */
export const AZURITE_ACCOUNT = { account: "devstoreaccount1", key: "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==" };

export interface EmulatorOptions {
  port?: number;
  /** Azurite's blob endpoint, e.g. `http://127.0.0.1:10000/devstoreaccount1`. */
  blobEndpoint: string;
  requestLog?: string;
  workDir?: string;
  computes?: string[];
  /** Public URLs the emulated cloud can "download" (URL → local file). */
  webFiles?: Record<string, string>;
}

export interface RunningEmulator {
  url: string;
  caFile: string;
  token: string;
  /** The environment Azure ML gives a job's steps (workspace, managed identity), for the process running them. */
  jobEnv: Record<string, string>;
  faults: Faults;
  state: EmulatorState;
  ctx: EmulatorContext;
  close(): Promise<void>;
}

function checkRefs(ctx: EmulatorContext): Pick<EmulatorContext, "checkComponentRefs" | "checkJobRefs"> {
  return {
    checkComponentRefs(spec) {
      if (spec.type === "pipeline") {
        for (const node of Object.values(spec.jobs ?? {}) as Array<{ componentId?: string }>) if (node.componentId) componentOf(ctx.state, node.componentId);
        return;
      }
      if (spec.code === undefined) return;
      const m = /\/codes\/([^/]+)\/versions\/([^/]+)$/.exec(spec.code);
      if (!m || !ctx.state.assets.has(`codes/${m[1]}/versions/${m[2]}`))
        throw new HttpError(400, "UserError", `componentSpec.code ${String(spec.code).replace(/^azureml:/, "")} does not exist`);
    },
    checkJobRefs(properties) {
      const computes = [
        properties.computeId,
        properties.settings.default_compute,
        ...Object.values(properties.jobs).map((n) => (n as { computeId?: string }).computeId),
      ].filter((c): c is string => typeof c === "string" && !c.startsWith("${{"));
      for (const c of computes)
        if (!ctx.computes.includes(c.split("/").at(-1) as string))
          throw new HttpError(400, "UserError", `compute ${c.split("/").at(-1)} does not exist in the workspace`);
      for (const node of Object.values(properties.jobs) as Array<Parameters<typeof nodeComponentId>[0]>) {
        const id = nodeComponentId(node);
        if (id) componentOf(ctx.state, id);
      }
    },
  };
}

async function dispatch(routes: Route[], req: IncomingMessage, res: ServerResponse, body: unknown, url: URL): Promise<void> {
  for (const r of routes) {
    const m = r.method === req.method ? r.pattern.exec(url.pathname) : null;
    if (m) return r.handle({ method: req.method ?? "GET", path: url.pathname, query: url.searchParams, body, res, headers: req.headers }, m.groups ?? {});
  }
  throw new HttpError(404, "NoRoute", `the emulator has no route for ${req.method} ${url.pathname}`);
}

const IDENTITY_SECRET = randomBytes(16).toString("hex");

/**
 * What Azure ML puts in every job's environment that Sluice's built-in steps read: the workspace
 * (`AZUREML_ARM_*`) and the compute's managed identity. Steps run as children of the emulator's
 * process, which sets it (main.ts); `SLUICE_ARM_ENDPOINT` and the CA point them at the emulator.
 */
function jobEnvironment(ctx: EmulatorContext, caFile: string): Record<string, string> {
  const [, , sub, , rg, , , , ws] = ctx.wsId.split("/");
  return {
    AZUREML_ARM_SUBSCRIPTION: sub as string,
    AZUREML_ARM_RESOURCEGROUP: rg as string,
    AZUREML_ARM_WORKSPACE_NAME: ws as string,
    IDENTITY_ENDPOINT: `${ctx.url}/_identity/token`,
    IDENTITY_HEADER: IDENTITY_SECRET,
    SLUICE_ARM_ENDPOINT: ctx.url,
    SSL_CERT_FILE: caFile,
  };
}

/** Starts the Azure ML emulator (HTTPS on loopback) over an existing Azurite blob endpoint. */
export async function startEmulator(options: EmulatorOptions): Promise<RunningEmulator> {
  const workDir = options.workDir ?? mkdtempSync(join(tmpdir(), "sluice-amlemu-"));
  mkdirSync(workDir, { recursive: true });
  const tls = await loopbackCertificate(workDir);
  const storage: StorageAccount = {
    endpoint: options.blobEndpoint.replace(/\/+$/, ""),
    ...AZURITE_ACCOUNT,
    container: "azureml-blobstore-00000000-0000-4000-8000-000000000001",
  };
  await new ContainerClient(`${storage.endpoint}/${storage.container}`, new StorageSharedKeyCredential(storage.account, storage.key)).createIfNotExists();
  const state = new EmulatorState();
  const faults = new Faults();
  const ctx = { state, storage, computes: options.computes ?? ["cpu-cluster"], logSas: "EMULATORSASSIGNATURE0123456789", url: "", wsId: "" } as EmulatorContext;
  Object.assign(ctx, checkRefs(ctx));
  const executor = new JobExecutor(ctx, workDir, options.webFiles ?? {});
  ctx.startJob = (job) => executor.start(job);
  const endpointHost = new EndpointHost(ctx, workDir);
  const batchJobs = new BatchJobs(ctx, endpointHost, workDir);
  ctx.cancelJob = (job) => {
    if (!batchJobs.cancel(job)) executor.cancel(job);
  };
  const routes = [...armRoutes(ctx), ...allEndpointRoutes(ctx, endpointHost), ...batchJobs.routes(), ...dataPlaneRoutes(ctx)];
  const server: Server = createServer({ key: tls.key, cert: tls.cert }, (req, res) => {
    void handle(req, res).catch((error: Error) => sendError(res, error instanceof HttpError ? error : new HttpError(500, "InternalError", error.message)));
  });
  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", ctx.url);
    const text = await readBody(req);
    const body: unknown = text ? JSON.parse(text) : undefined;
    if (url.pathname.startsWith("/_emulator/")) return control(url, body, res);
    if (url.pathname === "/_identity/token") return identityToken(req, url, res);
    if (options.requestLog)
      appendFileSync(
        options.requestLog,
        `${JSON.stringify({ method: req.method, path: url.pathname, apiVersion: url.searchParams.get("api-version"), body: body ?? null })}\n`,
      );
    if (!url.pathname.startsWith("/_logs/") && req.headers.authorization !== `Bearer ${EMULATOR_TOKEN}`) {
      return send(
        res,
        401,
        { error: { code: "AuthenticationFailed", message: "missing or wrong bearer token" } },
        { "www-authenticate": 'Bearer authorization_uri="https://login.microsoftonline.com/common"' },
      );
    }
    const fault = faults.take(req.method ?? "GET", url.pathname);
    if (fault.kind === "drop") return void req.socket.destroy();
    if (fault.kind === "status")
      return send(
        res,
        fault.status,
        { error: { code: fault.status === 429 ? "TooManyRequests" : "InternalServerError", message: "injected fault" } },
        fault.retryAfter !== undefined ? { "retry-after": String(fault.retryAfter) } : {},
      );
    if (fault.kind === "delay") await new Promise((r) => setTimeout(r, fault.ms));
    await dispatch(routes, req, res, body, url);
  }
  /** The compute's managed identity, as a job sees it (App Service protocol 2019-08-01): an ARM token for the header's holder. */
  function identityToken(req: IncomingMessage, url: URL, res: ServerResponse): void {
    const refused =
      req.headers["x-identity-header"] !== IDENTITY_SECRET
        ? "missing or wrong X-IDENTITY-HEADER"
        : url.searchParams.get("resource")
          ? ""
          : "resource is required";
    if (refused) {
      send(res, refused === "resource is required" ? 400 : 401, { error: refused });
      return;
    }
    const expires = Math.floor(Date.now() / 1000) + 3600;
    send(res, 200, { access_token: EMULATOR_TOKEN, expires_on: String(expires), resource: url.searchParams.get("resource"), token_type: "Bearer" });
  }
  function control(url: URL, body: unknown, res: ServerResponse): void {
    if (url.pathname === "/_emulator/faults") {
      faults.set((body ?? []) as FaultRule[]);
      send(res, 200, { ok: true });
      return;
    }
    const count = (kind: string) => [...state.assets.keys()].filter((k) => k.startsWith(`${kind}/`) && k.includes("/versions/")).length;
    send(res, 200, {
      codes: count("codes"),
      environments: count("environments"),
      components: count("components"),
      models: count("models"),
      jobs: [...state.jobs.values()].map((j) => ({ name: j.name, status: j.properties.status })),
      schedules: [...state.schedules.values()].map((s) => ({ name: s.name, enabled: s.properties.isEnabled })),
      faultsInjected: faults.injected,
    });
  }
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  ctx.url = `https://127.0.0.1:${port}`;
  ctx.wsId = "/subscriptions/00000000-0000-4000-8000-00000000000a/resourceGroups/sluice-rg/providers/Microsoft.MachineLearningServices/workspaces/sluice-ws";
  return {
    url: ctx.url,
    caFile: tls.caFile,
    token: EMULATOR_TOKEN,
    jobEnv: jobEnvironment(ctx, tls.caFile),
    faults,
    state,
    ctx,
    close: async () => {
      await endpointHost.close();
      await new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      });
    },
  };
}
