import { explainChange, fingerprintOf, type StepFacts } from "./fingerprint.ts";
import type { LocalNode } from "./local-nodes.ts";
import type { CacheEntry, StepCache } from "./step-cache.ts";
import { stepFacts, type FactsContext } from "./step-facts.ts";

export interface StepDecision {
  node: LocalNode;
  facts: StepFacts;
  fingerprint: string;
  action: "reuse" | "run";
  reason: string;
  entry?: CacheEntry;
}

/** Nodes in an order where every node comes after the nodes it reads from. */
export function topologicalOrder(nodes: LocalNode[]): LocalNode[] {
  const byKey = new Map(nodes.map((n) => [n.key, n]));
  const done = new Set<string>();
  const order: LocalNode[] = [];
  let progress = true;
  while (order.length < nodes.length && progress) {
    progress = false;
    for (const node of nodes) {
      if (done.has(node.key) || !node.dependsOn.every((d) => done.has(d) || !byKey.has(d))) continue;
      done.add(node.key);
      order.push(node);
      progress = true;
    }
  }
  if (order.length < nodes.length) throw new Error("the compiled pipeline has a cycle");
  return order;
}

/**
 * Decides, before anything runs, which steps are reused and why the others run. `sluice plan`
 * prints exactly these decisions, and `sluice run` executes them.
 */
export function decideSteps(nodes: LocalNode[], ctx: FactsContext, cache: StepCache, pipeline: string, force: boolean): StepDecision[] {
  return topologicalOrder(nodes).map((node) => {
    const facts = stepFacts(node, ctx);
    const fingerprint = fingerprintOf(facts);
    ctx.fingerprints.set(node.key, { fingerprint, step: node.name });
    const missing = Object.values(facts.data).find((d) => d.sha256 === "missing");
    if (missing) return { node, facts, fingerprint, action: "run", reason: `input ${missing.input} is not downloaded yet` };
    if (facts.nonce) return { node, facts, fingerprint, action: "run", reason: force && node.allowReuse ? "--force" : "reuse disabled (allowReuse: false)" };
    const entry = cache.lookup(fingerprint);
    if (entry) return { node, facts, fingerprint, action: "reuse", reason: `unchanged since run ${entry.runId}`, entry };
    const previous = cache.previous(pipeline, node.key);
    const reason = !previous ? "no earlier run" : previous.fingerprint === fingerprint ? "its cached result is gone" : explainChange(previous.facts, facts);
    return { node, facts, fingerprint, action: "run", reason };
  });
}
