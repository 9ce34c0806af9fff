// The run page's DAG as drawn on the server: one linked box per step (its name, cut at 24
// characters, its kind and status, ↺ when reused), one arrow per data edge between drawn steps,
// laid out top to bottom inside a view box that fits it; names are escaped text and attributes.
import { describe, expect, it } from "vitest";
import type { GraphNode, RunGraph } from "../src/runs/run-graph.ts";
import type { StepRecord } from "../src/runs/run-record.ts";
import { dagSvg } from "../src/ui/dag-svg.ts";
import { PAYLOAD } from "../../../test/helpers/ui-fixture.ts";
import { elements, tags } from "../../../test/helpers/html-parts.ts";

const node = (key: string, over: Partial<GraphNode> = {}): GraphNode => ({ key, step: key, kind: "command", inputs: {}, outputs: [], ...over });
const edge = (from: string, to: string, label = "out") => ({ from, to, label });
const step = (name: string, over: Partial<StepRecord> = {}): StepRecord => ({ name, node: name, status: "completed", reused: false, durationMs: 1, ...over });

/** Each drawn step: its link's attributes, its box, its two lines of text and its title. */
function boxes(svg: string) {
  return elements(svg, "a", "node").map((a) => ({
    link: a.attrs,
    rect: Object.fromEntries(Object.entries(tags(a.inner, "rect")[0] ?? {}).map(([k, v]) => [k, Number(v)])),
    name: elements(a.inner, "text", "name")[0],
    status: elements(a.inner, "text", "status")[0],
    title: elements(a.inner, "title")[0]?.text,
  }));
}
const paths = (svg: string) => tags(svg, "path").filter((p) => p.class === "edge");
const box = (svg: string) => tags(svg, "svg")[0] ?? {};

