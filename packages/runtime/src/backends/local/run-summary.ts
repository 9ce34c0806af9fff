import { relative } from "node:path";
import type { RunRecord } from "../../runs/run-record.ts";
import type { LocalNode } from "./local-nodes.ts";
import { runtimeOf } from "./node-runtimes.ts";
import type { RunContext } from "./run-context.ts";

/** The lines a finished run ends with: AutoML results, registered models, where outputs are. */
export function runSummary(ctx: RunContext, nodes: LocalNode[], run: RunRecord): string[] {
  const lines: string[] = [];
  const done = new Set(run.steps.filter((s) => s.status === "completed").map((s) => s.node));
  for (const node of nodes) {
    if (!done.has(node.key)) continue;
    const line = runtimeOf(node).summaryLine(ctx, node);
    if (line) lines.push(line);
  }
  for (const [name, out] of Object.entries(run.outputs)) {
    if (done.has(out.node)) lines.push(`output ${name}: ${relative(process.cwd(), ctx.outputPath(out.node, out.output)) || "."}`);
  }
  return lines;
}
