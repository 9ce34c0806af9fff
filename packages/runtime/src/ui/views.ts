import type { RunRecord } from "../runs/run-record.ts";
import { dagSvg } from "./dag-svg.ts";
import { duration, esc } from "./html.ts";
import { automlSection, stepSection, sweepSection } from "./step-view.ts";
import { type AutoMLView, automlView, type EndpointRow, logDir, type ModelRow, runWithGraph, stepLog, type UiState } from "./ui-data.ts";

const runDuration = (r: RunRecord) => (r.finishedAt ? Date.parse(r.finishedAt) - Date.parse(r.startedAt) : null);

/** The runs list: newest first, filtered in the page by text, status and backend. */
export function runsView(list: RunRecord[]): string {
  const rows = list.map(
    (r) => `<tr data-status="${esc(r.status)}" data-backend="${esc(r.backend)}" data-text="${esc(`${r.id} ${r.pipeline}`.toLowerCase())}">
<td><a href="/runs/${esc(r.id)}">${esc(r.id)}</a></td><td>${esc(r.pipeline)}</td><td class="state" data-status="${esc(r.status)}">${esc(r.status)}</td>
<td>${duration(runDuration(r))}</td><td>${esc(r.backend)}</td><td>${r.steps.length}</td><td>${esc(r.startedAt.replace("T", " ").slice(0, 19))}</td></tr>`,
  );
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
export type RemoteAutoML = (run: RunRecord, step: RunRecord["steps"][number]) => Promise<Record<string, unknown> | undefined>;

/**
 * A run: its DAG (live while it runs), then a section per step. `inline` puts logs in the page
 * (a report has no server to fetch them from); `remote` reads Azure runs' AutoML leaderboards.
 */
export async function runView(s: UiState, id: string, options: { inline?: boolean; remote?: RemoteAutoML } = {}): Promise<{ title: string; body: string }> {
  const { run, graph, dir } = runWithGraph(s, id);
  const nodes = new Map(graph.nodes.map((n) => [n.key, n]));
  const sections = await Promise.all(
    run.steps.map(async (step) => {
      const remote = run.backend === "azure" && options.remote && nodes.get(step.node)?.kind === "automl" ? await options.remote(run, step) : undefined;
      const automl = automlView(dir, step) ?? (remote ? ({ metrics: remote } as unknown as AutoMLView) : undefined);
      const extra = automl ? automlSection(step.node, automl) : step.trials?.length ? sweepSection(step.node, step) : "";
      return stepSection(run, step, nodes.get(step.node), extra, options.inline ? { inline: stepLog(logDir(s.stateDir, dir, step), 64 * 1024).text } : {});
    }),
  );
  const azure = run.azure ? `<p>Azure ML workspace ${esc(run.azure.workspaceName)}, job ${esc(run.azure.jobName)}</p>` : "";
  const body = `<h2>run ${esc(run.id)}</h2>
<p class="summary" id="run-summary" data-run="${esc(run.id)}" data-status="${esc(run.status)}">${esc(run.pipeline)} · <span class="state">${esc(run.status)}</span> · ${esc(run.backend)} · started ${esc(run.startedAt.replace("T", " ").slice(0, 19))}${run.finishedAt ? ` · ${duration(runDuration(run))}` : ""}</p>${azure}
<div class="dagbox">${dagSvg(graph, run.steps)}</div>
${sections.join("\n")}`;
  return { title: `run ${run.id}`, body };
}

export function modelsView(rows: ModelRow[]): string {
  const body = rows.map(
    (m) => `<tr><td>${esc(m.name)}</td><td>${m.version}</td><td>${m.metric ? `${esc(m.metric.name)} ${m.metric.value.toFixed(4)}` : ""}</td>
<td>${m.lineage.sluice_run_id ? `<a href="/runs/${esc(m.lineage.sluice_run_id)}">${esc(m.lineage.sluice_run_id)}</a>` : ""}</td><td>${esc(m.lineage.sluice_step ?? "")}</td>
<td>${m.servedBy.map((e) => `<span class="badge best">${esc(e)}</span>`).join(" ")}</td></tr>`,
  );
  return `<h2>models</h2><table><thead><tr><th>model</th><th>version</th><th>metric</th><th>run</th><th>step</th><th>served by</th></tr></thead>
<tbody>${body.join("") || '<tr><td colspan="6">no registered models yet</td></tr>'}</tbody></table>`;
}

export function endpointsView(rows: EndpointRow[]): string {
  const sections = rows.map((e) => {
    const deployments = e.server?.deployments ?? [];
    const live = e.server
      ? `<p>serving at <code>${esc(e.server.url)}</code></p>
<table><thead><tr><th>deployment</th><th>traffic</th><th>model</th><th>status</th></tr></thead><tbody>${deployments
          .map(
            (d) =>
              `<tr><td>${esc(d.name)}</td><td>${d.traffic}%</td><td>${esc(d.model)}</td><td class="state" data-status="${esc(d.status)}">${esc(d.status)}</td></tr>`,
          )
          .join("")}</tbody></table>
<form class="score" data-endpoint="${esc(e.name)}"><label>request <textarea name="body" rows="5">{"input_data": {"columns": [], "index": [0], "data": [[]]}}</textarea></label>
<label>deployment <select name="deployment"><option value="">by traffic</option>${deployments.map((d) => `<option>${esc(d.name)}</option>`).join("")}</select></label>
<button type="submit">send test request</button><pre class="answer"></pre></form>`
      : `<p>not being served here (sluice serve &lt;file&gt;)</p>`;
    const promoted = e.promotions.map((p) => `<li>${esc(p.deployment)}: ${esc(p.model)}: ${esc(p.why)}</li>`).join("");
    const history = e.history
      .slice(0, 20)
      .map((h) => `<li>${esc(h.decision)} ${esc(h.model.name)}:${esc(h.model.version)} on ${esc(h.deployment)} (run ${esc(h.run)}): ${esc(h.why)}</li>`)
      .join("");
    return `<section class="endpoint"><h3>${esc(e.name)}</h3>${live}${promoted ? `<h4>promoted</h4><ul>${promoted}</ul>` : ""}${history ? `<h4>deploy decisions</h4><ul>${history}</ul>` : ""}</section>`;
  });
  return `<h2>endpoints</h2>${sections.join("") || "<p>no local endpoints yet</p>"}`;
}
