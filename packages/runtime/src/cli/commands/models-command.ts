import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { localPaths } from "../../backends/local/local-paths.ts";
import { assertSegment } from "../../fs/safe-path.ts";
import { CliError, type ExitCode } from "../cli-error.ts";

interface ModelVersion {
  name: string;
  version: number;
  description: string;
  tags: Record<string, string>;
  lineage: Record<string, string>;
  metric: { name: string; value: number } | null;
  path: string;
}

function versions(root: string, name: string): ModelVersion[] {
  const dir = join(root, "models", assertSegment(name, "model name"));
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((v) => /^\d+$/.test(v) && existsSync(join(dir, v, "model.json")))
    .map((v) => ({ ...(JSON.parse(readFileSync(join(dir, v, "model.json"), "utf8")) as ModelVersion), path: join(dir, v, "model") }))
    .sort((a, b) => a.version - b.version);
}

/** `sluice models list|show`: the local model registry that register steps write to. */
export function modelsCommand(action: string, name: string | undefined, version: string | undefined, flags: { json?: boolean }): ExitCode {
  const root = localPaths().registryDir;
  if (action === "list") {
    const names = existsSync(join(root, "models")) ? readdirSync(join(root, "models")).sort() : [];
    const latest = names.map((n) => versions(root, n).at(-1)).filter((m): m is ModelVersion => m !== undefined);
    if (flags.json) process.stdout.write(`${JSON.stringify(latest, null, 2)}\n`);
    else if (latest.length === 0) process.stdout.write("no models registered yet\n");
    else for (const m of latest) process.stdout.write(`${m.name}  version ${m.version}${m.metric ? `  ${m.metric.name}=${m.metric.value.toFixed(4)}` : ""}  run ${m.lineage.sluice_run_id ?? "?"}\n`);
    return 0;
  }
  if (action !== "show" || !name) throw new CliError("usage: sluice models list | sluice models show <name> [version]");
  const all = versions(root, name);
  const chosen = version === undefined ? all.at(-1) : all.find((m) => String(m.version) === version);
  if (!chosen) throw new CliError(`no model '${name}'${version ? ` version ${version}` : ""} in ${root}`, { exitCode: 1 });
  process.stdout.write(flags.json ? `${JSON.stringify(chosen, null, 2)}\n` : `${Object.entries(chosen).map(([k, v]) => `${k}: ${typeof v === "object" ? JSON.stringify(v) : v}`).join("\n")}\n`);
  return 0;
}
