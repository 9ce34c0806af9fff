import { esc, num } from "./html.ts";
import type { EndpointRow, ModelRow } from "./ui-models.ts";

/** The run that registered a model: a link while it is here, "run removed" once `gc` removed it. */
function runCell(m: ModelRow): string {
  if (!m.run) return "";
  if (m.run.present) return `<a href="/runs/${encodeURIComponent(m.run.id)}">${esc(m.run.id)}</a>`;
  return `<span class="removed" title="removed by sluice gc">${esc(m.run.id)} (run removed)</span>`;
}

export function modelsView(rows: ModelRow[]): string {
  const body = rows.map((m) => {
    const metric = m.metric && typeof m.metric === "object" ? `${esc(m.metric.name)} ${num(m.metric.value)}` : "";
    const served = m.servedBy.map((b) => `<span class="badge${b.live ? " best live" : ""}">${esc(b.label)}${b.live ? " (serving)" : ""}</span>`).join(" ");
    return `<tr><td>${esc(m.name)}</td><td>${esc(m.version)}</td><td>${metric}</td>
<td>${runCell(m)}</td><td>${esc(m.step)}</td><td class="served">${served}</td></tr>`;
  });
  return `<h2>models</h2><table class="models"><thead><tr><th>model</th><th>version</th><th>metric</th><th>run</th><th>step</th><th>served by</th></tr></thead>
<tbody>${body.join("") || '<tr><td colspan="6">no registered models yet</td></tr>'}</tbody></table>`;
}

/** A served endpoint's deployments, and the form that sends a test request through the UI. */
function liveSection(e: EndpointRow): string {
  if (!e.server) return `<p>not being served here (sluice serve &lt;file&gt;)</p>`;
  const deployments = e.server.deployments;
  const rows = deployments
    .map(
      (d) =>
        `<tr><td>${esc(d.name)}</td><td>${esc(d.traffic)}%</td><td>${esc(d.model)}</td><td class="state" data-status="${esc(d.status)}">${esc(d.status)}</td></tr>`,
    )
    .join("");
  return `<p>serving at <code>${esc(e.server.url)}</code></p>
<table><thead><tr><th>deployment</th><th>traffic</th><th>model</th><th>status</th></tr></thead><tbody>${rows}</tbody></table>
<form class="score" data-endpoint="${esc(e.name)}"><label>request <textarea name="body" rows="5">{"input_data": {"columns": [], "index": [0], "data": [[]]}}</textarea></label>
<label>deployment <select name="deployment"><option value="">by traffic</option>${deployments.map((d) => `<option>${esc(d.name)}</option>`).join("")}</select></label>
<button type="submit">send test request</button><pre class="answer"></pre></form>`;
}

export function endpointsView(rows: EndpointRow[]): string {
  const sections = rows.map((e) => {
    const promoted = e.promotions.map((p) => `<li>${esc(p.deployment)}: ${esc(p.model)}: ${esc(p.why)}</li>`).join("");
    const history = e.history
      .slice(0, 20)
      .map((h) => `<li>${esc(h.decision)} ${esc(h.model.name)}:${esc(h.model.version)} on ${esc(h.deployment)} (run ${esc(h.run)}): ${esc(h.why)}</li>`)
      .join("");
    return `<section class="endpoint"><h3>${esc(e.name)}</h3>${liveSection(e)}${promoted ? `<h4>promoted</h4><ul>${promoted}</ul>` : ""}${
      history ? `<h4>deploy decisions</h4><ul>${history}</ul>` : ""
    }</section>`;
  });
  return `<h2>endpoints</h2>${sections.join("") || "<p>no local endpoints yet</p>"}`;
}
