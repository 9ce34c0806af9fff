import { readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { delimiter, dirname, join } from "node:path";
import { ensureDir } from "../../../fs/atomic-write.ts";
import { pythonAsset } from "../../../python/assets.ts";
import { modelStepLine, resultFromFile } from "../../../progress/model-step-result.ts";
import { needsShell, parseCommand, resolveOptional, shellScript, substitute } from "../command-line.ts";
import { type LocalCommandNode, valueOutputsOf } from "../local-nodes.ts";
import { type RunContext, VALUE_FILE } from "../run-context.ts";
import type { Launch, NodeRuntime } from "../node-runtime.ts";
import { codeFacts, codeScanRequest, commandRefusal, prepareCode, withMlflowStandIn } from "./code-node.ts";

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

/** Azure's name for every job's artifact store (`./outputs`, `./logs`, …), which a node can bind as an output. */
const ARTIFACTS = "artifacts";

/**
 * A command with an `artifacts` output gets its working folder's `./outputs` and `./logs` there,
 * as Azure's artifact store holds them (`${{outputs.artifacts}}/outputs/world.txt` downstream).
 */
function artifactsInto(cwd: string, artifacts: string): void {
  for (const folder of ["outputs", "logs"]) {
    const here = join(cwd, folder);
    if (readdirSync(here).length > 0) continue;
    ensureDir(join(artifacts, folder));
    rmSync(here, { recursive: true, force: true });
    symlinkSync(join(artifacts, folder), here);
  }
}

/** Where a built-in model step writes its result document (model-step-result.ts), in its step folder. */
const RESULT_FILE = "result.json";

/** What every command sees on top of the run's variables: the MLflow stand-in, and a built-in step's result file. */
function stepEnv(node: LocalCommandNode, stepDir: string): Record<string, string> {
  return { ...mlflowEnv(stepDir), ...(node.snapshot.builtin ? { SLUICE_RESULT_FILE: join(stepDir, RESULT_FILE) } : {}) };
}

/**
 * A command that needs a shell, run as Azure runs every command: `bash -c`, its placeholders read
 * from variables (`shellScript`), and `python`/`python3` on its PATH meaning the interpreter
 * chosen for the step (small scripts in the step folder's `bin/`), as a command without a shell
 * gets it by argv.
 */
function bashLaunch(
  ctx: RunContext,
  node: LocalCommandNode,
  stepDir: string,
  shell: { script: string; variables: Record<string, string> },
  cwd: string,
): Launch {
  const bin = join(stepDir, "bin");
  ensureDir(bin);
  const python = ctx.interpreters.get(node.key)?.path ?? "python3";
  for (const name of ["python", "python3"]) writeFileSync(join(bin, name), `#!/bin/sh\nexec '${python.replaceAll("'", `'"'"'`)}' "$@"\n`, { mode: 0o755 });
  const path = [bin, node.environmentVariables?.PATH ?? process.env.PATH].filter((p): p is string => Boolean(p)).join(delimiter);
  return { commands: [["bash", "-c", shell.script]], cwd, env: { ...stepEnv(node, stepDir), ...shell.variables, PATH: path } };
}

/** A component's command with its inputs and outputs filled in, run in a copy of its code. */
export const commandRuntime: NodeRuntime<LocalCommandNode> = {
  scan: codeScanRequest,
  modules: (_node, imported) => withMlflowStandIn(imported),
  refusal: (node) => commandRefusal(node, false),
  facts: codeFacts,
  launch(ctx, node, stepDir, outputs) {
    const inputs = Object.fromEntries(Object.entries(node.inputs).map(([n, b]) => [n, ctx.resolve(b)]));
    // A value output, and a uri_file output, is a file in its folder: the command writes there.
    const values = new Set(valueOutputsOf(node.component));
    const file = (n: string, dir: string) => (values.has(n) ? join(dir, VALUE_FILE) : node.fileOutputs?.[n] ? join(dir, node.fileOutputs[n]) : dir);
    const paths = Object.fromEntries(Object.entries(outputs).map(([n, dir]) => [n, file(n, dir)]));
    const command = resolveOptional(node.component.command, new Set(Object.keys(inputs)));
    const cwd = prepareCode(ctx, node, stepDir);
    if (outputs[ARTIFACTS] !== undefined && paths[ARTIFACTS] === outputs[ARTIFACTS]) artifactsInto(cwd, outputs[ARTIFACTS]);
    const launch: Launch = needsShell(command)
      ? bashLaunch(ctx, node, stepDir, shellScript(command, { inputs, outputs: paths }), cwd)
      : { commands: substitute(parseCommand(command), { inputs, outputs: paths }), cwd, env: stepEnv(node, stepDir) };
    if (node.timeoutSeconds !== undefined) launch.timeoutSeconds = node.timeoutSeconds;
    return launch;
  },
  env: (node) => node.environmentVariables ?? {},
  checksOutputs: true,
  warnings: () => [],
  // Sluice's built-in steps (model registration, deployment) say what they did in one line.
  summaryLine(ctx, node) {
    if (!node.snapshot.builtin) return undefined;
    const result = resultFromFile(join(ctx.stepDir(node.key), RESULT_FILE));
    return result ? modelStepLine(node.name, result) : undefined;
  },
};
