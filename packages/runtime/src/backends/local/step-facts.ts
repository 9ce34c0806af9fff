import type { Interpreter } from "../../python/find-python.ts";
import { nodeDataKey, type ResolvedData } from "./data-inputs.ts";
import type { StepFacts } from "./fingerprint.ts";
import type { LocalBinding, LocalNode } from "./local-nodes.ts";
import { runtimeOf } from "./node-runtimes.ts";

/** What downstream steps know about an upstream step's result. */
export interface UpstreamState {
  step: string;
  /** Output name → content digest; absent until the step's result is known. */
  digests?: Record<string, string>;
  /** Set when the step ran in this run (rather than being reused). */
  ran?: boolean;
}

/** The digest of an upstream output that is not produced yet. */
export const PENDING = "pending";

export interface FactsContext {
  /** Parameter values for this run, as strings (Azure's literal form). */
  params: Map<string, string>;
  data: Map<string, ResolvedData>;
  /** The interpreter each node runs with (version, and versions of what it imports). */
  interpreters: Map<string, Interpreter>;
  /**
   * Nodes already planned (topological order), by key: the content digest of each output once
   * known (a reused step's from its cache entry, a step that ran from what it wrote).
   */
  outputs: Map<string, UpstreamState>;
  /** Set when reuse is off for the whole run (`--force`). */
  forceNonce?: string;
  runNonce: string;
}

function addBinding(facts: StepFacts, port: string, binding: LocalBinding, ctx: FactsContext): void {
  if (binding.kind === "literal") {
    facts.literals[port] = { value: binding.value };
  } else if (binding.kind === "parent-input") {
    const param = ctx.params.get(binding.name);
    if (param !== undefined) facts.literals[port] = { value: param, parameter: binding.name };
    else facts.data[port] = { input: binding.name, sha256: ctx.data.get(binding.name)?.sha256 ?? "missing" };
  } else if (binding.kind === "data") {
    facts.data[port] = { input: binding.uri, sha256: ctx.data.get(nodeDataKey(binding.uri))?.sha256 ?? "missing" };
  } else {
    // The upstream's output content, not its identity: a step that re-ran and wrote the same bytes changes nothing below it.
    const up = ctx.outputs.get(binding.node);
    facts.upstream[port] = { node: binding.node, step: up?.step ?? binding.node, output: binding.output, sha256: up?.digests?.[binding.output] ?? PENDING };
  }
}

/** The facts a node's result depends on, from the compiled spec and this run's inputs. */
export function stepFacts(node: LocalNode, ctx: FactsContext): StepFacts {
  const facts: StepFacts = { kind: node.kind, literals: {}, data: {}, upstream: {}, outputs: node.outputs };
  runtimeOf(node).facts(node, facts);
  for (const [port, binding] of Object.entries(node.inputs)) addBinding(facts, port, binding, ctx);
  const python = ctx.interpreters.get(node.key);
  if (python) facts.python = { version: python.version, packages: python.packages };
  const nonce = !node.allowReuse ? ctx.runNonce : ctx.forceNonce;
  if (nonce) facts.nonce = nonce;
  return facts;
}
