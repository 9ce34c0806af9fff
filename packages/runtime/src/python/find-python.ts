import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, realpathSync } from "node:fs";
import { sha256 } from "@sluice/compiler";
import { writeFileAtomic } from "../fs/atomic-write.ts";
import { delimiter, join, resolve } from "node:path";
import { SluiceError } from "../errors/sluice-error.ts";
import { z } from "zod";
import { pythonAsset } from "./assets.ts";
import { type Probe, ProbeCache } from "./probe-cache.ts";

export { installHint } from "./install-hint.ts";

export interface Interpreter {
  path: string;
  version: string;
  /** The step's imported modules → the distributions (with versions) that provide them. */
  packages: Record<string, string>;
}

/** Interpreters to try, in order: SLUICE_PYTHON, then every python3/python on PATH, then Debian's. */
export function candidates(env: NodeJS.ProcessEnv = process.env): string[] {
  const found: string[] = [];
  const explicit = explicitPython(env);
  if (explicit) found.push(explicit);
  for (const dir of (env.PATH ?? "").split(delimiter)) {
    for (const name of ["python3", "python"]) if (dir && existsSync(join(dir, name))) found.push(join(dir, name));
  }
  found.push("/usr/bin/python3");
  const seen = new Set<string>();
  return found.filter((p) => {
    if (!existsSync(p)) return false;
    const key = realpathSync(p);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** SLUICE_PYTHON as a path: relative to where Sluice was started, a bare name looked up on PATH. */
function explicitPython(env: NodeJS.ProcessEnv): string | undefined {
  const named = env.SLUICE_PYTHON;
  if (!named) return undefined;
  if (named.includes("/")) return resolve(named);
  const dir = (env.PATH ?? "").split(delimiter).find((d) => d && existsSync(join(d, named)));
  return dir ? join(dir, named) : named;
}

/** A step's code, for the import scan: its folder, its files, and the script its command runs. */
export interface ScanRequest {
  key: string;
  dir: string;
  files: string[];
  /** The code snapshot's content hash: a scan result for it never changes, so it is cached by it. */
  snapshot: string;
  entry?: string;
  /** Archives in the snapshot on the step's Python path (Spark `py_files`): the modules in them are the step's own. */
  archives?: string[];
}

type Scan = { required: string[]; optional: string[] };
const ScanSchema = z.strictObject({ required: z.array(z.string()), optional: z.array(z.string()) });

/** A kept scan result, checked; undefined when it is missing or damaged (the step is scanned again and the file replaced). */
function keptScan(file: string | undefined): Scan | undefined {
  if (!file || !existsSync(file)) return undefined;
  try {
    const parsed = ScanSchema.safeParse(JSON.parse(readFileSync(file, "utf8")));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
// v2: MLflow uses beyond tracking are reported as dotted names (`mlflow.sklearn`).
// v3: archives on the Python path (Spark py_files) provide modules.
const SCAN_VERSION = "imports-v3";

/**
 * Top-level modules each step's scripts import and the snapshot does not provide, read by
 * Python's own parser (`python/imports.py`): `import a, b` counts both, and an import guarded by
 * `try/except ImportError` is optional rather than required. One interpreter process for all steps.
 */
export function scanImports(python: () => string, steps: ScanRequest[], cacheDir?: string, readOnly = false): Map<string, Scan> {
  const cacheFile = (s: ScanRequest) =>
    cacheDir &&
    join(cacheDir, "python", `imports-${sha256(`${SCAN_VERSION}\0${s.snapshot}\0${s.entry ?? ""}\0${(s.archives ?? []).join("\0")}`).slice(0, 32)}.json`);
  const result = new Map<string, Scan>();
  const todo: ScanRequest[] = [];
  for (const step of steps) {
    const kept = keptScan(cacheFile(step));
    if (kept) result.set(step.key, kept);
    else todo.push(step);
  }
  if (todo.length === 0) return result;
  const interpreter = python();
  const r = spawnSync(interpreter, [pythonAsset("imports.py")], {
    input: JSON.stringify(todo),
    encoding: "utf8",
    timeout: 60_000,
    maxBuffer: 16 * 1024 * 1024,
  });
  if (r.status !== 0)
    throw new SluiceError(
      "environment",
      `could not read the steps' imports with ${interpreter}: ${(r.stderr || r.error?.message || "").trim().split("\n").at(-1)}`,
    );
  const scanned = JSON.parse(r.stdout) as Record<string, Scan>;
  for (const step of todo) {
    const scan = scanned[step.key] ?? { required: [], optional: [] };
    result.set(step.key, scan);
    const file = cacheFile(step);
    if (file && !readOnly) writeFileAtomic(file, JSON.stringify(scan));
  }
  return result;
}

/**
 * Finds and probes interpreters once per run; `pick` returns the first that has every module a
 * step needs, or the modules no interpreter has (reported before anything starts).
 */
export class PythonFinder {
  private readonly probes = new Map<string, Probe | null>();
  private readonly paths: string[];
  private readonly cache: ProbeCache;
  /** SLUICE_PYTHON as given and as resolved: a choice the user made, so a bad one is an error, never skipped. */
  private readonly explicit: { named: string; path: string } | undefined;
  private explicitChecked = false;

  /** Where probe results and import scans are kept between runs. */
  readonly cacheDir: string | undefined;
  /** Reads kept results but writes none (`sluice plan`, `deploy --dry-run`). */
  readonly readOnly: boolean;

  /** `cacheDir` keeps probe results and import scans between runs (see ProbeCache). */
  constructor(env: NodeJS.ProcessEnv = process.env, cacheDir?: string, options: { readOnly?: boolean } = {}) {
    this.paths = candidates(env);
    const path = explicitPython(env);
    this.explicit = env.SLUICE_PYTHON && path ? { named: env.SLUICE_PYTHON, path } : undefined;
    this.readOnly = options.readOnly === true;
    this.cache = new ProbeCache(cacheDir, this.readOnly);
    this.cacheDir = cacheDir;
  }

  /** Any interpreter, for work that needs only the standard library (the import scan). */
  any(): string {
    this.checkExplicit();
    const first = this.paths[0];
    if (!first)
      throw new SluiceError("environment", "no Python interpreter found (SLUICE_PYTHON, python3 or python on PATH, /usr/bin/python3)", {
        hint: "install Python 3 (Debian: apt-get install python3)",
      });
    return first;
  }

  pick(modules: string[]): { interpreter: Interpreter } | { missing: string[]; tried: string[] } {
    this.checkExplicit();
    let fewest: string[] | undefined;
    for (const path of this.paths) {
      const probe = this.probe(path, modules);
      if (!probe) continue;
      const missing = modules.filter((m) => probe.missing.includes(m));
      if (missing.length === 0) return { interpreter: { path: probe.executable || path, version: probe.version, packages: probe.versions } };
      if (!fewest || missing.length < fewest.length) fewest = missing;
    }
    return { missing: fewest ?? modules, tried: this.paths };
  }

  /** A SLUICE_PYTHON that does not exist or does not answer the probe as Python 3 stops the command, naming it. */
  private checkExplicit(): void {
    if (!this.explicit || this.explicitChecked) return;
    const { named, path } = this.explicit;
    const hint = "unset it, or point it at a Python 3 interpreter (e.g. SLUICE_PYTHON=/usr/bin/python3)";
    if (!existsSync(path))
      throw new SluiceError("environment", `SLUICE_PYTHON=${named}: ${named.includes("/") ? "no such file" : "no such program on PATH"}`, { hint });
    if (!this.probe(path, [])) throw new SluiceError("environment", `SLUICE_PYTHON=${named} is not a working Python 3 interpreter`, { hint });
    this.explicitChecked = true;
  }

  private probe(path: string, modules: string[]): Probe | null {
    const key = `${path}\0${modules.join(",")}`;
    if (!this.probes.has(key)) {
      let probe = this.cache.get(path, modules);
      if (!probe) {
        const r = spawnSync(path, [pythonAsset("probe.py"), ...modules], { encoding: "utf8", timeout: 30_000 });
        probe = r.status === 0 ? parseProbe(r.stdout) : undefined;
        if (probe) this.cache.set(path, modules, probe);
      }
      this.probes.set(key, probe ?? null);
    }
    return this.probes.get(key) ?? null;
  }
}

/** A probe's answer, or undefined when the program is not Python (`/bin/true` prints nothing, `/bin/echo` its argv). */
function parseProbe(stdout: string): Probe | undefined {
  try {
    const value = JSON.parse(stdout) as Probe;
    return value && typeof value.version === "string" && Array.isArray(value.missing) ? value : undefined;
  } catch {
    return undefined;
  }
}
