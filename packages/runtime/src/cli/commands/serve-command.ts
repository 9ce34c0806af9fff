import { dirname, join, relative } from "node:path";
import { localPaths } from "../../backends/local/local-paths.ts";
import { SluiceError } from "../../errors/sluice-error.ts";
import { endpointDir } from "../../serve/endpoint-keys.ts";
import { checkListenable, pickEndpoint, type ServedState, startLocalEndpoint } from "../../serve/local-endpoint.ts";
import type { ServedDeployment } from "../../serve/scoring-server.ts";
import { removeServerFile, type ServerFile, writeServerFile } from "../../serve/server-file.ts";
import type { ExitCode } from "../exit-codes.ts";
import { compileForRun } from "../run-input.ts";

export interface ServeFlags {
  endpoint?: string;
  port?: number;
  host?: string;
}

function stateLine(d: ServedState): string {
  const status = d.status.state === "failed" ? `failed: ${d.status.reason} (no traffic)` : d.status.state;
  return `  ${d.name}  ${d.traffic}%  model ${d.model}  ${status}${d.promoted !== undefined ? `  (promoted: ${d.promoted})` : ""}\n`;
}

/** What each deployment serves and whether it can score now, as `server.json` records it. */
function liveState(slots: ServedDeployment[]): Pick<ServerFile, "state" | "deployments"> {
  const deployments = slots.map((s) => {
    const ready = s.pool.readyCount();
    const state = s.pool.status.state;
    return {
      name: s.pool.name,
      traffic: s.traffic,
      model: s.model ?? "",
      status: state === "ready" && ready === 0 ? "recovering" : state,
      processes: { ready, instances: s.pool.instances },
      ...(s.promoted !== undefined ? { promoted: s.promoted } : {}),
    };
  });
  // As `GET /` answers: ready while every started deployment with traffic can score.
  const down = deployments.some((d) => d.status === "recovering" && d.traffic > 0);
  return { state: !down && deployments.some((d) => d.status === "ready") ? "ready" : "unavailable", deployments };
}

/**
 * Writes `server.json` (what `sluice invoke` and the run page read: where it listens, what each
 * deployment serves now, a live promotion included, and whether it can score) and keeps it
 * current while the server runs; the first write's failure is thrown. Returns a stop function.
 */
function keepServerFile(stateDir: string, endpoint: string, where: Pick<ServerFile, "host" | "port" | "pid">, slots: ServedDeployment[]): () => void {
  let recorded = "";
  const record = () => {
    const now = { ...where, ...liveState(slots) };
    const text = JSON.stringify(now);
    if (text === recorded) return;
    writeServerFile(stateDir, endpoint, now);
    recorded = text;
  };
  record();
  const refresh = setInterval(() => {
    try {
      record();
    } catch {
      // A state folder that cannot be written now is tried again on the next tick.
    }
  }, 250);
  return () => clearInterval(refresh);
}

/** The first Ctrl-C (SIGINT) or SIGTERM; a second one during the shutdown ends the process at once, as Node does. */
function untilStopped(): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => resolve();
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
}

/** A `--port` the system can listen on, or a one-line usage error. */
function checkPort(port: number | undefined): void {
  if (port !== undefined && (port < 1 || port > 65535))
    throw new SluiceError("usage", `--port ${port} is not a port: give one from 1 to 65535`, { hint: "or leave --port out for a free one" });
}

/**
 * `sluice serve <file> [--endpoint name] [--port p]`: the pipeline's online endpoint on this
 * machine, Azure's scoring contract on loopback, until Ctrl-C. `sluice invoke` finds it through
 * `<state>/endpoints/<name>/server.json`, removed when it stops.
 */
export async function serveCommand(file: string, flags: ServeFlags): Promise<ExitCode> {
  checkPort(flags.port);
  const { spec, file: path } = await compileForRun(file, { param: [], input: [] }, "serve");
  const endpoint = pickEndpoint(spec.plan, flags.endpoint, "online");
  const paths = localPaths(dirname(path));
  await checkListenable({ port: flags.port, host: flags.host });
  // Loading models can take a while (each init() has its readiness probe's time): say so first.
  process.stdout.write(`starting endpoint ${endpoint.name}: loading the models of ${endpoint.deployments.map((d) => d.name).join(", ")}…\n`);
  const started = await startLocalEndpoint(
    endpoint,
    {
      plan: spec.plan,
      baseDir: spec.baseDir,
      stateDir: paths.stateDir,
      registryDir: paths.registryDir,
      cacheDir: paths.cacheDir,
      ...(flags.port !== undefined ? { port: flags.port } : {}),
      ...(flags.host !== undefined ? { host: flags.host } : {}),
    },
    (line) => process.stdout.write(line),
  );
  process.stdout.write(`endpoint ${endpoint.name}:\n${started.deployments.map(stateLine).join("")}`);
  if (!started.deployments.some((d) => d.status.state === "ready")) {
    started.stopWatching();
    await started.server.close();
    throw new SluiceError("run", `no deployment of endpoint ${endpoint.name} could start`, {
      hint: `the scoring logs are in ${relative(process.cwd(), join(endpointDir(paths.stateDir, endpoint.name), "logs"))}`,
    });
  }
  const host = flags.host ?? "127.0.0.1";
  let stopRecording: () => void;
  try {
    stopRecording = keepServerFile(paths.stateDir, endpoint.name, { host, port: started.port, pid: process.pid }, started.slots);
  } catch (e) {
    // Nobody could find this server: stop it rather than serve unseen.
    started.stopWatching();
    await started.server.close();
    throw e;
  }
  const shown = host === "0.0.0.0" ? "127.0.0.1" : host;
  process.stdout.write(
    `scoring uri: http://${shown}:${started.port}/score\nswagger uri: http://${shown}:${started.port}/swagger.json\nkeys: sluice endpoint keys ${relative(process.cwd(), path)}\n`,
  );
  await untilStopped();
  stopRecording();
  started.stopWatching();
  removeServerFile(paths.stateDir, endpoint.name);
  await started.server.close();
  process.stdout.write(`stopped endpoint ${endpoint.name}\n`);
  return 0;
}
