import { existsSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import * as z from "zod";
import { writeFileAtomic } from "../fs/atomic-write.ts";
import { isAlive } from "../process/alive.ts";
import { endpointDir } from "./endpoint-keys.ts";

const ServedDeploymentSchema = z.object({
  name: z.string(),
  traffic: z.number(),
  model: z.string(),
  /** `ready`, `recovering` (no process can score now; one is being started), `failed`, `starting`. */
  status: z.string(),
  /** Processes that can score now, of the deployment's instances. */
  processes: z.object({ ready: z.number(), instances: z.number() }).optional(),
  promoted: z.string().optional(),
});

const ServerFileSchema = z.object({
  host: z.string(),
  port: z.number().int(),
  pid: z.number().int(),
  /** `ready` while some deployment can score, else `unavailable` (as `GET /` answers 503). */
  state: z.enum(["ready", "unavailable"]).optional(),
  deployments: z.array(ServedDeploymentSchema).optional(),
});

/** What `sluice serve` records while it runs: where it listens, and what each deployment serves now. */
export type ServerFile = z.infer<typeof ServerFileSchema>;

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
 * The `sluice serve` serving this endpoint, if one is alive (a file left by a killed server, or
 * one that is not a server file, is ignored); its scoring URL on loopback. Read by `sluice
 * invoke` and the run page.
 */
export function runningServer(stateDir: string, endpoint: string): (ServerFile & { url: string }) | undefined {
  const f = file(stateDir, endpoint);
  if (!existsSync(f)) return undefined;
  let parsed: ReturnType<typeof ServerFileSchema.safeParse>;
  try {
    parsed = ServerFileSchema.safeParse(JSON.parse(readFileSync(f, "utf8")));
  } catch {
    return undefined;
  }
  if (!parsed.success || !isAlive(parsed.data.pid)) return undefined;
  const s = parsed.data;
  return { ...s, url: `http://${s.host === "0.0.0.0" ? "127.0.0.1" : s.host}:${s.port}/score` };
}
