import { readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { SluiceError } from "../errors/sluice-error.ts";
import { isAzureMlJobFile } from "../import/job-yaml.ts";

const SKIP = new Set(["node_modules", ".git", ".sluice", ".tools"]);

function walk(dir: string, out: string[]): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.startsWith(".") || SKIP.has(entry.name)) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path, out);
    else if (entry.isFile() && entry.name.endsWith(".pipeline.ts")) out.push(path);
  }
}

/** Extensions Node runs as a module, so a pipeline file may have them. */
const PIPELINE_EXTENSIONS = /\.(ts|mts|js|mjs)$/;

/** A file that is not a pipeline file, refused in one line that says what it probably is. */
function notAPipeline(target: string, path: string): SluiceError {
  const yaml = /\.ya?ml$/i.test(target);
  // Only a YAML that is an Azure ML job gets the import hint: a CI workflow or conda file would fail there too.
  const hint = yaml
    ? isAzureMlJobFile(path)
      ? `a CLI v2 pipeline YAML becomes a pipeline file with \`sluice import ${target}\``
      : "this YAML is not an Azure ML job (it has no type: pipeline|command|sweep); pass a pipeline file (*.pipeline.ts) or a folder containing some"
    : /\.py$/i.test(target)
      ? "a Python script is a step's code: name it in pythonScriptStep({ script: ... }) and check the pipeline file; `sluice import <file.yml>` converts a CLI v2 pipeline YAML"
      : "pass a pipeline file (*.pipeline.ts) or a folder containing some; `sluice import <file.yml>` converts a CLI v2 pipeline YAML";
  return new SluiceError("usage", `'${target}' is not a pipeline file: Sluice takes a TypeScript pipeline file (*.pipeline.ts)`, { hint });
}

/** A file is itself; a folder means every `*.pipeline.ts` below it (sorted, for stable output). */
export function findPipelineFiles(target: string): string[] {
  const path = resolve(target);
  const stats = statSync(path, { throwIfNoEntry: false });
  if (!stats) throw new SluiceError("usage", `'${target}' does not exist`, { hint: "pass a pipeline file (*.pipeline.ts) or a folder containing some" });
  if (stats.isFile()) {
    if (!PIPELINE_EXTENSIONS.test(path)) throw notAPipeline(target, path);
    return [path];
  }
  const files: string[] = [];
  walk(path, files);
  if (files.length === 0) throw new SluiceError("usage", `no *.pipeline.ts files under '${target}'`, { hint: "pipeline files are named <name>.pipeline.ts" });
  return files.sort();
}
