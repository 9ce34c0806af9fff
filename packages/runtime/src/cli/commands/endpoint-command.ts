import { dirname } from "node:path";
import { localPaths } from "../../backends/local/local-paths.ts";
import { resolveWorkspace, type WorkspaceFlags } from "../../azure/workspace-config.ts";
import { SluiceError } from "../../errors/sluice-error.ts";
import { endpointKeys } from "../../serve/endpoint-keys.ts";
import { pickEndpoint } from "../../serve/local-endpoint.ts";
import type { ExitCode } from "../exit-codes.ts";
import { compileForRun } from "../run-input.ts";

/** `sluice endpoint keys <file> [--endpoint name]`: the deployed endpoint's keys (workspace), else the ones `sluice serve` checks (made on first use). */
export async function endpointCommand(
  action: string,
  file: string,
  flags: WorkspaceFlags & { endpoint?: string; json?: boolean; local?: boolean },
): Promise<ExitCode> {
  if (action !== "keys") throw new SluiceError("usage", `unknown action '${action}'`, { hint: "sluice endpoint keys <file> [--endpoint name]" });
  const { spec, file: path } = await compileForRun(file, { param: [], input: [] }, "endpoint");
  const endpoint = pickEndpoint(spec.plan, flags.endpoint, "online");
  const ref = flags.local ? undefined : resolveWorkspace(flags, process.env, dirname(path));
  const keys = ref
    ? (await (await import("../../azure/azure-endpoints.ts")).azureEndpoint(await (await import("../../azure/connect.ts")).connectTo(ref), endpoint.name)).keys
    : endpointKeys(localPaths(dirname(path)).stateDir, endpoint.name);
  process.stdout.write(flags.json ? `${JSON.stringify(keys, null, 2)}\n` : `primary key:   ${keys.primaryKey}\nsecondary key: ${keys.secondaryKey}\n`);
  return 0;
}
