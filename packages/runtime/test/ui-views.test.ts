// What the runs list and a run's page show, rendered in process from hand-written state: each
// run's row (link, status, duration, steps, start), a run's summary, DAG and one section per
// step in order, logs inline or streamed, AutoML leaderboards from files or run history, and a
// notice, never a broken page, for what cannot be shown.
import { afterAll, describe, expect, it, vi } from "vitest";
import type { RunGraph } from "../src/runs/run-graph.ts";
import type { RunRecord, StepRecord } from "../src/runs/run-record.ts";
import { SluiceError } from "../src/errors/sluice-error.ts";
import { runsView, runView } from "../src/ui/views.ts";
import { elements, strayText, tags } from "../../../test/helpers/html-parts.ts";
import { PAYLOAD, runRecord, uiState } from "../../../test/helpers/ui-fixture.ts";

// No graph Sluice writes makes the drawing fail; a stand-in that fails for one key checks the page survives it.
const UNDRAWABLE = "undrawable";
vi.mock("../src/ui/dag-svg.ts", async (original) => {
  const { dagSvg } = await original<typeof import("../src/ui/dag-svg.ts")>();
  return {
    dagSvg: (graph: RunGraph, steps: StepRecord[]) => {
      if (graph.nodes.some((n) => n.key === UNDRAWABLE)) throw new TypeError("dagre failed");
      return dagSvg(graph, steps);
    },
  };
});

const fx = uiState();
afterAll(() => fx.cleanup());

const record = (id: string, over: Record<string, unknown> = {}) => runRecord(id, over) as unknown as RunRecord;
const step = (node: string, over: Partial<StepRecord> = {}): StepRecord => ({
  name: node,
  node,
  status: "completed",
  reused: false,
  durationMs: 1200,
  ...over,
});
const gnode = (key: string, kind = "command", over: Record<string, unknown> = {}) => ({ key, step: key, kind, inputs: {}, outputs: [], ...over });

describe("runsView", () => {
  it("shows one row per run, in the order given: link, pipeline, status, duration, backend, step count, start", () => {
    const html = runsView([
      record("r-2", { pipeline: "Titanic", steps: [step("a"), step("b")] }),
      record("r 1#x", { status: "running", finishedAt: null, backend: "azure" }),
    ]);
    const rows = elements(elements(html, "tbody")[0]?.inner ?? "", "tr");
    expect(rows.map((r) => r.attrs)).toEqual([
      { "data-status": "completed", "data-backend": "local", "data-text": "r-2 titanic" },
      { "data-status": "running", "data-backend": "azure", "data-text": "r 1#x fixture" },
    ]);
    expect(rows.map((r) => elements(r.inner, "td").map((td) => td.text))).toEqual([
      ["r-2", "Titanic", "completed", "5.0 s", "local", "2", "2026-01-01 00:00:00"],
      ["r 1#x", "fixture", "running", "", "azure", "1", "2026-01-01 00:00:00"],
    ]);
    expect(tags(rows[1]?.inner ?? "", "a")).toEqual([{ href: "/runs/r%201%23x" }]);
    expect(elements(rows[0]?.inner ?? "", "td", "state")[0]?.attrs["data-status"]).toBe("completed");
    expect(strayText(elements(html, "tbody")[0]?.inner ?? "", ["tr"])).toBe("");
  });

  it("keeps markup in a run's fields as text and attribute values", () => {
    const html = runsView([record("r-x", { pipeline: PAYLOAD })]);
    expect(html).not.toMatch(/<script>|<img/);
    const row = elements(html, "tr").find((r) => r.attrs["data-text"]);
    expect(row?.attrs["data-text"]).toBe(`r-x ${PAYLOAD}`.toLowerCase());
    expect(elements(row?.inner ?? "", "td")[1]?.text).toBe(PAYLOAD);
  });

  it("offers filters by text, every run status and both backends", () => {
    const html = runsView([]);
    const options = (name: string) => elements(elements(html, "select").find((s) => s.attrs.name === name)?.inner ?? "", "option").map((o) => o.text);
    expect(options("status")).toEqual(["any status", "running", "completed", "failed", "cancelled", "interrupted"]);
    expect(options("backend")).toEqual(["any backend", "local", "azure"]);
    for (const select of elements(html, "select")) expect(strayText(select.inner, ["option"])).toBe("");
    expect(tags(html, "input")).toEqual([{ type: "search", name: "q", placeholder: "filter by id or pipeline", "aria-label": "filter" }]);
  });

  it("says how to start a run when there is none", () => {
    const body = elements(runsView([]), "tbody")[0]?.inner;
    expect(body).toBe('<tr><td colspan="7">no runs yet: sluice run &lt;file&gt;</td></tr>');
  });

  it("skips a run whose fields cannot be shown, with a notice, and shows the others", () => {
    const notices: string[] = [];
    const html = runsView([record("r-bad", { steps: null }), record("r-good")], notices);
    expect(notices).toEqual(["skipped run r-bad: it is not a run record"]);
    expect(
      elements(html, "tr")
        .filter((r) => r.attrs["data-text"])
        .map((r) => r.attrs["data-text"]),
    ).toEqual(["r-good fixture"]);
    expect(runsView([record("r-bad", { steps: null })])).toContain("no runs yet");
  });
});

