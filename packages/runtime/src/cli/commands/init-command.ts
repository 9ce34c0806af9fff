import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { basename, dirname, join, relative, resolve } from "node:path";
import { createRequire } from "node:module";
import { writeFileAtomic, ensureDir } from "../../fs/atomic-write.ts";
import { SluiceError } from "../../errors/sluice-error.ts";
import { findTarballs, sluiceDependencies, tarballFiles, type VendoredTarball } from "./init-vendor.ts";
import type { ExitCode } from "../exit-codes.ts";

export interface InitFlags {
  name?: string;
  force?: boolean;
  /** A folder holding the packed tarballs, copied into vendor/sluice/ for package.json to install from. */
  vendor?: string;
}

const TEMPLATES = dirname(createRequire(import.meta.url).resolve("@sluice/runtime/templates/init/pipeline.ts.tmpl"));
const IGNORED = [".sluice/", "node_modules/", "build/", "outputs/"];

/** A folder name as a pipeline name: lower case, digits and `_` (inside Azure's rule for job names, SL107, and a plain identifier). */
export function projectName(text: string): string {
  const name = text
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, "_")
    .replace(/^_+|_+$/g, "");
  return /^[a-z_]/.test(name) ? name : `p_${name}`;
}

function template(file: string, name: string, pipelineFile: string): string {
  return readFileSync(join(TEMPLATES, file), "utf8").replaceAll("__NAME__", name).replaceAll("__MODEL__", `${name}_model`).replaceAll("__FILE__", pipelineFile);
}

function readPackageJson(file: string): Record<string, unknown> {
  if (!existsSync(file)) return {};
  try {
    const value: unknown = JSON.parse(readFileSync(file, "utf8"));
    if (value && typeof value === "object" && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // reported below
  }
  throw new SluiceError("usage", `${file} is not a JSON object`, { hint: "fix or remove it, then run sluice init again" });
}

/** JavaScript files that a switch to `"type": "module"` would change the meaning of. */
function commonJsFiles(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith(".js")) : [];
}

/**
 * The project's package.json with Sluice's scripts added (existing ones kept) and
 * `"type": "module"` (pipeline files are ES modules), refusing when that would change how
 * existing `.js` files load.
 */
function mergePackageJson(dir: string, name: string, pipelineFile: string, vendored: VendoredTarball[] | undefined): { text: string; notes: string[] } {
  const file = join(dir, "package.json");
  const pkg = readPackageJson(file);
  const notes: string[] = [];
  if (pkg.type !== "module") {
    const js = commonJsFiles(dir);
    if (existsSync(file) && js.length > 0) {
      throw new SluiceError("usage", `${file} makes .js files CommonJS (${js.slice(0, 3).join(", ")}), and Sluice pipeline files are ES modules`, {
        hint: "scaffold into a sub-folder with its own package.json: sluice init pipelines",
      });
    }
    // Says what init did (npm init -y writes "commonjs"), not an instruction to do it again.
    const change = pkg.type === undefined ? `added "type": "module" to` : `changed "type" from ${JSON.stringify(pkg.type)} to "module" in`;
    if (existsSync(file)) notes.push(`${change} package.json (pipeline files are ES modules)`);
  }
  const scripts = { ...((pkg.scripts as Record<string, string> | undefined) ?? {}) };
  if (scripts.test?.includes("no test specified")) delete scripts.test;
  const wanted: Record<string, string> = {
    "deploy-pipeline": `sluice deploy ${pipelineFile} --run-now --download outputs`,
    check: `sluice check ${pipelineFile}`,
    compile: `sluice compile ${pipelineFile} --out build`,
  };
  for (const [key, command] of Object.entries(wanted)) {
    if (scripts[key] !== undefined && scripts[key] !== command) notes.push(`kept your "${key}" script (Sluice's would be: ${command})`);
    else scripts[key] = command;
  }
  const merged = { name, version: "0.1.0", private: true, ...sluiceDependencies(pkg, dir, vendored, notes), type: "module", scripts };
  return { text: `${JSON.stringify(merged, null, 2)}\n`, notes };
}

