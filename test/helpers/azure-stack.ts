import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { request } from "node:https";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll } from "vitest";
import { copyProject, sandbox } from "./local-sandbox.ts";
import { REPO_ROOT, SHARED_DIR } from "./run-node.ts";

export const TITANIC_URL = "https://dprepdata.blob.core.windows.net/demo/Titanic.csv";
export const IRIS_URL = "https://azuremlexamples.blob.core.windows.net/datasets/iris.csv";
/** Azurite's documented development account key: must never appear in anything Sluice prints. */
export const AZURITE_KEY = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
export const LOG_SAS = "EMULATORSASSIGNATURE0123456789";

export interface EmulatorState {
  codes: number;
  environments: number;
  components: number;
  models: number;
  jobs: Array<{ name: string; status: string }>;
  schedules: Array<{ name: string; enabled: boolean }>;
  faultsInjected: Array<{ method: string; path: string; fault: string }>;
}

export interface LoggedRequest {
  method: string;
  path: string;
  apiVersion: string | null;
  body: unknown;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Resolves with the child's stdout once `ready` matches it; rejects if the child exits first. */
function started(child: ChildProcess, ready: RegExp, what: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error(`${what} did not start: ${out}`)), 60_000);
    child.stdout?.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      if (ready.test(out)) {
        clearTimeout(timer);
        resolve(out);
      }
    });
    child.stderr?.on("data", (chunk: Buffer) => (out += chunk.toString()));
    child.once("exit", (code) => reject(new Error(`${what} exited (${code}): ${out}`)));
  });
}

/**
 * Azurite (the real blob store) and the Azure ML emulator, each its own process on loopback,
 * plus the environment that points the CLI at them.
 */
export async function startAzureStack(options: { emulatorEnv?: Record<string, string> } = {}) {
  const workDir = mkdtempSync(join(tmpdir(), "sluice-azure-"));
  const blobPort = await freePort();
  const azurite = spawn(
    join(REPO_ROOT, "node_modules/.bin/azurite-blob"),
    ["--blobHost", "127.0.0.1", "--blobPort", String(blobPort), "--inMemoryPersistence", "--skipApiVersionCheck", "--loose", "--disableTelemetry"],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  await started(azurite, /successfully listens/, "Azurite");
  const requestLog = join(workDir, "requests.jsonl");
  const blobEndpoint = `http://127.0.0.1:${blobPort}/devstoreaccount1`;
  const emulator = spawn(
    process.execPath,
    [
      "--disable-warning=ExperimentalWarning",
      join(REPO_ROOT, "test/azureml-emulator/main.ts"),
      "--blob-endpoint",
      blobEndpoint,
      "--request-log",
      requestLog,
      "--work-dir",
      join(workDir, "emulator"),
      "--web-file",
      `${TITANIC_URL}=${join(SHARED_DIR, "data", "titanic.csv")}`,
      "--web-file",
      `${IRIS_URL}=${join(SHARED_DIR, "data", "iris.csv")}`,
      "--compute",
      "cpu-cluster",
      "--compute",
      "local",
    ],
    { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, ...options.emulatorEnv } },
  );
  const printed = await started(emulator, /AZUREML_WORKSPACE_NAME=\S+\n/, "the Azure ML emulator");
  const env = Object.fromEntries([...printed.matchAll(/^export (\w+)=(.*)$/gm)].map((m) => [m[1] as string, m[2] as string]));
  const url = env.SLUICE_ARM_ENDPOINT as string;
  const ca = readFileSync(env.NODE_EXTRA_CA_CERTS as string);
  const control = (path: string, body?: unknown) =>
    new Promise<unknown>((resolve, reject) => {
      const req = request(
        `${url}/_emulator/${path}`,
        { method: body === undefined ? "GET" : "POST", ca, agent: false, headers: { "content-type": "application/json" } },
        (res) => {
          let text = "";
          res.on("data", (c: Buffer) => (text += c.toString()));
          res.on("end", () => resolve(JSON.parse(text)));
        },
      );
      req.on("error", reject);
      req.end(body === undefined ? undefined : JSON.stringify(body));
    });
  /** A direct ARM call (as another tool would make it), for setting up workspace state. */
  const arm = (method: string, path: string, body: unknown) =>
    new Promise<number>((resolve, reject) => {
      const wsPath = `/subscriptions/${env.AZURE_SUBSCRIPTION_ID}/resourceGroups/${env.AZURE_RESOURCE_GROUP}/providers/Microsoft.MachineLearningServices/workspaces/${env.AZUREML_WORKSPACE_NAME}`;
      const req = request(
        `${url}${wsPath}/${path}?api-version=2022-10-01`,
        { method, ca, agent: false, headers: { "content-type": "application/json", authorization: `Bearer ${env.SLUICE_ARM_TOKEN}` } },
        (res) => {
          res.resume();
          res.on("end", () => resolve(res.statusCode ?? 0));
        },
      );
      req.on("error", reject);
      req.end(JSON.stringify(body));
    });
  return {
    env,
    url,
    arm,
    workDir,
    emulatorDir: join(workDir, "emulator"),
    printed,
    state: async () => (await control("state")) as EmulatorState,
    faults: async (rules: unknown[]) => void (await control("faults", rules)),
    requests: (): LoggedRequest[] =>
      existsSync(requestLog)
        ? readFileSync(requestLog, "utf8")
            .trim()
            .split("\n")
            .filter(Boolean)
            .map((l) => JSON.parse(l) as LoggedRequest)
        : [],
    stop: () => {
      emulator.kill("SIGTERM");
      azurite.kill("SIGTERM");
      rmSync(workDir, { recursive: true, force: true });
    },
  };
}

export type AzureStack = Awaited<ReturnType<typeof startAzureStack>>;

/**
 * One test file's Azure set-up: Azurite + emulator started before its tests and stopped after,
 * a private state folder, and optionally an editable copy of a project.
 */
export function useAzureStack(options: { project?: string; emulatorEnv?: Record<string, string> } = {}) {
  const box = sandbox();
  const project = options.project ? copyProject(options.project) : undefined;
  const captured: string[] = [];
  const ctx = {
    box,
    project: project as ReturnType<typeof copyProject>,
    captured,
    stack: undefined as unknown as AzureStack,
    /** The CLI pointed at the emulator; everything it prints is kept for secret checks. */
    sluice: (args: string[], extra: Record<string, string> = {}) => {
      const result = box.sluice(args, { ...ctx.stack.env, ...extra });
      captured.push(result.stdout, result.stderr);
      return result;
    },
  };
  beforeAll(async () => {
    ctx.stack = await startAzureStack(options.emulatorEnv ? { emulatorEnv: options.emulatorEnv } : {});
  }, 90_000);
  afterAll(() => {
    ctx.stack?.stop();
    box.cleanup();
    project?.cleanup();
  });
  return ctx;
}
