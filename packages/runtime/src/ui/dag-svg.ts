import dagre, { type Edge } from "@dagrejs/dagre";
import type { RunGraph } from "../runs/run-graph.ts";
import type { StepRecord } from "../runs/run-record.ts";
import { esc } from "./html.ts";

const NODE_W = 190;
const NODE_H = 46;

/**
 * A step's id in dagre's graph: graphlib keeps nodes in plain objects, where a step named
 * `constructor`, `toString` or `__proto__` would be found before it was added (NaN layout).
 */
const id = (key: unknown) => `n:${String(key)}`;

/**
 * The run's DAG as an SVG drawn on the server (dagre lays it out, top to bottom), so the first
 * render needs no script. Each step is a link to its section, with `data-node` and `data-status`
 * for the page's live updates; reused steps carry a ↺ mark. Every name is escaped text, every
 * coordinate a number dagre computed. A run with no steps has no graph (nothing to lay out).
 */
export function dagSvg(graph: RunGraph, steps: StepRecord[]): string {
  if (graph.nodes.length === 0) return "";
  const g = new dagre.graphlib.Graph({ multigraph: true });
  // Stryker disable next-line StringLiteral: "TB" is also dagre's default direction, spelled out for the reader.
  g.setGraph({ rankdir: "TB", nodesep: 24, ranksep: 44, marginx: 8, marginy: 8 });
  const drawn = graph.nodes.map((n) => ({ ...n, key: String(n.key), step: String(n.step), kind: String(n.kind) }));
  for (const n of drawn) g.setNode(id(n.key), { width: NODE_W, height: NODE_H });
  graph.edges.forEach((e, i) => {
    if (e && g.hasNode(id(e.from)) && g.hasNode(id(e.to))) g.setEdge(id(e.from), id(e.to), {}, `e${i}`);
  });
  dagre.layout(g);
  const info = g.graph() as { width?: number; height?: number };
  const byNode = new Map(steps.map((s) => [String(s.node), s]));
  const edges = g.edges().map((e: Edge) => {
    const points = (g.edge(e) as { points: Array<{ x: number; y: number }> }).points;
    const d = points.map((p, i) => `${i ? "L" : "M"}${p.x.toFixed(1)},${p.y.toFixed(1)}`).join(" ");
    return `<path class="edge" d="${d}" marker-end="url(#arrow)"/>`;
  });
  const nodes = drawn.map((n) => {
    const { x, y } = g.node(id(n.key)) as { x: number; y: number };
    const s = byNode.get(n.key);
    const status = s?.status ?? "queued";
    const label = n.step.length > 24 ? `${n.step.slice(0, 23)}…` : n.step;
    return `<a href="#step-${esc(n.key)}" class="node" data-node="${esc(n.key)}" data-status="${esc(status)}"${s?.reused ? ' data-reused="true"' : ""}>
<rect x="${x - NODE_W / 2}" y="${y - NODE_H / 2}" width="${NODE_W}" height="${NODE_H}" rx="6"/>
<text x="${x}" y="${y - 4}" class="name">${esc(label)}${s?.reused ? " ↺" : ""}</text>
<text x="${x}" y="${y + 13}" class="status">${esc(n.kind)} · <tspan class="state">${esc(status)}</tspan></text>
<title>${esc(n.step)}</title></a>`;
  });
  const w = Math.ceil(info.width ?? NODE_W);
  const h = Math.ceil(info.height ?? NODE_H);
  // Stryker disable next-line StringLiteral: the line breaks between elements are not drawn.
  const [arrows, boxes] = [edges.join("\n"), nodes.join("\n")];
  return `<svg class="dag" viewBox="0 0 ${w} ${h}" width="${w}" height="${h}" role="img" aria-label="pipeline graph">
<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto"><path d="M0,0 L10,5 L0,10 z"/></marker></defs>
${arrows}
${boxes}
</svg>`;
}
