import { bindingText } from "../lower/bindings.ts";
import type { Binding, DoWhileNode, IfElseNode, ParallelForNode } from "../plan/execution-plan.ts";

// Control-flow nodes as the SDK sends them, in the job body and in CLI v2 YAML alike (the keys are
// the same snake_case in both): the nodes they govern by `${{parent.jobs.<key>}}`.

const nodeRef = (key: string) => `\${{parent.jobs.${key}}}`;

/** One node as a binding; several as a list (SDK 1.4.0 takes one per block, newer ones a list). */
function block(keys: readonly string[]): string | string[] | undefined {
  if (keys.length === 0) return undefined;
  return keys.length === 1 ? nodeRef(keys[0] as string) : keys.map(nodeRef);
}

/** A literal condition is a boolean, as the SDK sends `condition: true`; anything else its binding. */
function conditionValue(b: Binding): boolean | string {
  if (b.kind === "literal") return b.value === "True" || b.value === "true";
  return bindingText(b);
}

export function ifElseFields(node: IfElseNode): Record<string, unknown> {
  return { condition: conditionValue(node.condition), false_block: block(node.falseBlock), true_block: block(node.trueBlock), type: "if_else" };
}

export function doWhileFields(node: DoWhileNode): Record<string, unknown> {
  return {
    body: nodeRef(node.body),
    condition: node.condition,
    limits: node.maxIterationCount === undefined ? undefined : { max_iteration_count: node.maxIterationCount },
    mapping: node.mapping,
    type: "do_while",
  };
}

/** The SDK lists no outputs at a parallel_for node unless they are bound to pipeline outputs. */
export function parallelForFields(node: ParallelForNode): Record<string, unknown> {
  const exposed = Object.entries(node.outputs).filter(([, o]) => o.pipelineOutput !== undefined);
  return {
    body: nodeRef(node.body),
    items: node.items.kind === "items" ? node.items.json : bindingText(node.items),
    max_concurrency: node.maxConcurrency,
    outputs: exposed.length === 0 ? undefined : Object.fromEntries(exposed.map(([n, o]) => [n, `\${{parent.outputs.${o.pipelineOutput}}}`])),
    type: "parallel_for",
  };
}
