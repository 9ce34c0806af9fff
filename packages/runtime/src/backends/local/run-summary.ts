import { existsSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import type { RunRecord } from "../../runs/run-record.ts";
import type { LocalNode } from "./local-nodes.ts";
import type { RunContext } from "./run-context.ts";

function automlLine(ctx: RunContext, node: LocalNode): string | undefined {
  const file = join(ctx.outputPath(node.key, "metrics"), "metrics.json");
  if (!existsSync(file)) return undefined;
  const m = JSON.parse(readFileSync(file, "utf8")) as {
    primary_metric: string;
    best_iteration: number;
    iterations: Array<{ iteration: number; algorithm: string; primary_metric?: { value: number } }>;
  };
  const best = m.iterations.find((i) => i.iteration === m.best_iteration);
  return `${node.name}: best ${m.primary_metric} ${best?.primary_metric?.value.toFixed(4)} (${best?.algorithm}, iteration ${m.best_iteration} of ${m.iterations.length})`;
}

function registerLine(ctx: RunContext, node: LocalNode): string | undefined {
  const log = join(ctx.stepDir(node.key), "stdout.log");
  const text = existsSync(log) ? readFileSync(log, "utf8") : "";
  const created = /Registered version (\d+) of model ([^\s:]+)(?:: (.*))?/.exec(text);
  if (created) return `${node.name}: registered model ${created[2]} version ${created[1]}${created[3] ? ` (${created[3]})` : ""}`;
  const kept = /kept: (\S+) version (\d+), not registered: (.*)/.exec(text);
  if (kept) return `${node.name}: kept ${kept[1]} version ${kept[2]}, the new model not registered: ${kept[3]}`;
  const unchanged = /unchanged: (\S+) version (\d+)/.exec(text);
  return unchanged ? `${node.name}: unchanged: ${unchanged[1]} version ${unchanged[2]} (same model as the newest version)` : undefined;
}

/** The lines a finished run ends with: AutoML results, registered models, where outputs are. */
export function runSummary(ctx: RunContext, nodes: LocalNode[], run: RunRecord): string[] {
  const lines: string[] = [];
  const done = new Set(run.steps.filter((s) => s.status === "completed").map((s) => s.node));
  for (const node of nodes) {
    if (!done.has(node.key)) continue;
    const line = node.kind === "automl" ? automlLine(ctx, node) : node.snapshot.builtin ? registerLine(ctx, node) : undefined;
    if (line) lines.push(line);
  }
  for (const [name, out] of Object.entries(run.outputs)) {
    if (done.has(out.node)) lines.push(`output ${name}: ${relative(process.cwd(), ctx.outputPath(out.node, out.output)) || "."}`);
  }
  return lines;
}
