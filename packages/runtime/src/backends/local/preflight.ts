import { SluiceError } from "../../errors/sluice-error.ts";
import { installHint, PythonFinder, scanImports, type Interpreter, type ScanRequest } from "../../python/find-python.ts";
import type { LocalNode } from "./local-nodes.ts";
import { runtimeOf } from "./node-runtimes.ts";

/** Modules each node needs: what its own code imports (optional imports aside), and what its kind's engine needs. */
export function neededModules(nodes: LocalNode[], baseDir: string, finder: PythonFinder): Map<string, string[]> {
  const requests = nodes.map((n) => runtimeOf(n).scan(n, baseDir)).filter((r): r is ScanRequest => r !== undefined);
  const scanned = requests.length > 0 ? scanImports(() => finder.any(), requests, finder.cacheDir, finder.readOnly) : new Map();
  return new Map(nodes.map((n) => [n.key, runtimeOf(n).modules(n, scanned.get(n.key)?.required ?? [])]));
}

/**
 * Everything that would make the run fail later is checked before any step starts: a node this
 * machine cannot run (each kind says why), and steps whose imports no Python interpreter here provides.
 */
export function preflight(nodes: LocalNode[], baseDir: string, finder = new PythonFinder()): Map<string, Interpreter> {
  for (const node of nodes) {
    const refused = runtimeOf(node).refusal(node);
    if (refused) throw refused;
  }
  if (nodes.length === 0) return new Map();
  const needs = neededModules(nodes, baseDir, finder);
  // One interpreter for the whole run when one has everything; per step otherwise. Each step
  // keeps only its own modules' versions: they are part of its fingerprint.
  const own = (i: Interpreter, key: string): Interpreter => ({
    ...i,
    packages: Object.fromEntries((needs.get(key) ?? []).map((m) => [m, i.packages[m] ?? "unknown"])),
  });
  const all = finder.pick([...new Set([...needs.values()].flat())].sort());
  if ("interpreter" in all) return new Map(nodes.map((n) => [n.key, own(all.interpreter, n.key)]));
  const chosen = new Map<string, Interpreter>();
  const problems: string[] = [];
  const allMissing = new Set<string>();
  for (const node of nodes) {
    const pick = finder.pick(needs.get(node.key) ?? []);
    if ("interpreter" in pick) chosen.set(node.key, own(pick.interpreter, node.key));
    else {
      problems.push(`step '${node.name}' needs ${pick.missing.join(", ")}, which no Python here has (tried ${pick.tried.join(", ") || "none found"})`);
      for (const m of pick.missing) allMissing.add(m);
    }
  }
  if (problems.length > 0) throw new SluiceError("environment", problems.join("\n  "), { hint: `install them: ${installHint([...allMissing].sort())}` });
  return chosen;
}