/** A run's page pieces: the summary, the DAG's boxes and arrows, each step section's id, status and heading. */
async function shown(id: string, options: Parameters<typeof runView>[2] = {}) {
  const view = await runView(fx.state, id, options);
  const dagbox = elements(view.body, "div", "dagbox")[0]?.inner ?? "";
  return {
    view,
    summary: elements(view.body, "p", "summary")[0],
    dag: { nodes: tags(dagbox, "a").map((a) => `${a["data-node"]}:${a["data-status"]}`), edges: tags(dagbox, "path").filter((p) => p.class === "edge").length },
    sections: elements(view.body, "section", "step").map((s) => ({
      id: s.attrs.id,
      status: s.attrs["data-status"],
      heading: elements(s.inner, "h3")[0]?.text,
      inner: s.inner,
    })),
  };
}

describe("runView", () => {
  fx.run(
    "r-main",
    {
      pipeline: "titanic",
      steps: [
        step("prep", { reused: true, reusedFrom: "r-old", durationMs: 950 }),
        step("train", { status: "failed", reason: "exit code 1", durationMs: 61_000 }),
        step("score", { status: "skipped", reason: "train failed", durationMs: null }),
      ],
    },
    {
      nodes: [gnode("prep", "data", { outputs: ["clean"] }), gnode("train", "command", { inputs: { data: "prep.clean" } }), gnode("score", "parallel")],
      edges: [
        { from: "prep", to: "train", label: "clean" },
        { from: "train", to: "score", label: "model" },
      ],
    },
  );

  it("shows the run's summary, its DAG, and one section per step in order, each with its own kind, status and duration", async () => {
    const { view, summary, dag, sections } = await shown("r-main");
    expect(view.title).toBe("run r-main");
    expect(view.notices).toEqual([]);
    expect(elements(view.body, "h2")[0]?.text).toBe("run r-main");
    expect(summary?.attrs).toEqual({ class: "summary", id: "run-summary", "data-run": "r-main", "data-status": "completed" });
    expect(summary?.text).toBe("titanic · completed · local · started 2026-01-01 00:00:00 · 5.0 s");
    expect(view.body).not.toContain("Azure ML workspace");
    expect(dag).toEqual({ nodes: ["prep:completed", "train:failed", "score:skipped"], edges: 2 });
    expect(sections.map((s) => [s.id, s.status, s.heading])).toEqual([
      ["step-prep", "completed", "prep data completed 950 ms"],
      ["step-train", "failed", "train command failed 1 min 01 s"],
      ["step-score", "skipped", "score parallel skipped "],
    ]);
    expect(sections[0]?.inner).toContain('<p class="outputs">outputs: <code>clean</code></p>');
    expect(sections[1]?.inner).toContain('<p class="error">exit code 1</p>');
    expect(strayText(view.body, ["h2", "p", "div", "section"])).toBe("");
    // A plain step shows its heading, why it was skipped and its log: nothing else.
    expect(elements(view.body, "section")[2]?.text.replace(/\s+/g, " ").trim()).toBe("score parallel skipped train failed log");
  });

  it("streams logs from the server by default, and puts the last 64 KiB of stdout and stderr in the page when inline", async () => {
    fx.run("r-log", { steps: [step("train")] });
    fx.stepFile("r-log", "train", "stdout.log", `${"o".repeat(1000)}${"x".repeat(64 * 1024)}`);
    fx.stepFile("r-log", "train", "stderr.log", "<warn>");
    const streamed = await shown("r-log");
    expect(tags(streamed.sections[0]?.inner ?? "", "pre")).toEqual([{ class: "log", "data-log": "train", "data-run": "r-log" }]);
    const inline = await shown("r-log", { inline: true });
    const [pre] = elements(inline.sections[0]?.inner ?? "", "pre");
    expect(pre?.attrs).toEqual({ class: "log" });
    expect(pre?.text).toBe(`${"x".repeat(64 * 1024)}<warn>`);
  });

  it("a running run has no duration yet; an Azure run names its workspace and job", async () => {
    fx.run("r-live", { status: "running", pid: process.pid, finishedAt: null });
    expect((await shown("r-live")).summary?.text).toBe("fixture · running · local · started 2026-01-01 00:00:00");
    const azure = { subscriptionId: "s", resourceGroup: "g", workspaceName: "ws<1>", jobName: "job-1" };
    fx.run("r-az", { backend: "azure", azure });
    const { view, summary } = await shown("r-az");
    expect(summary?.text).toBe("fixture · completed · azure · started 2026-01-01 00:00:00 · 5.0 s");
    expect(view.body).toContain("<p>Azure ML workspace ws&lt;1&gt;, job job-1</p>");
    expect(strayText((await shown("r-live")).view.body, ["h2", "p", "div", "section"])).toBe("");
  });

  it("a run without a graph shows its steps as unlinked boxes of kind step", async () => {
    fx.run("r-nograph", { steps: [step("a"), step("b", { status: "running" })] });
    const { view, dag, sections } = await shown("r-nograph");
    expect(view.notices).toEqual([]);
    expect(dag).toEqual({ nodes: ["a:completed", "b:running"], edges: 0 });
    expect(sections.map((s) => s.heading)).toEqual(["a step completed 1.2 s", "b step running 1.2 s"]);
  });

  it("a damaged graph.json is named; the steps are shown as unlinked boxes", async () => {
    fx.run("r-badgraph", { steps: [step("a")] }, { nodes: [{ key: 1 }], edges: [] });
    fx.run("r-notjson", { steps: [step("a")] });
    fx.write(`${fx.runDir("r-notjson")}/graph.json`, "{");
    const bad = await shown("r-badgraph");
    expect(bad.view.notices).toEqual(["run r-badgraph: graph.json: not a run graph (nodes[0].key must be text, got 1); steps shown without links"]);
    expect(bad.dag).toEqual({ nodes: ["a:completed"], edges: 0 });
    const notJson = await shown("r-notjson");
    expect(notJson.view.notices).toEqual([expect.stringMatching(/^run r-notjson: graph\.json: not valid JSON \(.+\); steps shown without links$/)]);
    expect(notJson.sections.map((s) => s.heading)).toEqual(["a step completed 1.2 s"]);
  });

  it("a graph that cannot be drawn is a notice; every step's section is still shown", async () => {
    fx.run("r-nodraw", { steps: [step("a")] }, { nodes: [gnode(UNDRAWABLE)], edges: [] });
    const { view, sections } = await shown("r-nodraw");
    expect(view.notices).toEqual(["run r-nodraw: its graph cannot be drawn"]);
    expect(elements(view.body, "div", "dagbox")[0]?.inner).toBe("");
    expect(sections.map((s) => s.id)).toEqual(["step-a"]);
  });

  it("a sweep step with trials shows them; one without trials shows none", async () => {
    const trial = { id: "t0", params: { lr: 0.1 }, metric: 0.9, status: "completed", reused: false };
    fx.run("r-sweep", { steps: [step("sweep", { trials: [trial] as StepRecord["trials"] }), step("empty", { trials: [] })] });
    const { sections } = await shown("r-sweep");
    expect(sections[0]?.inner).toContain("<h4>trials</h4>");
    expect(elements(sections[0]?.inner ?? "", "table", "trials")).toHaveLength(1);
    expect(sections[1]?.inner).not.toContain("<h4>trials</h4>");
  });
});

