import { resolve } from "node:path";
import { SluiceError } from "../../errors/sluice-error.ts";
import { importedModules, installHint, PythonFinder, readPythonFiles, type Interpreter } from "../../python/find-python.ts";
import { parseCommand } from "./command-line.ts";
import type { LocalNode } from "./local-nodes.ts";

const AUTOML_MODULES = ["numpy", "pandas", "scipy", "sklearn"];

/** Modules a node needs: what its own scripts import, or the AutoML engine's dependencies. */
function neededModules(node: LocalNode, baseDir: string): string[] {
  if (node.kind === "automl") return AUTOML_MODULES;
  if (node.snapshot.builtin) return [];
  const dir = resolve(baseDir, node.snapshot.path);
  const entry = parseCommand(node.component.command)[0]?.find((word) => word.endsWith(".py"));
  return importedModules(
    readPythonFiles(
      dir,
      node.snapshot.files.map((f) => f.path),
    ),
    entry,
  );
}

/**
 * Everything that would make the run fail later is checked before any step starts: an AutoML
 * task the local engine cannot run, and steps whose imports no Python interpreter here provides.
 */
export function preflight(
  allNodes: LocalNode[],
  baseDir: string,
  finder = new PythonFinder(),
  willRun: (node: LocalNode) => boolean = () => true,
): Map<string, Interpreter> {
  const forecasting = allNodes.find((n) => n.kind === "automl" && n.rest.task === "forecasting");
  if (forecasting) {
    throw new SluiceError("environment", `step '${forecasting.name}' is an AutoML forecasting task, which the local AutoML engine does not support`, {
      hint: "run this pipeline on Azure ML, or use classification/regression locally",
    });
  }
  const nodes = allNodes.filter(willRun);
  if (nodes.length === 0) return new Map();
  const needs = new Map(nodes.map((n) => [n.key, neededModules(n, baseDir)]));
  // One interpreter for the whole run when one has everything; per step otherwise.
  const all = finder.pick([...new Set([...needs.values()].flat())].sort());
  if ("interpreter" in all) return new Map(nodes.map((n) => [n.key, all.interpreter]));
  const chosen = new Map<string, Interpreter>();
  const problems: string[] = [];
  const allMissing = new Set<string>();
  for (const node of nodes) {
    const pick = finder.pick(needs.get(node.key) ?? []);
    if ("interpreter" in pick) chosen.set(node.key, pick.interpreter);
    else {
      problems.push(`step '${node.name}' needs ${pick.missing.join(", ")}, which no Python here has (tried ${pick.tried.join(", ") || "none found"})`);
      for (const m of pick.missing) allMissing.add(m);
    }
  }
  if (problems.length > 0) throw new SluiceError("environment", problems.join("\n  "), { hint: `install them: ${installHint([...allMissing].sort())}` });
  return chosen;
}
