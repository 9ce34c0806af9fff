import { appendFileSync, existsSync, globSync, readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { parse } from "yaml";
import { type LocalNode, valueOutputsOf } from "./local-nodes.ts";
import { VALUE_FILE } from "./run-context.ts";
import { DONE_OUTPUT } from "@sluice/compiler";
import { runtimeOf } from "./node-runtimes.ts";

/** What a finished step left in its declared outputs. */
export interface OutputCheck {
  /** Set when a later step reads an output the step left empty: the step fails with this reason. */
  failure?: string;
  /** Empty outputs no step reads: legal (Azure accepts them too), but worth a line. */
  warnings: string[];
}

/** Every file under `dir`, relative to it (links are not followed). */
function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => !e.isDirectory())
    .map((e) => relative(dir, join(e.parentPath, e.name)));
}

/** The globs an MLTable file reads (`paths: [{ pattern | file | folder }]`); none when it cannot be read. */
function mltablePatterns(file: string): string[] {
  try {
    const doc = parse(readFileSync(file, "utf8")) as { paths?: Array<Record<string, unknown>> } | null;
    return (doc?.paths ?? []).flatMap((p) => [p.pattern ?? p.file ?? p.folder].filter((v): v is string => typeof v === "string"));
  } catch {
    return [];
  }
}

/** Names of the steps that read `key`'s `output`. */
function readersOf(nodes: readonly LocalNode[], key: string, output: string): string[] {
  return nodes.filter((n) => Object.values(n.inputs).some((b) => b.kind === "node-output" && b.node === key && b.output === output)).map((n) => n.name);
}

const listed = (files: string[]) => (files.length > 3 ? `${files.slice(0, 3).join(", ")}, …` : files.join(", "));

/** Why `output` (in `dir`) is unusable by a reader, or undefined when it holds what a reader needs. */
function problem(output: string, dir: string, value: boolean): string | undefined {
  const files = filesUnder(dir);
  if (value) return files.includes(VALUE_FILE) ? undefined : `value output '${output}' was never written: the script wrote nothing to ${join(dir, VALUE_FILE)}`;
  const data = files.filter((f) => f !== "MLTable");
  if (data.length === 0) return `declared output '${output}' is empty: the script wrote nothing to ${dir}`;
  if (!files.includes("MLTable")) return undefined;
  const patterns = mltablePatterns(join(dir, "MLTable"));
  if (patterns.length === 0 || patterns.some((p) => globSync(p, { cwd: dir }).length > 0)) return undefined;
  return `declared output '${output}' has no file matching ${patterns.join(", ")} (what readDelimitedFiles reads): the script wrote ${listed(data)} to ${dir}`;
}

/**
 * Checks a completed command step's outputs before anything downstream starts. Azure accepts an
 * empty output folder but the step reading it then fails to mount it; here the step that wrote
 * nothing fails, naming the output, and an empty output nobody reads is a warning. The lines also
 * go to the step's `stderr.log`.
 */
export function checkOutputs(node: LocalNode, outputs: Record<string, string>, nodes: readonly LocalNode[], stderrFile: string): OutputCheck {
  const check: OutputCheck = { warnings: [] };
  if (!runtimeOf(node).checksOutputs) return check;
  const values = new Set("component" in node ? valueOutputsOf(node.component) : []);
  for (const [output, dir] of Object.entries(outputs)) {
    // The signal of `step.after(other)` is empty by design: its folder existing is the message.
    if (output === DONE_OUTPUT) continue;
    const why = problem(output, dir, values.has(output));
    if (!why) continue;
    // A control output is there to be decided on: its control-flow node reads it.
    const control = "component" in node && node.component.outputs[output]?.isControl === true;
    const readers = [...readersOf(nodes, node.key, output), ...(control ? ["its control-flow node"] : [])];
    if (readers.length === 0) check.warnings.push(why);
    else
      check.failure ??= `${why}, which ${readers.map((r) => (r === "its control-flow node" ? r : `'${r}'`)).join(" and ")} ${readers.length === 1 ? "reads" : "read"}`;
  }
  const lines = [...(check.failure ? [`sluice: error: ${check.failure}`] : []), ...check.warnings.map((w) => `sluice: warning: ${w}`)];
  if (lines.length > 0 && existsSync(stderrFile)) appendFileSync(stderrFile, `${lines.join("\n")}\n`);
  return check;
}