const METRICS = {
  task: "classification",
  primary_metric: "AUC_weighted",
  goal: "maximize",
  best_iteration: 1,
  iterations: [
    { iteration: 0, algorithm: "LogisticRegression", status: "completed", primary_metric: { name: "AUC_weighted", value: 0.8 } },
    { iteration: 1, algorithm: "LightGBM", status: "completed", primary_metric: { name: "AUC_weighted", value: 0.9 } },
  ],
};
const leaderboard = (html: string | undefined) =>
  elements(elements(html ?? "", "table", "leaderboard")[0]?.inner ?? "", "tr")
    .slice(1)
    .map((r) => elements(r.inner, "td").map((td) => td.text));

describe("AutoML leaderboards", () => {
  const azure = { subscriptionId: "s", resourceGroup: "g", workspaceName: "w", jobName: "j" };
  const automl = (id: string, over: Record<string, unknown> = {}) =>
    fx.run(id, { steps: [step("automl")], ...over }, { nodes: [gnode("automl", "automl")], edges: [] });

  it("a local AutoML step's metrics file is its leaderboard, best first; run history is not asked", async () => {
    automl("r-ml", { backend: "azure", azure });
    fx.stepFile("r-ml", "automl", "outputs/metrics/metrics.json", JSON.stringify(METRICS));
    const remote = vi.fn(async () => undefined);
    const { view, sections } = await shown("r-ml", { remote });
    expect(remote).not.toHaveBeenCalled();
    expect(view.notices).toEqual([]);
    expect(sections[0]?.inner).toContain("<h4>leaderboard: classification, AUC_weighted (maximize)</h4>");
    expect(leaderboard(sections[0]?.inner)).toEqual([
      ["1 best", "LightGBM", "0.9000", ""],
      ["0", "LogisticRegression", "0.8000", ""],
    ]);
  });

  it("a metrics file that is not a leaderboard is named, and the step is shown without one", async () => {
    automl("r-ml-bad");
    const file = fx.stepFile("r-ml-bad", "automl", "outputs/metrics/metrics.json", JSON.stringify({ iterations: "none" }));
    const { view, sections } = await shown("r-ml-bad");
    expect(view.notices).toEqual([`${file} is not shown: it is not an AutoML leaderboard (primary_metric is missing)`]);
    expect(sections.map((s) => s.id)).toEqual(["step-automl"]);
    expect(sections[0]?.inner).not.toContain("leaderboard");
  });

  it("an Azure AutoML step without files reads its leaderboard from run history, asked with the run and the step", async () => {
    automl("r-az-ml", { backend: "azure", azure });
    const remote = vi.fn(async () => METRICS as Record<string, unknown>);
    const { view, sections } = await shown("r-az-ml", { remote });
    expect(view.notices).toEqual([]);
    expect(remote).toHaveBeenCalledTimes(1);
    expect(remote.mock.calls[0]).toMatchObject([{ id: "r-az-ml" }, { node: "automl" }]);
    expect(leaderboard(sections[0]?.inner).map((r) => r[1])).toEqual(["LightGBM", "LogisticRegression"]);
  });

  it("run history is asked only for an Azure run's AutoML step, and only when the page has a way to ask", async () => {
    const remote = vi.fn(async () => METRICS as Record<string, unknown>);
    automl("r-local-ml");
    fx.run("r-az-cmd", { backend: "azure", azure, steps: [step("train")] }, { nodes: [gnode("train")], edges: [] });
    fx.run("r-az-nonode", { backend: "azure", azure, steps: [step("automl")] }, { nodes: [], edges: [] });
    for (const id of ["r-local-ml", "r-az-cmd", "r-az-nonode"]) {
      const { view, sections } = await shown(id, { remote });
      expect(view.notices).toEqual([]);
      expect(sections).toHaveLength(1);
    }
    expect(remote).not.toHaveBeenCalled();
    automl("r-az-noremote", { backend: "azure", azure });
    const { view, sections } = await shown("r-az-noremote");
    expect(view.notices).toEqual([]);
    expect(sections[0]?.inner).not.toContain("leaderboard");
  });

  it("run history without a leaderboard (the step still running, failed, or the workspace out of reach) is no notice", async () => {
    automl("r-az-none", { backend: "azure", azure, steps: [step("automl", { status: "running" })] });
    const remote = vi.fn(async () => undefined);
    const { view, sections } = await shown("r-az-none", { remote });
    expect(remote).toHaveBeenCalledTimes(1);
    expect(view.notices).toEqual([]);
    expect(sections.map((s) => [s.id, s.status])).toEqual([["step-automl", "running"]]);
    expect(sections[0]?.inner).not.toContain("leaderboard");
  });

  it("a leaderboard from run history that has the wrong shape is a notice; the step is shown without it", async () => {
    automl("r-az-odd", { backend: "azure", azure });
    const { view, sections } = await shown("r-az-odd", { remote: async () => ({ iterations: [] }) });
    expect(view.notices).toEqual([
      "the AutoML leaderboard from the workspace's run history is not shown: it has an unexpected shape (primary_metric is missing)",
    ]);
    expect(sections.map((s) => s.id)).toEqual(["step-automl"]);
    expect(sections[0]?.inner).not.toContain("leaderboard");
  });

  it("a step whose leaderboard cannot be fetched is not shown, with Sluice's own words; the other steps are", async () => {
    fx.run("r-az-fail", { backend: "azure", azure, steps: [step("automl"), step("train")] }, { nodes: [gnode("automl", "automl"), gnode("train")], edges: [] });
    const remote = async () => {
      throw new SluiceError("azure", "the workspace cannot be reached");
    };
    const { view, sections } = await shown("r-az-fail", { remote });
    expect(view.notices).toEqual(["step automl of run r-az-fail is not shown: the workspace cannot be reached"]);
    expect(sections.map((s) => s.id)).toEqual(["step-train"]);
    expect(strayText(view.body, ["h2", "p", "div", "section"])).toBe("");
    const odd = await shown("r-az-fail", { remote: async () => Promise.reject(new Error("boom")) });
    expect(odd.view.notices).toEqual(["step automl of run r-az-fail is not shown: it is not a step record"]);
  });
});
