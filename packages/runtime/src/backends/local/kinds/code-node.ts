import { copyFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { ensureDir } from "../../../fs/atomic-write.ts";
import { SluiceError } from "../../../errors/sluice-error.ts";
import type { ScanRequest } from "../../../python/find-python.ts";
import { parseCommand, resolveOptional } from "../command-line.ts";
import type { StepFacts } from "../fingerprint.ts";
import type { LocalCodeNode } from "../local-nodes.ts";
import type { RunContext } from "../run-context.ts";

/** Copies the code snapshot's files (as hashed at compile time) into the step's own folder. */
export function prepareCode(ctx: RunContext, node: LocalCodeNode, stepDir: string): string {
  const source = resolve(ctx.baseDir, node.snapshot.path);
  const code = join(stepDir, "code");
  for (const file of node.snapshot.files) {
    ensureDir(dirname(join(code, file.path)));
    copyFileSync(join(source, file.path), join(code, file.path));
  }
  ensureDir(code);
  return code;
}

/** What the import scan reads for a node running user code: its snapshot, entry script first. Built-in scripts are Sluice's own. */
export function codeScanRequest(node: LocalCodeNode, baseDir: string): ScanRequest | undefined {
  if (node.snapshot.builtin) return undefined;
  const entry = parseCommand(resolveOptional(node.component.command, new Set(Object.keys(node.component.inputs))))[0]?.find((word) => word.endsWith(".py"));
  return {
    key: node.key,
    dir: resolve(baseDir, node.snapshot.path),
    files: node.snapshot.files.map((f) => f.path),
    snapshot: node.snapshot.sha256,
    ...(entry ? { entry } : {}),
  };
}

/** A registered component's code is in the workspace, and one process cannot be several machines: both only run on Azure. */
export function codeRefusal(node: LocalCodeNode): SluiceError | undefined {
  if (node.component.reference !== undefined)
    return new SluiceError(
      "environment",
      `step '${node.name}' runs the registered component ${node.component.reference}, whose code a local run does not have`,
      {
        hint: 'run this pipeline on Azure ML, or use the component\'s YAML here with loadComponent("./its.yml")',
      },
    );
  if (node.distributed !== undefined)
    return new SluiceError("environment", `step '${node.name}' asks for ${node.distributed}, which a local run cannot give (it runs one process)`, {
      hint: "run this pipeline on Azure ML, or drop distribution/instanceCount for local runs",
    });
  return undefined;
}

/**
 * A command's result depends on its command line, environment, variables and every file of its
 * code. Sweeps keep the kind `command` in their facts, so trial caches made before sweeps had a
 * kind of their own still match.
 */
export function codeFacts(node: LocalCodeNode, facts: StepFacts): void {
  facts.kind = "command";
  facts.command = node.component.command;
  facts.environment = node.component.environment;
  if (node.environmentVariables) facts.environmentVariables = node.environmentVariables;
  facts.code = { sha256: node.snapshot.sha256, path: node.snapshot.path, files: node.snapshot.files.map((f) => ({ path: f.path, sha256: f.sha256 })) };
}

/**
 * The modules a node needs when Sluice's MLflow stand-in serves its tracking calls
 * (`log_metric`, `log_params`, …): MLflow itself only when its code uses more of it (a model
 * flavour such as `mlflow.sklearn`, which the import scan reports as the dotted name).
 */
export function withMlflowStandIn(imported: readonly string[]): string[] {
  const beyond = imported.some((m) => m.startsWith("mlflow."));
  const rest = imported.filter((m) => m !== "mlflow" && !m.startsWith("mlflow."));
  return beyond ? [...rest, "mlflow"] : rest;
}
