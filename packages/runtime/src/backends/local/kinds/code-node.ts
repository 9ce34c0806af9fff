import { copyFileSync, existsSync } from "node:fs";
import { delimiter, dirname, isAbsolute, join, normalize, resolve } from "node:path";
import { ensureDir } from "../../../fs/atomic-write.ts";
import { SluiceError } from "../../../errors/sluice-error.ts";
import type { ScanRequest } from "../../../python/find-python.ts";
import { CommandSyntaxError, needsShell, parseCommand, resolveOptional } from "../command-line.ts";
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
  // Azure ML gives every command job `./outputs` and `./logs` in its working folder (uploaded as run artifacts).
  for (const folder of [code, join(code, "outputs"), join(code, "logs")]) ensureDir(folder);
  return code;
}

/** What the import scan reads for a node running user code: its snapshot, entry script first. Built-in scripts are Sluice's own. */
export function codeScanRequest(node: LocalCodeNode, baseDir: string): ScanRequest | undefined {
  if (node.snapshot.builtin) return undefined;
  const entry = commandWords(node).find((word) => word.endsWith(".py"));
  return {
    key: node.key,
    dir: resolve(baseDir, node.snapshot.path),
    files: node.snapshot.files.map((f) => f.path),
    snapshot: node.snapshot.sha256,
    ...(entry ? { entry } : {}),
  };
}

const commandOf = (node: LocalCodeNode) => resolveOptional(node.component.command, new Set(Object.keys(node.component.inputs)));

/** A command's argv lists when it runs without a shell; undefined when it needs one or does not parse (its launch says why). */
function argvLists(command: string): string[][] | undefined {
  try {
    return needsShell(command) ? undefined : parseCommand(command);
  } catch (error) {
    if (error instanceof CommandSyntaxError) return undefined;
    throw error;
  }
}

/** The words of a node's command (of its first command, without a shell; every word-like token with one). */
function commandWords(node: LocalCodeNode): string[] {
  const command = commandOf(node);
  return argvLists(command)?.[0] ?? command.split(/[\s;&|()<>'"`]+/).filter(Boolean);
}

/**
 * A program a command starts without a shell must exist here: a word with a slash names a file
 * (in the code folder when relative), any other word is looked up on PATH, as `execvp` would.
 * `python` is the step's own interpreter. A command run by bash finds its programs itself.
 */
function missingProgram(node: LocalCodeNode): string | undefined {
  const lists = node.snapshot.builtin ? undefined : argvLists(commandOf(node));
  const path = node.environmentVariables?.PATH ?? process.env.PATH ?? "";
  for (const [program] of lists ?? []) {
    if (program === undefined || program === "python" || program === "python3" || program.includes("${{")) continue;
    if (program.includes("/")) {
      if (!isAbsolute(program) && node.snapshot.files.some((f) => f.path === normalize(program))) continue;
      if (isAbsolute(program) && existsSync(program)) continue;
      return program;
    }
    if (!path.split(delimiter).some((dir) => dir !== "" && existsSync(join(dir, program)))) return program;
  }
  return undefined;
}

/** Why a command (or a sweep's trial command) cannot start here: a program this machine lacks, or a shell a trial does not get. */
export function commandRefusal(node: LocalCodeNode, trials: boolean): SluiceError | undefined {
  if (trials && needsShell(commandOf(node)))
    return new SluiceError("environment", `step '${node.name}' is a sweep whose trial command needs a shell, which local trials do not run`, {
      hint: "move the shell part (redirection, pipes, ';', variables) into a script the command runs, or run this pipeline on Azure ML",
    });
  const program = missingProgram(node);
  if (program === undefined) return codeRefusal(node);
  return new SluiceError("environment", `step '${node.name}' runs '${program}', which this machine does not have (not a file in its code, not on PATH)`, {
    hint: `install ${program} here so that it is on PATH, or run this pipeline on Azure ML, whose environment provides it`,
  });
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
