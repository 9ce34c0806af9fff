import type { GraphNode } from "../runs/run-graph.ts";
import type { RunRecord, StepRecord, TrialRecord } from "../runs/run-record.ts";
import { duration, esc, jsonBlock, num } from "./html.ts";
import type { AutoMLView } from "./ui-data.ts";

function table(head: string[], rows: string[][], cls = ""): string {
  return `<table class="${cls}"><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join("")}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.join("")}</tr>`)
    .join("")}</tbody></table>`;
}

/** The AutoML leaderboard (best first by the primary metric), and its charts' data for the page script. */
export function automlSection(node: string, view: AutoMLView): string {
  const m = view.metrics;
  const sign = m.goal === "minimize" ? 1 : -1;
  const done = m.iterations.filter((i) => i.primary_metric);
  const ranked = [...done].sort((a, b) => sign * ((a.primary_metric?.value ?? 0) - (b.primary_metric?.value ?? 0)));
  const others = [...new Set(done.flatMap((i) => Object.keys(i.metrics ?? {})))].filter((k) => k !== m.primary_metric).sort();
  const rows = [...ranked, ...m.iterations.filter((i) => !i.primary_metric)].map((i) => [
    `<td>${num(i.iteration)}${i.iteration !== null && i.iteration === m.best_iteration ? ' <span class="badge best">best</span>' : ""}</td>`,
    `<td>${esc(i.algorithm)}</td>`,
    `<td class="primary">${i.primary_metric ? num(i.primary_metric.value) : esc(i.status)}</td>`,
    ...others.map((k) => `<td>${num(i.metrics?.[k] ?? "")}</td>`),
    `<td>${typeof i.duration_seconds === "number" ? duration(i.duration_seconds * 1000) : ""}</td>`,
  ]);
  const byIteration = done.map((i) => [i.iteration, i.primary_metric?.value ?? null]).sort((a, b) => Number(a[0]) - Number(b[0]));
  const charts = [
    `<figure><figcaption>${esc(m.primary_metric)} by iteration</figcaption><div class="chart" data-chart="${esc(`metric-${node}`)}"></div></figure>`,
  ];
  const data: Record<string, unknown> = { byIteration: { kind: "line", x: "iteration", y: m.primary_metric, points: byIteration } };
  const c = view.charts;
  if (c?.kind === "classification") {
    data.roc = { kind: "line", x: "false positive rate", y: "true positive rate", points: c.roc };
    data.pr = { kind: "line", x: "recall", y: "precision", points: c.precision_recall };
    charts.push(`<figure><figcaption>ROC (${esc(c.curves_of)})</figcaption><div class="chart" data-chart="${esc(`roc-${node}`)}"></div></figure>`);
    charts.push(`<figure><figcaption>precision-recall</figcaption><div class="chart" data-chart="${esc(`pr-${node}`)}"></div></figure>`);
    const max = c.confusion_matrix.matrix.flat().reduce((a, v) => Math.max(a, v), 1);
    const cm = c.confusion_matrix.labels.map((label, r) => [
      `<th>${esc(label)}</th>`,
      // The cell's shade is set by the page script from data-heat: the policy allows no inline style.
      ...(c.confusion_matrix.matrix[r] ?? []).map((v) => `<td data-heat="${(v / max).toFixed(3)}">${num(v)}</td>`),
    ]);
    charts.push(
      `<figure><figcaption>confusion matrix (rows: true, columns: predicted)</figcaption>${table(["", ...c.confusion_matrix.labels.map(String)], cm, "confusion")}</figure>`,
    );
  } else if (c?.kind === "regression") {
    data.pvt = { kind: "points", x: "true", y: "predicted", points: c.predicted_vs_true };
    data.residuals = { kind: "points", x: "true", y: "residual", points: c.residuals };
    charts.push(`<figure><figcaption>predicted vs true</figcaption><div class="chart" data-chart="${esc(`pvt-${node}`)}"></div></figure>`);
    charts.push(`<figure><figcaption>residuals</figcaption><div class="chart" data-chart="${esc(`residuals-${node}`)}"></div></figure>`);
  }
  const blocks = Object.entries(data).map(([k, v]) => jsonBlock(`chart-${k === "byIteration" ? "metric" : k}-${node}`, v));
  return `<h4>leaderboard: ${esc(m.task)}, ${esc(m.primary_metric)} (${esc(m.goal)})</h4>
