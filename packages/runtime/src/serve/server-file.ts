import { existsSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { writeFileAtomic } from "../fs/atomic-write.ts";
import { isAlive } from "../process/alive.ts";
import { endpointDir } from "./endpoint-keys.ts";

/** What `sluice serve` records while it runs: where it listens, and what each deployment serves. */
export interface ServerFile {
  host: string;
  port: number;
  pid: number;
  deployments?: Array<{ name: string; traffic: number; model: string; status: string }>;
}

function file(stateDir: string, endpoint: string): string {
  return join(endpointDir(stateDir, endpoint), "server.json");
}

export function writeServerFile(stateDir: string, endpoint: string, server: ServerFile): void {
  writeFileAtomic(file(stateDir, endpoint), `${JSON.stringify(server, null, 2)}\n`);
}

export function removeServerFile(stateDir: string, endpoint: string): void {
  rmSync(file(stateDir, endpoint), { force: true });
}

/**
 * The `sluice serve` serving this endpoint, if one is alive (a file left by a killed server is
 * ignored); its scoring URL on loopback. Read by `sluice invoke` and the run page.
 */
export function runningServer(stateDir: string, endpoint: string): (ServerFile & { url: string }) | undefined {
  const f = file(stateDir, endpoint);
  if (!existsSync(f)) return undefined;
  let s: ServerFile;
  try {
    s = JSON.parse(readFileSync(f, "utf8")) as ServerFile;
  } catch {
    return undefined;
  }
  if (!isAlive(s.pid)) return undefined;
  return { ...s, url: `http://${s.host === "0.0.0.0" ? "127.0.0.1" : s.host}:${s.port}/score` };
}
