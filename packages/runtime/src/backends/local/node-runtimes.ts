import { automlRuntime } from "./kinds/automl-runtime.ts";
import { commandRuntime } from "./kinds/command-runtime.ts";
import { sparkRuntime } from "./kinds/spark-runtime.ts";
import { parallelRuntime } from "./kinds/parallel-runtime.ts";
import { sweepRuntime } from "./kinds/sweep-runtime.ts";
import type { LocalNode } from "./local-nodes.ts";
import type { NodeRuntime } from "./node-runtime.ts";

/** Each local node kind's runtime: a kind missing here is a type error. */
const NODE_RUNTIMES: { [K in LocalNode["kind"]]: NodeRuntime<Extract<LocalNode, { kind: K }>> } = {
  command: commandRuntime,
  sweep: sweepRuntime,
  automl: automlRuntime,
  spark: sparkRuntime,
  parallel: parallelRuntime,
};

/** The runtime of `node`'s kind. */
export function runtimeOf<N extends LocalNode>(node: N): NodeRuntime<N> {
  return NODE_RUNTIMES[node.kind] as unknown as NodeRuntime<N>;
}
