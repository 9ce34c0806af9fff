import { outputDigests } from "./cache-manifest.ts";
import { explainChange, fingerprintOf, type StepFacts } from "./fingerprint.ts";
import type { LocalNode } from "./local-nodes.ts";
import type { CacheEntry, StepCache } from "./step-cache.ts";
import { type FactsContext, PENDING, stepFacts } from "./step-facts.ts";

export interface StepDecision {
  node: LocalNode;
  facts: StepFacts;
  fingerprint: string;
  /** `maybe`: reused if the upstream steps that run first write what they wrote before. */
  action: "reuse" | "run" | "maybe";
  reason: string;
  entry?: CacheEntry;
  /**
   * False while an upstream output this step reads is not produced yet: the run decides again,
   * from the bytes written, when the step becomes ready (early cut-off).
   */
  settled: boolean;
  /** Steps whose output is awaited (unsettled decisions). */
  waitingOn?: string[];
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

const names = (steps: string[]) => (steps.length === 1 ? (steps[0] as string) : `${steps.slice(0, -1).join(", ")} and ${steps.at(-1)}`);

/**
 * Decides whether each step is reused, from what its result depends on: before anything runs
 * (what `sluice plan` prints) and again, for steps below one that runs, once the outputs they
 * read exist, so a step is reused whenever the content of its inputs is unchanged.
 */
export class Planner {
  private readonly ctx: FactsContext;
  private readonly cache: StepCache;
  private readonly pipeline: string;
  private readonly force: boolean;

  constructor(ctx: FactsContext, cache: StepCache, pipeline: string, force: boolean) {
    this.ctx = ctx;
    this.cache = cache;
    this.pipeline = pipeline;
    this.force = force;
  }

  /** Every step, in topological order, as far as can be known before anything runs. */
  decideAll(nodes: LocalNode[]): StepDecision[] {
    return topologicalOrder(nodes).map((node) => this.decide(node));
  }

  /** A step's decision from what is known now; remembers a reused step's output digests for the steps below. */
  decide(node: LocalNode): StepDecision {
    const decision = this.choose(node);
    this.ctx.outputs.set(node.key, {
      step: node.name,
      ...(decision.action === "reuse" && decision.entry ? { digests: outputDigests(decision.entry.manifest, node.outputs) } : {}),
    });
    return decision;
  }

  /** The content digests of a node's outputs, once its result is known. */
  digestsOf(key: string): Record<string, string> | undefined {
    return this.ctx.outputs.get(key)?.digests;
  }

  /** What a step that ran wrote: its consumers' fingerprints read these digests. */
  settle(node: Pick<LocalNode, "key" | "name">, digests: Record<string, string>, ran: boolean): void {
    this.ctx.outputs.set(node.key, { step: node.name, digests, ran });
  }

  private choose(node: LocalNode): StepDecision {
    const facts = stepFacts(node, this.ctx);
    const fingerprint = fingerprintOf(facts);
    const pending = Object.values(facts.upstream).filter((u) => u.sha256 === PENDING);
    const waiting = [...new Set(pending.map((u) => u.step))];
    // A step that runs anyway is still decided again once its inputs exist: its recorded facts name their content.
    const base = { node, facts, fingerprint, settled: waiting.length === 0 };
    const missing = Object.values(facts.data).find((d) => d.sha256 === "missing");
    if (missing) return { ...base, action: "run", reason: `input ${missing.input} is not downloaded yet` };
    if (facts.nonce) return { ...base, action: "run", reason: this.force && node.allowReuse ? "--force" : "reuse disabled (allowReuse: false)" };
    if (waiting.length > 0) return this.hypothesis(node, facts, waiting);
    const entry = this.cache.lookup(fingerprint);
    if (entry) return { ...base, action: "reuse", reason: this.reuseReason(facts, entry), entry };
    return { ...base, action: "run", reason: this.whyRun(node, facts, fingerprint) };
  }

  /** Reused when the upstream steps that run write what this step read last time: said so, not promised. */
  private hypothesis(node: LocalNode, facts: StepFacts, waiting: string[]): StepDecision {
    const before = this.cache.previous(this.pipeline, node.key)?.facts.upstream ?? {};
    const upstream = Object.fromEntries(
      Object.entries(facts.upstream).map(([port, u]) => [port, u.sha256 === PENDING ? { ...u, sha256: before[port]?.sha256 ?? PENDING } : u]),
    );
    const guess = { ...facts, upstream };
    const fingerprint = fingerprintOf(guess);
    const entry = this.cache.lookup(fingerprint);
    const base = { node, facts, fingerprint: fingerprintOf(facts), settled: false, waitingOn: waiting };
    if (entry) {
      const reason = `reused if ${names(waiting)} ${waiting.length === 1 ? "writes" : "write"} the same output as for run ${entry.runId}, else runs`;
      return { ...base, action: "maybe", reason };
    }
    return { ...base, action: "run", reason: this.whyRun(node, guess, fingerprint) };
  }

  private reuseReason(facts: StepFacts, entry: CacheEntry): string {
    const reran = [
      ...new Set(
        Object.values(facts.upstream)
          .filter((u) => this.ctx.outputs.get(u.node)?.ran)
          .map((u) => u.step),
      ),
    ];
    const since = `unchanged since run ${entry.runId}`;
    return reran.length === 0 ? since : `${names(reran)} re-ran and wrote the same output; ${since}`;
  }

  private whyRun(node: LocalNode, facts: StepFacts, fingerprint: string): string {
    const previous = this.cache.previous(this.pipeline, node.key);
    if (!previous) return "no earlier run";
    if (previous.fingerprint !== fingerprint) return explainChange(previous.facts, facts);
    const damaged = this.cache.check(fingerprint);
    return damaged && !damaged.ok ? `its cached result is damaged (${damaged.problem})` : "its cached result is gone";
  }
}
