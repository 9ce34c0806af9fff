import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, realpathSync } from "node:fs";
import { delimiter, join } from "node:path";
import { pythonAsset } from "./assets.ts";

const IMPORT = /^[ \t]*(?:import[ \t]+([A-Za-z_][\w]*)|from[ \t]+([A-Za-z_][\w]*)[\w.]*[ \t]+import\b)/gm;

/** Distribution names where they differ from the import name, for install hints. */
const PIP_NAMES: Record<string, string> = { sklearn: "scikit-learn", yaml: "pyyaml", PIL: "pillow" };

export interface Interpreter {
  path: string;
  version: string;
}

/** Interpreters to try, in order: SLUICE_PYTHON, then every python3/python on PATH, then Debian's. */
export function candidates(env: NodeJS.ProcessEnv = process.env): string[] {
  const found: string[] = [];
  if (env.SLUICE_PYTHON) found.push(env.SLUICE_PYTHON);
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

/**
 * Top-level modules a script needs that the snapshot does not provide: its imports, following
 * local modules and packages transitively from the entry script (other files are not its concern).
 */
export function importedModules(files: Array<{ path: string; text: string }>, entry?: string): string[] {
  const byPath = new Map(files.map((f) => [f.path, f]));
  const localFiles = (name: string) => files.filter((f) => f.path === `${name}.py` || f.path.startsWith(`${name}/`));
  const queue = entry && byPath.has(entry) ? [byPath.get(entry) as { path: string; text: string }] : [...files];
  const seen = new Set(queue.map((f) => f.path));
  const external = new Set<string>();
  while (queue.length > 0) {
    const file = queue.shift() as { path: string; text: string };
    for (const m of file.text.matchAll(IMPORT)) {
      const name = m[1] ?? m[2];
      if (!name || name === "__future__") continue;
      const local = localFiles(name);
      if (local.length === 0) external.add(name);
      for (const f of local) {
        if (seen.has(f.path)) continue;
        seen.add(f.path);
        queue.push(f);
      }
    }
  }
  return [...external].sort();
}

export function readPythonFiles(dir: string, paths: string[]): Array<{ path: string; text: string }> {
  return paths.filter((p) => p.endsWith(".py")).map((path) => ({ path, text: readFileSync(join(dir, path), "utf8") }));
}

/**
 * Finds and probes interpreters once per run; `pick` returns the first that has every module a
 * step needs, or the modules no interpreter has (reported before anything starts).
 */
export class PythonFinder {
  private readonly probes = new Map<string, { version: string; executable: string; missing: Set<string> } | null>();
  private readonly paths: string[];

  constructor(env: NodeJS.ProcessEnv = process.env) {
    this.paths = candidates(env);
  }

  pick(modules: string[]): { interpreter: Interpreter } | { missing: string[]; tried: string[] } {
    let fewest: string[] | undefined;
    for (const path of this.paths) {
      const probe = this.probe(path, modules);
      if (!probe) continue;
      const missing = modules.filter((m) => probe.missing.has(m));
      if (missing.length === 0) return { interpreter: { path: probe.executable || path, version: probe.version } };
      if (!fewest || missing.length < fewest.length) fewest = missing;
    }
    return { missing: fewest ?? modules, tried: this.paths };
  }

  private probe(path: string, modules: string[]): { version: string; executable: string; missing: Set<string> } | null {
    const key = `${path}\0${modules.join(",")}`;
    if (!this.probes.has(key)) {
      const r = spawnSync(path, [pythonAsset("probe.py"), ...modules], { encoding: "utf8", timeout: 30_000 });
      const parsed = r.status === 0 ? (JSON.parse(r.stdout) as { version: string; executable: string; missing: string[] }) : undefined;
      this.probes.set(key, parsed ? { version: parsed.version, executable: parsed.executable, missing: new Set(parsed.missing) } : null);
    }
    return this.probes.get(key) ?? null;
  }
}

/** The commands that would install the missing modules (Debian packages, or pip). */
export function installHint(missing: string[]): string {
  const debian = missing.map((m) => `python3-${(PIP_NAMES[m] === "scikit-learn" ? "sklearn" : m).toLowerCase()}`);
  const pip = missing.map((m) => PIP_NAMES[m] ?? m);
  return `apt-get install ${debian.join(" ")}   (or: python3 -m pip install ${pip.join(" ")}; or point SLUICE_PYTHON at an interpreter that has them)`;
}