${table(["iteration", "algorithm", m.primary_metric, ...others, "duration"], rows, "leaderboard")}
<div class="charts">${charts.join("")}</div>${blocks.join("")}`;
}

/** A sweep's trials (early-terminated ones marked), and its objective by parameter for the page script. */
export function sweepSection(node: string, step: StepRecord): string {
  const trials = (step.trials ?? []).map((t) => ({ ...t, params: t.params ?? {} }));
  const params = [...new Set(trials.flatMap((t) => Object.keys(t.params)))].sort();
  const mark = (t: Pick<TrialRecord, "status">) => (t.status === "terminated" ? ' <span class="badge terminated">terminated early</span>' : "");
  const rows = trials.map((t) => [
    `<td>${esc(t.id)}${step.best?.id === t.id ? ' <span class="badge best">best</span>' : ""}</td>`,
    `<td>${esc(t.status)}${mark(t)}${t.reused ? ' <span class="badge">reused</span>' : ""}</td>`,
    `<td class="primary">${t.metric === null ? "" : num(t.metric)}</td>`,
    ...params.map((p) => `<td>${num(t.params[p])}</td>`),
  ]);
  const numeric = params.filter((p) => trials.every((t) => typeof t.params[p] === "number"));
  const charts = numeric.map(
    (p) => `<figure><figcaption>objective by ${esc(p)}</figcaption><div class="chart" data-chart="${esc(`sweep-${node}-${p}`)}"></div></figure>`,
  );
  const blocks = numeric.map((p) =>
    jsonBlock(`chart-sweep-${node}-${p}`, {
      kind: "points",
      x: p,
      y: "objective",
      points: trials.filter((t) => t.metric !== null).map((t) => [t.params[p], t.metric]),
      marked: trials.filter((t) => t.metric !== null && t.status === "terminated").map((t) => [t.params[p], t.metric]),
    }),
  );
  return `<h4>trials</h4>${table(["trial", "status", "objective", ...params], rows, "trials")}<div class="charts">${charts.join("")}</div>${blocks.join("")}`;
}

/** Why a step was reused or ran, in the plan's words. */
function reuseNote(step: StepRecord): string {
  if (step.reused)
    return `<p class="reused">reused${step.reusedFrom ? ` from run <a href="/runs/${esc(encodeURIComponent(String(step.reusedFrom)))}">${esc(step.reusedFrom)}</a>` : ""}: nothing it depends on changed</p>`;
  return step.reason ? `<p class="reason">${esc(step.reason)}</p>` : "";
}

/** A completed step's warnings (an AutoML model trained on a tiny table), each as text. */
function warningsNote(step: StepRecord): string {
  const warnings = Array.isArray(step.warnings) ? step.warnings : [];
  return warnings.length ? `<ul class="warnings">${warnings.map((w) => `<li>warning: ${esc(w)}</li>`).join("")}</ul>` : "";
}

/** One step's section of the run page: status, what it read and wrote, its log, and its kind's views. */
export function stepSection(run: RunRecord, step: StepRecord, node: GraphNode | undefined, outputs: string[], extra: string, log: { inline?: string }): string {
  const read = node?.inputs && typeof node.inputs === "object" ? node.inputs : {};
  const inputs = Object.entries(read).map(([k, v]) => [`<td>${esc(k)}</td>`, `<td>${esc(v)}</td>`]);
  const params = Object.entries(run.params ?? {}).filter(([k]) => Object.values(read).includes(`pipeline input ${k}`));
  const failed = step.status === "failed";
  const logBody =
    log.inline !== undefined ? `<pre class="log">${esc(log.inline)}</pre>` : `<pre class="log" data-log="${esc(step.node)}" data-run="${esc(run.id)}"></pre>`;
  return `<section class="step" id="step-${esc(step.node)}" data-node="${esc(step.node)}" data-status="${esc(step.status)}">
<h3>${esc(step.name)} <span class="kind">${esc(node?.kind ?? "")}</span> <span class="state">${esc(step.status)}</span> <span class="duration">${duration(step.durationMs)}</span></h3>
${failed ? "" : reuseNote(step)}${warningsNote(step)}${failed && step.reason ? `<p class="error">${esc(step.reason)}</p>` : ""}
<div class="io">${inputs.length ? table(["input", "from"], inputs) : ""}${
    outputs.length ? `<p class="outputs">outputs: ${outputs.map((o) => `<code>${esc(o)}</code>`).join(" ")}</p>` : ""
  }${params.length ? `<p>parameters: ${params.map(([k, v]) => `<code>${esc(k)}=${esc(v)}</code>`).join(" ")}</p>` : ""}</div>
${extra}
<details class="logbox"${failed ? " open" : ""}><summary>log</summary>${logBody}</details>
</section>`;
}
