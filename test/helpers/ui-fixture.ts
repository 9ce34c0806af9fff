import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** What an attacker would put in every string a record holds. */
export const PAYLOAD = `"><script>alert(1)</script><img src=x onerror=alert(1)>`;

/** A run record, as `sluice run` writes it, with `over` on top. */
export function runRecord(id: string, over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id,
    pipeline: "fixture",
    backend: "local",
    status: "completed",
    startedAt: "2026-01-01T00:00:00.000Z",
    finishedAt: "2026-01-01T00:00:05.000Z",
    pid: 1,
    pipelineFile: "fixture.pipeline.ts",
    params: {},
    steps: [{ name: "train", node: "train", status: "completed", reused: false, durationMs: 1200 }],
    outputs: {},
    ...over,
  };
}

/**
 * A project's `.sluice/` state written by hand (no pipeline runs): runs with graphs, logs and
 * AutoML files, registered models and endpoints, for the run page's tests.
 */
export function uiState() {
  const root = mkdtempSync(join(tmpdir(), "sluice-ui-"));
  const stateDir = join(root, "state");
  const registryDir = join(stateDir, "registry");
  const runDir = (id: string) => join(stateDir, "runs", id);
  const write = (file: string, text: string) => {
    mkdirSync(join(file, ".."), { recursive: true });
    writeFileSync(file, text);
  };
  return {
    root,
    state: { stateDir, registryDir },
    runDir,
    write,
    run(id: string, over: Record<string, unknown> = {}, graph?: unknown): string {
      write(join(runDir(id), "run.json"), JSON.stringify(runRecord(id, over)));
      if (graph !== undefined) write(join(runDir(id), "graph.json"), JSON.stringify(graph));
      return id;
    },
    stepFile(id: string, node: string, path: string, text: string): string {
      const file = join(runDir(id), "steps", node, path);
      write(file, text);
      return file;
    },
    model(name: string, version: number, over: Record<string, unknown> = {}): void {
      const dir = join(registryDir, "models", name, String(version));
      write(join(dir, "model.json"), JSON.stringify({ name, version, description: "", tags: {}, lineage: {}, metric: null, ...over }));
      mkdirSync(join(dir, "model"), { recursive: true });
    },
    endpointFile(endpoint: string, file: string, text: string): void {
      write(join(stateDir, "endpoints", endpoint, file), text);
    },
    cleanup: () => rmSync(root, { recursive: true, force: true }),
  };
}

/** A client of an in-process UI server: the cookie its printed URL turns into, and its origin. */
export function uiClient(url: string) {
  const u = new URL(url);
  const cookie = `sluice_ui_${u.port}=${u.searchParams.get("token")}`;
  return {
    origin: u.origin,
    cookie,
    get: async (path: string, headers: Record<string, string> = {}) => {
      const res = await fetch(`${u.origin}${path}`, { headers: { cookie, ...headers } });
      return { status: res.status, headers: res.headers, text: await res.text() };
    },
  };
}
