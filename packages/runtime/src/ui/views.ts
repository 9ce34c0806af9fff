import type { RunRecord, StepRecord } from "../runs/run-record.ts";
import { dagSvg } from "./dag-svg.ts";
import { duration, esc, when } from "./html.ts";
import { automlSection, stepSection, sweepSection } from "./step-view.ts";
import { type AutoMLView, automlView, checkedMetrics, logDir, problemOf, runWithGraph, stepLog, stepOutputs, type UiState } from "./ui-data.ts";

const runDuration = (r: RunRecord) => (r.finishedAt ? Date.parse(String(r.finishedAt)) - Date.parse(String(r.startedAt)) : null);

/** One row of the runs list; a record whose fields cannot be shown is skipped with a notice. */
function runRow(r: RunRecord, notices: string[]): string {
  try {
    return `<tr data-status="${esc(r.status)}" data-backend="${esc(r.backend)}" data-text="${esc(`${r.id} ${r.pipeline}`.toLowerCase())}">
<td><a href="/runs/${encodeURIComponent(r.id)}">${esc(r.id)}</a></td><td>${esc(r.pipeline)}</td><td class="state" data-status="${esc(r.status)}">${esc(r.status)}</td>
<td>${duration(runDuration(r))}</td><td>${esc(r.backend)}</td><td>${r.steps.length}</td><td>${when(r.startedAt)}</td></tr>`;
  } catch (e) {
    notices.push(`skipped run ${r.id}: ${problemOf(e)}`);
    return "";
  }
}

/** The runs list: newest first, filtered in the page by text, status and backend. */
// Stryker disable next-line ArrayDeclaration: notices pushed into the default list are not returned to anyone.
export function runsView(list: RunRecord[], notices: string[] = []): string {
  const rows = list.map((r) => runRow(r, notices));
  return `<h2>runs</h2>
<form class="filters" id="run-filters"><input type="search" name="q" placeholder="filter by id or pipeline" aria-label="filter">
<select name="status" aria-label="status"><option value="">any status</option>${["running", "completed", "failed", "cancelled", "interrupted"]
    .map((s) => `<option>${s}</option>`)
    .join("")}</select>
<select name="backend" aria-label="backend"><option value="">any backend</option><option>local</option><option>azure</option></select></form>
<table class="runs"><thead><tr><th>run</th><th>pipeline</th><th>status</th><th>duration</th><th>backend</th><th>steps</th><th>started</th></tr></thead>
<tbody>${rows.join("") || '<tr><td colspan="7">no runs yet: sluice run &lt;file&gt;</td></tr>'}</tbody></table>`;
}

/** What an AutoML step's leaderboard is read from when its files are not here (an Azure run's run history). */
export type RemoteAutoML = (run: RunRecord, step: StepRecord) => Promise<Record<string, unknown> | undefined>;

interface RunViewOptions {
  inline?: boolean;
  remote?: RemoteAutoML;
}

/** One step's section; a step whose record or files cannot be shown says so in its place. */
async function section(s: UiState, ctx: ReturnType<typeof runWithGraph>, step: StepRecord, options: RunViewOptions, notices: string[]): Promise<string> {
  const { run, graph, dir } = ctx;
  try {
    const node = graph.nodes.find((n) => n && n.key === step.node);
    let automl: AutoMLView | undefined = automlView(dir, step, notices);
    if (!automl && run.backend === "azure" && options.remote && node?.kind === "automl") {
      // Nothing from run history (a step still running or failed, a workspace out of reach) is no leaderboard, not a bad one.
      const history = await options.remote(run, step);
      const metrics = history === undefined ? undefined : checkedMetrics(history, notices);
      automl = metrics ? { metrics } : undefined;
    }
    const extra = automl
      ? automlSection(String(step.node), automl)
      : Array.isArray(step.trials) && step.trials.length
        ? sweepSection(String(step.node), step)
        : "";
    const log = options.inline ? { inline: stepLog(logDir(s.stateDir, dir, step), 64 * 1024).text } : {};
    return stepSection(run, step, node, stepOutputs(run, dir, step, node?.outputs), extra, log);
  } catch (e) {
    notices.push(`step ${String(step.node)} of run ${run.id} is not shown: ${problemOf(e, "a step record")}`);
    return "";
  }
}

/** The DAG, or a line saying why it cannot be drawn (the sections below still show every step). */
function dag(ctx: ReturnType<typeof runWithGraph>, notices: string[]): string {
  try {
    return dagSvg(ctx.graph, ctx.run.steps);
  } catch {
    notices.push(`run ${ctx.run.id}: its graph cannot be drawn`);
    return "";
  }
}

/**
 * A run: its DAG (live while it runs), then a section per step. `inline` puts logs in the page
 * (a report has no server to fetch them from); `remote` reads Azure runs' AutoML leaderboards.
 * What cannot be shown is listed in `notices`, never in place of the rest.
 */
export async function runView(s: UiState, id: string, options: RunViewOptions = {}): Promise<{ title: string; body: string; notices: string[] }> {
  const ctx = runWithGraph(s, id);
  const { run } = ctx;
  const notices = [...ctx.notices];
  const sections = await Promise.all(run.steps.map((step) => section(s, ctx, step, options, notices)));
  // Stryker disable next-line StringLiteral: the line breaks between sections are not shown.
  const steps = sections.join("\n");
  const azure = run.azure ? `<p>Azure ML workspace ${esc(run.azure.workspaceName)}, job ${esc(run.azure.jobName)}</p>` : "";
  const body = `<h2>run ${esc(run.id)}</h2>
<p class="summary" id="run-summary" data-run="${esc(run.id)}" data-status="${esc(run.status)}">${esc(run.pipeline)} · <span class="state">${esc(run.status)}</span> · ${esc(run.backend)} · started ${when(run.startedAt)}${run.finishedAt ? ` · ${duration(runDuration(run))}` : ""}</p>${azure}
<div class="dagbox">${dag(ctx, notices)}</div>
${steps}`;
  return { title: `run ${run.id}`, body, notices };
}