function mergeGitignore(dir: string): string {
  const file = join(dir, ".gitignore");
  const current = existsSync(file) ? readFileSync(file, "utf8") : "";
  const lines = new Set(current.split(/\r?\n/).map((l) => l.trim()));
  const missing = IGNORED.filter((entry) => !lines.has(entry) && !lines.has(entry.replace(/\/$/, "")));
  if (missing.length === 0) return current;
  return `${current}${current === "" || current.endsWith("\n") ? "" : "\n"}${missing.join("\n")}\n`;
}

/** Every file `sluice init` writes, by path relative to the project folder; the merged package.json apart. */
function scaffold(dir: string, name: string, vendored: VendoredTarball[] | undefined): { files: Map<string, string>; notes: string[]; pkg: string } {
  const pipelineFile = `${name}.pipeline.ts`;
  const pkg = mergePackageJson(dir, name, pipelineFile, vendored);
  const files = new Map<string, string>([
    [pipelineFile, template("pipeline.ts.tmpl", name, pipelineFile)],
    ["src/prep.py", template("src/prep.py", name, pipelineFile)],
    ["data/iris.csv", template("data/iris.csv", name, pipelineFile)],
    ["sluice.config.json", `${JSON.stringify({ inputs: { iris: "data/iris.csv" } }, null, 2)}\n`],
    [".github/workflows/sluice.yml", template("workflow.yml.tmpl", name, pipelineFile)],
  ]);
  return { files, notes: pkg.notes, pkg: pkg.text };
}

/**
 * `sluice init [dir]`: a pipeline project that runs offline at once (`npm run deploy-pipeline`)
 * and deploys to Azure ML from CI. Never overwrites a file it did not write unless `--force`;
 * package.json and .gitignore are merged instead.
 */
export function initCommand(target: string, flags: InitFlags): ExitCode {
  const dir = resolve(target);
  if (existsSync(dir) && !statSync(dir).isDirectory()) throw new SluiceError("usage", `'${target}' is a file, not a folder`);
  // An explicit name with nothing to keep (`--name ''`, `--name '!!'`) would become `p_` unasked.
  if (flags.name !== undefined && !/[a-z0-9]/i.test(flags.name))
    throw new SluiceError("usage", `--name '${flags.name}' has no letter or digit to name the pipeline with`, { hint: "e.g. --name iris_classifier" });
  const name = projectName(flags.name ?? basename(dir));
  const vendored = flags.vendor === undefined ? undefined : findTarballs(flags.vendor);
  const { files, notes, pkg } = scaffold(dir, name, vendored);
  const clashes = [...files.keys()].filter((f) => existsSync(join(dir, f)));
  if (clashes.length > 0 && !flags.force) {
    throw new SluiceError("usage", `not overwriting ${clashes.join(", ")} in ${dir}`, {
      hint: "pass --force to replace them, or --name to scaffold a pipeline with another name",
    });
  }
  files.set("package.json", pkg);
  files.set(".gitignore", mergeGitignore(dir));
  // The tarballs are replaced whatever --force says: package.json now names exactly these.
  const written = new Map<string, string | Uint8Array>([...files, ...tarballFiles(vendored)]);
  for (const [file, text] of [...written.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    ensureDir(dirname(join(dir, file)));
    writeFileAtomic(join(dir, file), text);
    process.stdout.write(`wrote ${join(relative(process.cwd(), dir) || ".", file)}\n`);
  }
  for (const note of notes) process.stdout.write(`note: ${note}\n`);
  const cd = relative(process.cwd(), dir);
  process.stdout.write(
    `\nnext:\n${cd ? `  cd ${cd}\n` : ""}${vendored ? "  npm install               # installs Sluice from vendor/sluice/\n" : ""}  npm run deploy-pipeline   # runs ${name} on this machine (on Azure ML once a workspace is configured)\n`,
  );
  return 0;
}
