import { existsSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { counted } from "../../progress/counted.ts";
import { modelStepLine } from "../../progress/model-step-lines.ts";
import { displayPath } from "../../runs/checked-json.ts";
import type { RunRecord } from "../../runs/run-record.ts";
import { readEngineResult } from "./engine-result.ts";
import type { LocalNode } from "./local-nodes.ts";
import type { RunContext } from "./run-context.ts";

function automlLine(ctx: RunContext, node: LocalNode): string | undefined {
  const { file, read } = readEngineResult(ctx.outputPath(node.key, "metrics"));
  if (!existsSync(file)) return undefined;
  // A damaged file (a reused entry's bytes changed) is named; the run's outcome stands.
  if (!read.ok) return `${node.name}: skipped ${displayPath(file)}: ${read.problem}`;
  const m = read.value;
  const best = m.iterations.find((i) => i.iteration === m.best_iteration);
  return `${node.name}: best ${m.primary_metric} ${best?.primary_metric?.value?.toFixed(4)} (${best?.algorithm}, iteration ${m.best_iteration} of ${m.iterations.length})${
    m.warnings?.length ? `, trained with ${counted(m.warnings.length, "warning")} (shown with the step)` : ""
  }`;
}

function builtinLine(ctx: RunContext, node: LocalNode): string | undefined {
  const log = join(ctx.stepDir(node.key), "stdout.log");
  return modelStepLine(node.name, existsSync(log) ? readFileSync(log, "utf8") : "");
}

/** The lines a finished run ends with: AutoML results, registered models, where outputs are. */
export function runSummary(ctx: RunContext, nodes: LocalNode[], run: RunRecord): string[] {
  const lines: string[] = [];
  const done = new Set(run.steps.filter((s) => s.status === "completed").map((s) => s.node));
  for (const node of nodes) {
    if (!done.has(node.key)) continue;
    const line = node.kind === "automl" ? automlLine(ctx, node) : node.snapshot.builtin ? builtinLine(ctx, node) : undefined;
    if (line) lines.push(line);
  }
  for (const [name, out] of Object.entries(run.outputs)) {
    if (done.has(out.node)) lines.push(`output ${name}: ${relative(process.cwd(), ctx.outputPath(out.node, out.output)) || "."}`);
  }
  return lines;
}
