import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describeState, localPaths } from "../../backends/local/local-paths.ts";
import { modelVersions, type ModelVersion } from "../../registry/local-registry.ts";
import type { WorkspaceFlags } from "../../azure/workspace-config.ts";
import { SluiceError } from "../../errors/sluice-error.ts";
import type { ExitCode } from "../exit-codes.ts";

/** `--azure` or a workspace flag: the workspace's models, as the register step left them. */
async function azureModels(
  action: string,
  name: string | undefined,
  version: string | undefined,
  flags: WorkspaceFlags & { json?: boolean },
): Promise<ExitCode> {
  const { connectWorkspace } = await import("../../azure/connect.ts");
  const { listAzureModels } = await import("../../azure/azure-models.ts");
  const w = await connectWorkspace(flags, process.cwd());
  if (!w)
    throw new SluiceError("usage", "no Azure workspace configured", { hint: "pass --workspace, set AZUREML_WORKSPACE_NAME, or add .azureml/config.json" });
  const all = await listAzureModels(w, action === "show" ? name : undefined);
  const latest = [...new Map(all.map((m) => [m.name, m])).values()];
  const chosen = action === "show" ? all.filter((m) => version === undefined || m.version === version).slice(-1) : latest;
  if (action === "show" && chosen.length === 0)
    throw new SluiceError("usage", `no model '${name}'${version ? ` version ${version}` : ""} in workspace ${w.ws}`);
  if (flags.json) process.stdout.write(`${JSON.stringify(action === "show" ? chosen[0] : chosen, null, 2)}\n`);
  else if (chosen.length === 0) process.stdout.write(`no models registered in workspace ${w.ws}\n`);
  else
    for (const m of chosen)
      process.stdout.write(
        `${m.name}  version ${m.version}  ${m.modelType ?? ""}  ${m.properties.sluice_run_id ? `run ${m.properties.sluice_run_id}` : (m.modelUri ?? "")}\n`,
      );
  return 0;
}

/** `sluice models list|show`: the local model registry register steps write to, or the workspace's. */
export async function modelsCommand(
  action: string,
  name: string | undefined,
  version: string | undefined,
  flags: WorkspaceFlags & { json?: boolean; azure?: boolean },
): Promise<ExitCode> {
  if (action !== "list" && !(action === "show" && name)) throw new SluiceError("usage", "usage: sluice models list | sluice models show <name> [version]");
  if (flags.azure || flags.workspace || flags.subscription || flags.resourceGroup) return azureModels(action, name, version, flags);
  const paths = localPaths();
  const root = paths.registryDir;
  if (action === "list") {
    const names = existsSync(join(root, "models")) ? readdirSync(join(root, "models")).sort() : [];
    const latest = names.map((n) => modelVersions(root, n).at(-1)).filter((m): m is ModelVersion => m !== undefined);
    if (flags.json) process.stdout.write(`${JSON.stringify(latest, null, 2)}\n`);
    else if (latest.length === 0) process.stdout.write(`no models registered in ${describeState(paths)}\n`);
    else
      for (const m of latest)
        process.stdout.write(
          `${m.name}  version ${m.version}${m.metric ? `  ${m.metric.name}=${m.metric.value.toFixed(4)}` : ""}  run ${m.lineage.sluice_run_id ?? "?"}\n`,
        );
    return 0;
  }
  const all = modelVersions(root, name as string);
  const chosen = version === undefined ? all.at(-1) : all.find((m) => String(m.version) === version);
  if (!chosen)
    throw new SluiceError("usage", `no model '${name}'${version ? ` version ${version}` : ""} in ${describeState(paths)}`, {
      hint: "`sluice models list` shows the registered models",
    });
  process.stdout.write(
    flags.json
      ? `${JSON.stringify(chosen, null, 2)}\n`
      : `${Object.entries(chosen)
          .map(([k, v]) => `${k}: ${typeof v === "object" ? JSON.stringify(v) : v}`)
          .join("\n")}\n`,
  );
  return 0;
}
