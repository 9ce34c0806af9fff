import { resolve } from "node:path";
import { LOCAL_ALGORITHMS } from "@sluice/dsl/ir";
import { SluiceError } from "../../errors/sluice-error.ts";
import { installHint, PythonFinder, scanImports, type Interpreter, type ScanRequest } from "../../python/find-python.ts";
import { parseCommand, resolveOptional } from "./command-line.ts";
import type { LocalAutoMLNode, LocalNode } from "./local-nodes.ts";

const AUTOML_MODULES = ["numpy", "pandas", "scipy", "sklearn", "yaml"];

/** What the import scan reads for a node with user code. */
function scanRequest(node: LocalNode, baseDir: string): ScanRequest | undefined {
  if (node.kind === "automl" || node.snapshot.builtin) return undefined;
  const entry = parseCommand(resolveOptional(node.component.command, new Set(Object.keys(node.component.inputs))))[0]?.find((word) => word.endsWith(".py"));
  return {
    key: node.key,
    dir: resolve(baseDir, node.snapshot.path),
    files: node.snapshot.files.map((f) => f.path),
    snapshot: node.snapshot.sha256,
    ...(entry ? { entry } : {}),
  };
}

/** Modules each node needs: what its own scripts import (optional imports aside), or the AutoML engine's dependencies. */
export function neededModules(nodes: LocalNode[], baseDir: string, finder: PythonFinder): Map<string, string[]> {
  const requests = nodes.map((n) => scanRequest(n, baseDir)).filter((r): r is ScanRequest => r !== undefined);
  const scanned = requests.length > 0 ? scanImports(() => finder.any(), requests, finder.cacheDir, finder.readOnly) : new Map();
  const own = (n: LocalNode): string[] => {
    if (n.kind === "automl") return AUTOML_MODULES;
    const required = scanned.get(n.key)?.required ?? [];
    if (!n.sweep) return required;
    // A trial's MLflow calls are recorded by Sluice's own module where MLflow is not installed;
    // the sweep engine samples with numpy and scipy (and Optuna for bayesian) in the trial's Python.
    const trial = required.filter((m: string) => m !== "mlflow");
    const engine = n.sweep.sampling.type === "bayesian" ? ["numpy", "scipy", "optuna"] : ["numpy", "scipy"];
    return [...new Set([...trial, ...engine])].sort();
  };
  return new Map(nodes.map((n) => [n.key, own(n)]));
}

const LOCAL_META_LEARNERS = ["logistic_regression", "logistic_regression_cv", "elastic_net", "elastic_net_cv", "linear_regression", "none"];

/** AutoML settings the scikit-learn engine cannot honour: refused before any step starts, never ignored. */
function refuseAzureOnlyAutoML(step: string, s: LocalAutoMLNode["automl"]): void {
  const f = s.featurizationSettings;
  const meta = s.training?.stackEnsemble?.metaLearner;
  const purposes = Object.entries(f?.columnPurposes ?? {}).filter(([, p]) => p === "text" || p === "datetime");
  const params = Object.keys(f?.transformerParams ?? {}).filter((k) => k !== "imputer");
  const refused = [
    s.training?.enableDnnTraining ? "deep-learning training (training.enableDnnTraining)" : undefined,
    f?.enableDnnFeaturization ? "deep-learning featurization (featurization.enableDnnFeaturization)" : undefined,
    meta !== undefined && !LOCAL_META_LEARNERS.includes(meta) ? `the stack meta-learner ${meta}` : undefined,
    purposes.length > 0 ? `${purposes.map(([c, p]) => `${p} column ${c}`).join(", ")} (featurization.columnPurposes)` : undefined,
    params.length > 0 ? `${params.join(", ")} parameters (featurization.transformerParams)` : undefined,
  ].filter((x): x is string => x !== undefined);
  if (refused.length > 0)
    throw new SluiceError("environment", `step '${step}' asks for ${refused.join("; ")}, which the local AutoML engine does not have`, {
      hint: "run this pipeline on Azure ML, or leave these settings out for local runs",
    });
}

/**
 * Everything that would make the run fail later is checked before any step starts: an AutoML
 * task the local engine cannot run, and steps whose imports no Python interpreter here provides.
 */
export function preflight(nodes: LocalNode[], baseDir: string, finder = new PythonFinder()): Map<string, Interpreter> {
  const forecasting = nodes.find((n) => n.kind === "automl" && n.automl.task === "forecasting");
  if (forecasting) {
    throw new SluiceError("environment", `step '${forecasting.name}' is an AutoML forecasting task, which the local AutoML engine does not support`, {
      hint: "run this pipeline on Azure ML, or use classification/regression locally",
    });
  }
  const registered = nodes.find((n) => n.kind === "command" && n.component.reference !== undefined);
  if (registered?.kind === "command") {
    throw new SluiceError(
      "environment",
      `step '${registered.name}' runs the registered component ${registered.component.reference}, whose code a local run does not have`,
      { hint: 'run this pipeline on Azure ML, or use the component\'s YAML here with loadComponent("./its.yml")' },
    );
  }
  const distributed = nodes.find((n) => n.kind === "command" && n.distributed !== undefined);
  if (distributed?.kind === "command") {
    throw new SluiceError(
      "environment",
      `step '${distributed.name}' asks for ${distributed.distributed}, which a local run cannot give (it runs one process)`,
      {
        hint: "run this pipeline on Azure ML, or drop distribution/instanceCount for local runs",
      },
    );
  }
  for (const node of nodes) if (node.kind === "automl") refuseAzureOnlyAutoML(node.name, node.automl);
  for (const node of nodes) {
    if (node.kind !== "automl" || !node.automl.allowedAlgorithms) continue;
    const local = LOCAL_ALGORITHMS[node.automl.task === "classification" ? "classification" : "regression"];
    if (!node.automl.allowedAlgorithms.some((a) => local.includes(a)))
      throw new SluiceError(
        "environment",
        `step '${node.name}' allows only ${node.automl.allowedAlgorithms.join(", ")}, none of which the local AutoML engine has`,
        {
          hint: `allow one of ${local.join(", ")} for local runs, or run this pipeline on Azure ML`,
        },
      );
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
