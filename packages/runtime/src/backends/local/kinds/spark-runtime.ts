import { delimiter, join, resolve } from "node:path";
import { SluiceError } from "../../../errors/sluice-error.ts";
import { parseCommand, resolveOptional, substitute } from "../command-line.ts";
import type { LocalSparkNode } from "../local-nodes.ts";
import type { NodeRuntime } from "../node-runtime.ts";
import { codeFacts, codeRefusal, prepareCode } from "./code-node.ts";

/** A word as Python's `shlex.split` (which reads `PYSPARK_SUBMIT_ARGS`) gets it back. */
const quote = (word: string) => (/^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'"'"'`)}'`);

/**
 * What `spark-submit` would get on Azure, for the `pyspark` a local run starts: the job's
 * configuration and the files it ships, resolved in the step's copy of the code.
 */
export function submitArgs(node: LocalSparkNode, code: string): string {
  const s = node.spark;
  const words: string[] = [];
  for (const [key, value] of Object.entries(s.conf ?? {})) words.push("--conf", `${key}=${value}`);
  for (const [flag, list] of [
    ["--py-files", s.pyFiles],
    ["--jars", s.jars],
    ["--files", s.files],
    ["--archives", s.archives],
  ] as const)
    if (list?.length) words.push(flag, list.map((f) => resolve(code, f)).join(","));
  return [...words.map(quote), "pyspark-shell"].join(" ");
}

/**
 * A Spark step run here: its PySpark entry file, started by the project's Python with Spark in
 * local mode. It needs `pyspark` (the import scan asks for it, so a Python without it is refused
 * before any step starts); a JVM entry class needs `spark-submit` and a cluster, so it is refused.
 */
export const sparkRuntime: NodeRuntime<LocalSparkNode> = {
  scan: (node, baseDir) =>
    "file" in node.spark.entry
      ? {
          key: node.key,
          dir: resolve(baseDir, node.snapshot.path),
          files: node.snapshot.files.map((f) => f.path),
          snapshot: node.snapshot.sha256,
          entry: node.spark.entry.file,
          ...(node.spark.pyFiles?.length ? { archives: node.spark.pyFiles.filter((f) => /\.(zip|egg|whl)$/.test(f)) } : {}),
        }
      : undefined,
  modules: (_node, imported) => [...new Set([...imported, "pyspark"])].sort(),
  refusal(node) {
    if ("className" in node.spark.entry)
      return new SluiceError("environment", `Spark step '${node.name}' starts the JVM class ${node.spark.entry.className}, which only Azure's Spark runs`, {
        hint: "run this pipeline on Azure ML (an attached Spark pool or serverless Spark), or give the step a PySpark entry file",
      });
    return codeRefusal(node);
  },
  facts(node, facts) {
    codeFacts(node, facts);
    facts.command = JSON.stringify(node.spark);
  },
  launch(ctx, node, stepDir, outputs) {
    const inputs = Object.fromEntries(Object.entries(node.inputs).map(([n, b]) => [n, ctx.resolve(b)]));
    const entry = "file" in node.spark.entry ? node.spark.entry.file : "";
    const args = resolveOptional(node.spark.args ?? "", new Set(Object.keys(inputs)));
    const [command = []] = substitute(parseCommand(`python ${quote(entry)} ${args}`), { inputs, outputs });
    const code = prepareCode(ctx, node, stepDir);
    const pyFiles = (node.spark.pyFiles ?? []).map((f) => join(code, f));
    const path = [...pyFiles, process.env.PYTHONPATH].filter((p): p is string => Boolean(p)).join(delimiter);
    return { commands: [command], cwd: code, env: { PYSPARK_SUBMIT_ARGS: submitArgs(node, code), ...(path ? { PYTHONPATH: path } : {}) } };
  },
  env: () => ({}),
  checksOutputs: true,
  warnings: () => [],
  summaryLine: () => undefined,
};
