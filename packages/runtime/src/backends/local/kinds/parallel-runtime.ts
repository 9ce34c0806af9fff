import { writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join, resolve } from "node:path";
import { pythonAsset } from "../../../python/assets.ts";
import { parseCommand, resolveOptional, substitute } from "../command-line.ts";
import type { LocalParallelNode } from "../local-nodes.ts";
import type { NodeRuntime } from "../node-runtime.ts";
import type { RunContext } from "../run-context.ts";
import { codeFacts, codeRefusal, prepareCode } from "./code-node.ts";

/**
 * The driver's settings (parallel_run.py): the entry script and its arguments, the data to split
 * and how, the failure rules, and where rows go. Azure's workers are machines × processes per
 * machine; here they are processes, at most this machine's cores.
 */
function parallelConfig(ctx: RunContext, node: LocalParallelNode, code: string, stepDir: string, outputs: Record<string, string>): Record<string, unknown> {
  const p = node.parallel;
  const inputs = Object.fromEntries(Object.entries(node.inputs).map(([n, b]) => [n, ctx.resolve(b)]));
  const args = resolveOptional(p.task.programArguments ?? "", new Set(Object.keys(inputs)));
  const argv = args.trim() ? (substitute(parseCommand(args), { inputs, outputs })[0] ?? []) : [];
  const workers = (p.settings.maxConcurrencyPerInstance ?? 1) * (node.instances ?? 1);
  return {
    code_dir: code,
    entry_script: p.task.entryScript,
    argv,
    input_path: inputs[p.settings.inputData],
    input_kind: node.component.inputs[p.settings.inputData]?.type === "mltable" ? "table" : "files",
    mini_batch_size: p.settings.miniBatchSize,
    partition_keys: p.settings.partitionKeys,
    max_retries: p.settings.retry?.maxRetries ?? 3,
    timeout: p.settings.retry?.timeoutSeconds ?? 30,
    error_threshold: p.settings.errorThreshold ?? -1,
    mini_batch_error_threshold: p.settings.miniBatchErrorThreshold ?? -1,
    processes: Math.max(1, Math.min(workers, availableParallelism())),
    append_row_to: p.task.appendRowTo === undefined ? undefined : outputs[p.task.appendRowTo],
    summary_file: join(stepDir, "parallel.json"),
  };
}

/** A parallel step run here: worker processes over mini-batches of its data, by Sluice's driver. */
export const parallelRuntime: NodeRuntime<LocalParallelNode> = {
  scan: (node, baseDir) =>
    node.snapshot.builtin
      ? undefined
      : {
          key: node.key,
          dir: resolve(baseDir, node.snapshot.path),
          files: node.snapshot.files.map((f) => f.path),
          snapshot: node.snapshot.sha256,
          entry: node.parallel.task.entryScript,
        },
  // Splitting a table needs pandas (the driver reads it as the AutoML engine does).
  modules: (node, imported) =>
    [...new Set([...imported, ...(node.component.inputs[node.parallel.settings.inputData]?.type === "mltable" ? ["pandas"] : [])])].sort(),
  refusal: codeRefusal,
  facts(node, facts) {
    codeFacts(node, facts);
    facts.command = JSON.stringify(node.parallel);
  },
  launch(ctx, node, stepDir, outputs) {
    const code = prepareCode(ctx, node, stepDir);
    const configFile = join(stepDir, "parallel-config.json");
    writeFileSync(configFile, `${JSON.stringify(parallelConfig(ctx, node, code, stepDir, outputs), null, 2)}\n`);
    return { commands: [["python", pythonAsset("parallel_run.py"), configFile]], cwd: code };
  },
  env: (node) => node.parallel.environmentVariables ?? {},
  checksOutputs: true,
  warnings: () => [],
  summaryLine: () => undefined,
};