describe("dagSvg", () => {
  it("draws one step as one box at the margin, in a view box that fits it", () => {
    expect(
      dagSvg({ nodes: [node("train")], edges: [] }, [step("train")]),
    ).toBe(`<svg class="dag" viewBox="0 0 206 62" width="206" height="62" role="img" aria-label="pipeline graph">
<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto"><path d="M0,0 L10,5 L0,10 z"/></marker></defs>

<a href="#step-train" class="node" data-node="train" data-status="completed">
<rect x="8" y="8" width="190" height="46" rx="6"/>
<text x="103" y="27" class="name">train</text>
<text x="103" y="44" class="status">command · <tspan class="state">completed</tspan></text>
<title>train</title></a>
</svg>`);
  });

  it("puts a step below the one it reads from, with an arrow from the bottom of one to the top of the other", () => {
    const svg = dagSvg({ nodes: [node("prep"), node("train")], edges: [edge("prep", "train")] }, []);
    expect(box(svg)).toMatchObject({ viewBox: "0 0 206 152", width: "206", height: "152" });
    const [prep, train] = boxes(svg);
    expect(prep?.rect).toEqual({ x: 8, y: 8, width: 190, height: 46, rx: 6 });
    expect(train?.rect).toEqual({ x: 8, y: 98, width: 190, height: 46, rx: 6 });
    expect(paths(svg)).toEqual([{ class: "edge", d: "M103.0,54.0 L103.0,76.0 L103.0,98.0", "marker-end": "url(#arrow)" }]);
  });

  it("lays out a diamond: every box inside the view box, each below what it reads, the text centred in its box", () => {
    const graph: RunGraph = {
      nodes: [node("a"), node("b"), node("c"), node("d")],
      edges: [edge("a", "b"), edge("a", "c"), edge("b", "d"), edge("c", "d")],
    };
    const svg = dagSvg(graph, []);
    const { width, height } = box(svg);
    expect([width, height]).toEqual(["420", "242"]);
    const drawn = new Map(boxes(svg).map((b) => [b.link["data-node"], b]));
    for (const b of drawn.values()) {
      const r = b.rect as { x: number; y: number; width: number; height: number };
      expect(r.x).toBeGreaterThanOrEqual(0);
      expect(r.x + r.width).toBeLessThanOrEqual(Number(width));
      expect(r.y + r.height).toBeLessThanOrEqual(Number(height));
      expect(b.name?.attrs).toEqual({ x: String(r.x + 95), y: String(r.y + 19), class: "name" });
      expect(b.status?.attrs).toEqual({ x: String(r.x + 95), y: String(r.y + 36), class: "status" });
    }
    for (const e of graph.edges) expect(drawn.get(e.to)?.rect.y).toBeGreaterThan(drawn.get(e.from)?.rect.y ?? Number.POSITIVE_INFINITY);
    expect(paths(svg)).toHaveLength(4);
    for (const p of paths(svg)) expect(p.d).toMatch(/^M-?\d+\.\d,-?\d+\.\d( L-?\d+\.\d,-?\d+\.\d)+$/);
  });

  it("draws each edge, two outputs between the same steps as two arrows, and none to or from a step not drawn", () => {
    const svg = dagSvg(
      { nodes: [node("a"), node("b")], edges: [edge("a", "b", "model"), edge("a", "b", "metrics"), edge("a", "gone"), edge("gone", "b")] },
      [],
    );
    expect(paths(svg)).toHaveLength(2);
    expect(boxes(svg).map((b) => b.link["data-node"])).toEqual(["a", "b"]);
  });

  it("shows each step's status from its record, queued without one, and marks reused steps", () => {
    const svg = dagSvg({ nodes: [node("prep"), node("train", { kind: "sweep" }), node("deploy")], edges: [] }, [
      step("prep", { reused: true, status: "completed" }),
      step("train", { status: "failed" }),
    ]);
    const [prep, train, deploy] = boxes(svg);
    expect(prep?.link).toEqual({ href: "#step-prep", class: "node", "data-node": "prep", "data-status": "completed", "data-reused": "true" });
    expect(prep?.name?.text).toBe("prep ↺");
    expect(train?.link).toEqual({ href: "#step-train", class: "node", "data-node": "train", "data-status": "failed" });
    expect(train?.name?.text).toBe("train");
    expect(train?.status?.inner).toBe('sweep · <tspan class="state">failed</tspan>');
    expect(deploy?.link["data-status"]).toBe("queued");
    expect(deploy?.status?.text).toBe("command · queued");
  });

  it("cuts a name longer than 24 characters to 23 and an ellipsis, and keeps the whole name as the title", () => {
    const long = "a-step-with-a-very-long-name";
    const exact = "x".repeat(24);
    const svg = dagSvg({ nodes: [node("n1", { step: long }), node("n2", { step: exact })], edges: [] }, []);
    const [n1, n2] = boxes(svg);
    expect(n1?.name?.text).toBe(`${long.slice(0, 23)}…`);
    expect(n1?.title).toBe(long);
    expect(n2?.name?.text).toBe(exact);
    expect(n2?.title).toBe(exact);
  });

  it("draws nothing for a run with no steps (no view box of -Infinity)", () => {
    expect(dagSvg({ nodes: [], edges: [] }, [])).toBe("");
  });

  it("lays out steps named like an object's own properties as any other (no NaN view box)", () => {
    for (const key of ["constructor", "toString", "__proto__", "hasOwnProperty", ""]) {
      const svg = dagSvg({ nodes: [node(key), node("next")], edges: [edge(key, "next")] }, [step(key, { status: "failed" })]);
      expect(box(svg)).toMatchObject({ viewBox: "0 0 206 152", width: "206", height: "152" });
      expect(boxes(svg).map((b) => [b.link["data-node"], b.link["data-status"], b.rect.y])).toEqual([
        [key, "failed", 8],
        ["next", "queued", 98],
      ]);
      expect(paths(svg)).toHaveLength(1);
    }
  });

  it("keeps markup in keys, names and kinds as text and attribute values", () => {
    const svg = dagSvg({ nodes: [node(PAYLOAD, { step: "<b>", kind: PAYLOAD })], edges: [] }, [step(PAYLOAD, { status: PAYLOAD as StepRecord["status"] })]);
    expect(svg).not.toMatch(/<script|<img|<b>/);
    const [b] = boxes(svg);
    expect(b?.link).toEqual({ href: `#step-${PAYLOAD}`, class: "node", "data-node": PAYLOAD, "data-status": PAYLOAD });
    expect(b?.name?.text).toBe("<b>");
    expect(b?.status?.text).toBe(`${PAYLOAD} · ${PAYLOAD}`);
    expect(b?.title).toBe("<b>");
  });
});
