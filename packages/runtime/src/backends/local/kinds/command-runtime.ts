import { existsSync, readFileSync } from "node:fs";
import { delimiter, dirname, join } from "node:path";
import { pythonAsset } from "../../../python/assets.ts";
import { modelStepLine } from "../../../progress/model-step-lines.ts";
import { parseCommand, resolveOptional, substitute } from "../command-line.ts";
import { type LocalCommandNode, valueOutputsOf } from "../local-nodes.ts";
import { VALUE_FILE } from "../run-context.ts";
import type { Launch, NodeRuntime } from "../node-runtime.ts";
import { codeFacts, codeRefusal, codeScanRequest, prepareCode, withMlflowStandIn } from "./code-node.ts";

/**
 * MLflow tracking calls, as Azure ML command scripts make them: where the step's Python has no
 * MLflow, Sluice's stand-in (first on the path, deferring to a real MLflow where there is one)
 * records them as JSON lines in the step folder's `mlflow.jsonl`.
 */
function mlflowEnv(stepDir: string): Record<string, string> {
  const shim = join(dirname(pythonAsset("sweep_engine.py")), "mlflow_shim");
  const path = [shim, process.env.PYTHONPATH].filter((p): p is string => Boolean(p)).join(delimiter);
  return { PYTHONPATH: path, SLUICE_MLFLOW_DEFER: "1", SLUICE_MLFLOW_FILE: join(stepDir, "mlflow.jsonl") };
}

/** A component's command with its inputs and outputs filled in, run in a copy of its code. */
export const commandRuntime: NodeRuntime<LocalCommandNode> = {
  scan: codeScanRequest,
  modules: (_node, imported) => withMlflowStandIn(imported),
  refusal: codeRefusal,
  facts: codeFacts,
  launch(ctx, node, stepDir, outputs) {
    const inputs = Object.fromEntries(Object.entries(node.inputs).map(([n, b]) => [n, ctx.resolve(b)]));
    // A value output is a file in its folder: the command writes the value there.
    const values = new Set(valueOutputsOf(node.component));
    const paths = Object.fromEntries(Object.entries(outputs).map(([n, dir]) => [n, values.has(n) ? join(dir, VALUE_FILE) : dir]));
    const commands = substitute(parseCommand(resolveOptional(node.component.command, new Set(Object.keys(inputs)))), { inputs, outputs: paths });
    const launch: Launch = { commands, cwd: prepareCode(ctx, node, stepDir), env: mlflowEnv(stepDir) };
    if (node.timeoutSeconds !== undefined) launch.timeoutSeconds = node.timeoutSeconds;
    return launch;
  },
  env: (node) => node.environmentVariables ?? {},
  checksOutputs: true,
  warnings: () => [],
  // Sluice's built-in steps (model registration, deployment) say what they did in one line.
  summaryLine(ctx, node) {
    if (!node.snapshot.builtin) return undefined;
    const log = join(ctx.stepDir(node.key), "stdout.log");
    return modelStepLine(node.name, existsSync(log) ? readFileSync(log, "utf8") : "");
  },
};
